import type { Principal } from '../domain/access-control.js';
import { KIND_LABEL, type EntityKind } from '../domain/entities.js';
import { NotFoundError } from '../domain/errors.js';
import type { AccessRequest } from '../domain/permissions.js';
import type { AuditRepository } from '../ports/audit-repository.js';
import type { ModelLock } from '../ports/catalog-repository.js';
import type { TransactionOptions } from '../ports/metadata-store.js';
import { Authorizer, type AuthorizerRepositories } from './access/index.js';

/**
 * A store that runs work in one transaction, seen through the repositories a service uses
 * (docs/adr/0013-bounded-contexts.md); the MetadataStore is one for any of them.
 */
export interface Transactions<R> {
  transaction<T>(work: (tx: R) => Promise<T>, options?: TransactionOptions): Promise<T>;
}

/** What every use case reads and writes besides its own: who may (authorization) and the audit trail. */
export type UseCaseRepositories = AuthorizerRepositories & Pick<AuditRepository, 'appendAudit'>;

/**
 * The caller of a use case: who, and the request it came in: its id (for the audit trail), and
 * its operation and inputs, which every transaction of the request authorizes by the permission
 * table before it does anything (absent for the registry's own work, e.g. tasks on the host).
 */
export type Caller = Principal & {
  readonly requestId?: string | undefined;
  readonly request?: AccessRequest | undefined;
};

/** Writes one audit event of a successful mutation, in the mutation's own transaction. */
export type Record_ = (
  action: 'create' | 'update' | 'delete' | 'transition' | 'deploy' | 'undeploy',
  kind: EntityKind,
  id: number,
  detail: object,
) => Promise<void>;

export interface UseCaseDeps<R extends UseCaseRepositories> {
  readonly store: Transactions<R>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
}

/**
 * Runs one use case in one transaction, with the caller's authorizer and an audit recorder that
 * writes into the same transaction: the work and its audit events land together or not at all.
 * The request is authorized first, in the same transaction: the decision and the work it allows
 * land together or not at all.
 */
export function runUseCase<R extends UseCaseRepositories, T>(
  deps: UseCaseDeps<R>,
  actor: Caller,
  work: (tx: R, now: number, auth: Authorizer, record: Record_) => Promise<T>,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const now = deps.clock();
    const record: Record_ = async (action, kind, id, detail) => {
      await tx.appendAudit(
        {
          // Read now, after the work's locks are held; the store keeps times rising along the chain.
          timeSinceEpoch: deps.clock(),
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
    const auth = new Authorizer(tx, actor);
    if (actor.request !== undefined) await auth.authorize(actor.request, true);
    return work(tx, now, auth, record);
  });
}

/**
 * Runs work in one transaction after authorizing the caller's request, without an audit recorder;
 * `{ readOnly: true }` when the work only reads.
 */
export function authorizedTransaction<R extends AuthorizerRepositories, T>(
  store: Transactions<R>,
  actor: Caller,
  work: (tx: R, auth: Authorizer) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  return store.transaction(async (tx) => {
    const auth = new Authorizer(tx, actor);
    if (actor.request !== undefined) await auth.authorize(actor.request, true);
    return work(tx, auth);
  }, options);
}

/**
 * Takes the lock of a registered model's aggregate (docs/adr/0015-one-lock-per-model.md): every
 * mutation of the model, its versions, their artifacts and its deployments takes it before it
 * reads what it decides on. Answers the time to record the mutation at: the clock read once the
 * lock is held, so a writer that waited records a time after the one it waited for.
 */
export async function lockModel(
  tx: ModelLock,
  clock: () => number,
  registeredModelId: number,
): Promise<number> {
  if (!(await tx.lockModel(registeredModelId))) {
    throw new NotFoundError(
      'REGISTERED_MODEL_NOT_FOUND',
      `no ${KIND_LABEL.registeredModel.label} with id ${registeredModelId}`,
    );
  }
  return clock();
}
