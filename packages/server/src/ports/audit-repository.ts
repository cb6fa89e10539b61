import type { AuditEvent, AuditQuery, NewAuditEvent } from '../domain/audit.js';

/** Audit context: the hash-chained audit trail. */
export interface AuditRepository {
  /**
   * Appends an event to the hash chain, written with the transaction's work when that succeeds
   * (serialised with every other transaction's events, so ids follow commit order); its time is
   * `timeSinceEpoch` or the previous event's if that is later.
   */
  appendAudit(event: NewAuditEvent, hash: (input: string) => string): Promise<void>;
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<readonly AuditEvent[]>;
}
