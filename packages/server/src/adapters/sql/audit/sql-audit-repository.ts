import type { Insertable, QueryCreator, Selectable } from 'kysely';
import {
  auditHashInput,
  type AuditEvent,
  type AuditQuery,
  type NewAuditEvent,
} from '../../../domain/audit.js';
import type { AuditRepository } from '../../../ports/audit-repository.js';
import type { AuditEventTable, Database } from '../database.js';
import { runCompiled } from '../shared/compiled-statement.js';
import { insertRowReturningId, optionalText, type SqlContext } from '../shared/sql-context.js';

export function rowToAudit(row: Selectable<AuditEventTable>): AuditEvent {
  return {
    id: Number(row.id),
    timeSinceEpoch: Number(row.event_time),
    actor: String(row.actor),
    actorMethod: String(row.actor_method),
    action: String(row.action),
    outcome: String(row.outcome) === 'denied' ? 'denied' : 'success',
    entityType: optionalText(row.entity_type),
    entityId: optionalText(row.entity_id),
    requestId: optionalText(row.request_id),
    detail: optionalText(row.detail),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

/** The chain's head row: the last event's hash and time. */
interface ChainHead {
  readonly last_hash: string;
  readonly last_time: number | string;
}

/** Where the chain's head is to be moved: the last event's hash and time. */
interface NewHead {
  readonly last_hash: string;
  readonly last_time: number;
}

const moveHead = (qc: QueryCreator<Database>, head: NewHead) =>
  qc.updateTable('audit_head').set(head).where('id', '=', 1);

/** The values `moveHead` binds, in its order. */
const headValues = (head: NewHead) => [head.last_hash, head.last_time, 1];

/** The hash-chained audit trail (migrations 0003, 0013). */
export class SqlAuditRepository implements AuditRepository {
  /** The head as this transaction last wrote it (the repository lives for one transaction). */
  private head: ChainHead | undefined;
  /** Where the head row is moved once, at the transaction's end (`finish`): the last event's hash and time. */
  private unmoved: NewHead | undefined;

  constructor(private readonly ctx: SqlContext) {}

  async appendAudit(event: NewAuditEvent, hash: (input: string) => string): Promise<AuditEvent> {
    // Writing the head row first locks it: concurrent appends queue here, so the chain never forks.
    // Where the engine has RETURNING, the same statement reads it (one round trip, not two).
    // A transaction's second event needs neither: it holds the lock and wrote the head itself.
    const head = this.head ?? (await this.lockHead());
    const prevHash = String(head.last_hash);
    // Times never go back along the chain, whichever replica's clock wrote the previous event.
    const time = Math.max(event.timeSinceEpoch, Number(head.last_time));
    const stored: NewAuditEvent = { ...event, timeSinceEpoch: time };
    const digest = hash(auditHashInput(prevHash, stored));
    const id = await this.insertEvent(
      {
        event_time: time,
        actor: event.actor,
        actor_method: event.actorMethod,
        action: event.action,
        outcome: event.outcome,
        entity_type: event.entityType ?? null,
        entity_id: event.entityId ?? null,
        request_id: event.requestId ?? null,
        detail: event.detail ?? null,
        prev_hash: prevHash,
        hash: digest,
      },
      { last_hash: digest, last_time: time },
    );
    this.head = { last_hash: digest, last_time: time };
    return { ...stored, id, prevHash, hash: digest };
  }

  /**
   * Inserts the event and moves the head to it: in one statement where the engine's WITH may
   * write (PostgreSQL). Elsewhere the head row is moved once, by `finish`, to the transaction's
   * last event: it is locked already, and nothing reads it in between but this repository.
   */
  private async insertEvent(row: Insertable<AuditEventTable>, head: NewHead): Promise<number> {
    if (this.ctx.dialect.supportsWritableCte === true) {
      // Bound: the head's, then the event's columns (every one given, in the row's order).
      const columns = Object.keys(row);
      const values = [...headValues(head), ...Object.values(row)];
      const [inserted] = (
        await runCompiled(this.ctx, `append audit event ${columns.join()}`, values, () =>
          this.ctx.db
            .with('head', (qc) => moveHead(qc, head))
            .insertInto('audit_event')
            .values(row)
            .returning('id'),
        )
      ).rows;
      if (inserted === undefined) throw new Error('the insert into audit_event returned no row');
      return Number(inserted.id);
    }
    const id = await insertRowReturningId(this.ctx, 'audit_event', row);
    this.unmoved = head;
    return id;
  }

  /**
   * Moves the chain's head row to the transaction's last event, if it appended any and the move
   * is still to be made; the store calls it when the transaction's work has succeeded, before it
   * commits. One UPDATE per transaction instead of one per event (a registration appends two).
   */
  async finish(): Promise<void> {
    const head = this.unmoved;
    if (head === undefined) return;
    this.unmoved = undefined;
    await runCompiled(this.ctx, 'move audit head', headValues(head), () => moveHead(this.ctx.db, head));
  }

  /** Locks the chain's head row and reads it: in one statement where the engine has RETURNING. */
  private async lockHead(): Promise<ChainHead> {
    const db = this.ctx.db;
    const lock = () => db.updateTable('audit_head').set({ id: 1 }).where('id', '=', 1);
    let read: readonly ChainHead[];
    if (this.ctx.dialect.supportsReturning) {
      read = (
        await runCompiled(this.ctx, 'lock audit head returning', [1, 1], () =>
          lock().returning(['last_hash', 'last_time']),
        )
      ).rows;
    } else {
      await runCompiled(this.ctx, 'lock audit head', [1, 1], lock);
      read = (
        await runCompiled(this.ctx, 'read audit head', [1], () =>
          db.selectFrom('audit_head').select(['last_hash', 'last_time']).where('id', '=', 1),
        )
      ).rows;
    }
    const [head] = read;
    if (head === undefined) throw new Error('the audit chain has no head row');
    return head;
  }

  async listAudit(query: AuditQuery): Promise<readonly AuditEvent[]> {
    let select = this.ctx.db.selectFrom('audit_event').selectAll();
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.action !== undefined) select = select.where('action', '=', query.action);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    if (query.entityType !== undefined) select = select.where('entity_type', '=', query.entityType);
    if (query.entityId !== undefined) select = select.where('entity_id', '=', query.entityId);
    if (query.requestId !== undefined) select = select.where('request_id', '=', query.requestId);
    if (query.since !== undefined) select = select.where('event_time', '>=', query.since);
    if (query.until !== undefined) select = select.where('event_time', '<', query.until);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    const rows = await select
      .orderBy('id', query.oldestFirst === true ? 'asc' : 'desc')
      .limit(query.pageSize)
      .execute();
    return rows.map(rowToAudit);
  }
}
