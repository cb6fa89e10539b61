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
import { appendChainedInSql, EVENTS_PER_STATEMENT, isSha256Hex } from './chain-in-sql.js';
import { insertPlainRows } from '../shared/plain-insert.js';
import { optionalText, slices, type SqlContext } from '../shared/sql-context.js';

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

/** Events per insert: 11 columns each, within every engine's parameter limit (as FILE_ROW_CHUNK). */
const EVENT_ROW_CHUNK = 400;

/** An event appended by the transaction, written at its end with the hash function it came with. */
interface PendingEvent {
  readonly event: NewAuditEvent;
  readonly hash: (input: string) => string;
}

/**
 * The hash-chained audit trail (migrations 0003, 0013). A transaction's events are written when
 * its work has succeeded, before its COMMIT (`finish`): the chain's head row is locked there, so
 * the lock every writer queues on is held from the transaction's last statements to its COMMIT,
 * not from its first event on, and its events go in one insert (docs/adr/0023-write-path-and-group-commit.md).
 */
export class SqlAuditRepository implements AuditRepository {
  /** The events this transaction appended, in order (the repository lives for one transaction). */
  private pending: PendingEvent[] = [];

  constructor(private readonly ctx: SqlContext) {}

  appendAudit(event: NewAuditEvent, hash: (input: string) => string): Promise<void> {
    this.pending.push({ event, hash });
    return Promise.resolve();
  }

  /**
   * Writes the events this transaction appended, if any, and moves the chain's head to the last:
   * the store calls it when the transaction's work has succeeded, before it commits. Writing the
   * head row first locks it: concurrent transactions queue here, so the chain never forks, and
   * each event links to the one written before it, in commit order. A transaction that fails
   * never gets here and writes no event.
   */
  async finish(): Promise<void> {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    const inSql =
      this.ctx.dialect.chainsAuditInSql === true &&
      pending.length <= EVENTS_PER_STATEMENT &&
      pending.every(({ hash }) => isSha256Hex(hash));
    if (inSql) {
      await appendChainedInSql(this.ctx, pending);
      return;
    }
    const head = await this.lockHead();
    let prevHash = String(head.last_hash);
    let lastTime = Number(head.last_time);
    const rows: Insertable<AuditEventTable>[] = [];
    for (const { event, hash } of pending) {
      // Times never go back along the chain, whichever replica's clock wrote the previous event.
      const time = Math.max(event.timeSinceEpoch, lastTime);
      const digest = hash(auditHashInput(prevHash, { ...event, timeSinceEpoch: time }));
      rows.push({
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
      });
      prevHash = digest;
      lastTime = time;
    }
    const chunks = slices(rows, EVENT_ROW_CHUNK);
    for (const chunk of chunks.slice(0, -1)) await insertPlainRows(this.ctx, 'audit_event', chunk, 'nothing');
    await this.insertMovingHead(chunks[chunks.length - 1] ?? [], {
      last_hash: prevHash,
      last_time: lastTime,
    });
  }

  /**
   * Inserts the last events and moves the head to the last of them: in one statement where the
   * engine's WITH may write (PostgreSQL), else an insert and an update of the head row.
   */
  private async insertMovingHead(rows: readonly Insertable<AuditEventTable>[], head: NewHead): Promise<void> {
    if (this.ctx.dialect.supportsWritableCte !== true) {
      await insertPlainRows(this.ctx, 'audit_event', rows, 'nothing');
      await runCompiled(this.ctx, 'move audit head', headValues(head), () => moveHead(this.ctx.db, head));
      return;
    }
    // Bound: the head's values, then each event's columns (every one given, in the row's order).
    const columns = Object.keys(rows[0] ?? {});
    const values: unknown[] = headValues(head);
    for (const row of rows) for (const value of Object.values(row)) values.push(value);
    await runCompiled(this.ctx, `append audit events ${rows.length} ${columns.join()}`, values, () =>
      this.ctx.db
        .with('head', (qc) => moveHead(qc, head))
        .insertInto('audit_event')
        .values([...rows]),
    );
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
