import type { Principal } from '../domain/access-control.js';
import type { EntityKind } from '../domain/entities.js';
import type { MetadataStore, MetadataTransaction } from '../ports/metadata-store.js';
import { Authorizer } from './authorizer.js';

/** The caller of a use case: who, and the request it came in (for the audit trail). */
export type Caller = Principal & { readonly requestId?: string | undefined };

/** Writes one audit event of a successful mutation, in the mutation's own transaction. */
export type Record_ = (
  action: 'create' | 'update' | 'delete' | 'transition' | 'deploy' | 'undeploy',
  kind: EntityKind,
  id: number,
  detail: object,
) => Promise<void>;

export interface UseCaseDeps {
  readonly store: MetadataStore;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
}

/**
 * Runs one use case in one transaction, with the caller's authorizer and an audit recorder that
 * writes into the same transaction: the work and its audit events land together or not at all.
 */
export function runUseCase<T>(
  deps: UseCaseDeps,
  actor: Caller,
  work: (tx: MetadataTransaction, now: number, auth: Authorizer, record: Record_) => Promise<T>,
): Promise<T> {
  return deps.store.transaction((tx) => {
    const now = deps.clock();
    const record: Record_ = async (action, kind, id, detail) => {
      await tx.appendAudit(
        {
          timeSinceEpoch: now,
          actor: actor.subject,
          actorMethod: actor.method,
          action: `${action} ${kind}`,
          outcome: 'success',
          entityType: kind,
          entityId: String(id),
          requestId: actor.requestId,
          detail: JSON.stringify(detail),
        },
        deps.sha256,
      );
    };
    return work(tx, now, new Authorizer(tx, actor), record);
  });
}
