/** One entry of the audit trail. */
export interface AuditEvent {
  readonly id: number;
  readonly timeSinceEpoch: number;
  readonly actor: string;
  readonly actorMethod: string;
  /** What was attempted, e.g. `DELETE registered_models/{id}` or `create registeredModel`. */
  readonly action: string;
  readonly outcome: 'success' | 'denied';
  readonly entityType?: string | undefined;
  readonly entityId?: string | undefined;
  readonly requestId?: string | undefined;
  /** JSON: why it was denied, or the before/after of a change. */
  readonly detail?: string | undefined;
  readonly prevHash: string;
  readonly hash: string;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'prevHash' | 'hash'>;

export interface AuditQuery {
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: AuditEvent['outcome'] | undefined;
  readonly entityType?: string | undefined;
  readonly entityId?: string | undefined;
  /** The events one request made. */
  readonly requestId?: string | undefined;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly pageSize: number;
  /** Events with a smaller id than this (newest first). */
  readonly beforeId?: number | undefined;
  /** Events with a larger id than this, oldest first (for walking the chain). */
  readonly afterId?: number | undefined;
  readonly oldestFirst?: boolean | undefined;
}

/** The fields a hash covers after the previous hash and the time, in their fixed order. */
export function auditHashedFields(event: NewAuditEvent): (string | null)[] {
  return [
    event.actor,
    event.actorMethod,
    event.action,
    event.outcome,
    event.entityType ?? null,
    event.entityId ?? null,
    event.requestId ?? null,
    event.detail ?? null,
  ];
}

/** The text a hash covers: the previous hash and every field of the event, in a fixed order. */
export function auditHashInput(prevHash: string, event: NewAuditEvent): string {
  return JSON.stringify([prevHash, event.timeSinceEpoch, ...auditHashedFields(event)]);
}
