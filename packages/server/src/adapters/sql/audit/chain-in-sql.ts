import { CompiledQuery } from 'kysely';
import { auditHashedFields, auditHashInput, type NewAuditEvent } from '../../../domain/audit.js';
import type { SqlContext } from '../shared/sql-context.js';

// PostgreSQL: a transaction's audit events appended in one statement. The statement locks the
// chain's head row, chains the events from it with PostgreSQL's sha256() (11 and later), inserts
// them in order and moves the head to the last: one round trip where locking and reading the head,
// then inserting, took two, and no turn of the server's event loop while the head is held (every
// writer of every replica queues on that row until the holder commits;
// docs/adr/0023-write-path-and-group-commit.md). The hash input is the domain's
// (`auditHashInput`): a JSON array whose first two items, the previous hash and the time, only the
// database knows here. The rest of the array is sent as text, and hex digits and an integer are
// written in JSON as the database writes them, so the database hashes the same bytes. The caller's
// hash function still decides: every returned hash is computed again with it, and a difference
// fails the transaction.

/** Events one statement chains at most; a transaction with more writes them as other engines do. */
export const EVENTS_PER_STATEMENT = 16;

/** Values bound per event: its time, the hash input after the time, then its columns. */
const VALUES_PER_EVENT = 10;

/** The columns written: the time, the hashed fields in `auditHashedFields`' order, the hashes. */
const COLUMNS =
  'event_time, actor, actor_method, action, outcome, entity_type, entity_id, request_id, detail, prev_hash, hash';

const TEXTS = new Map<number, string>();

/** The statement for `n` events (PostgreSQL's numbered parameters), built once per count. */
function statementFor(n: number): string {
  let text = TEXTS.get(n);
  if (text !== undefined) return text;
  const ctes = ['head as (select last_hash, last_time from audit_head where id = 1 for update)'];
  const rows: string[] = [];
  for (let i = 1; i <= n; i++) {
    const p = (k: number) => `$${(i - 1) * VALUES_PER_EVENT + k}`;
    const before = i === 1 ? 'head' : `e${i - 1}`;
    const [prev, time] = i === 1 ? ['last_hash', 'last_time'] : ['hash', 't'];
    // Times never go back along the chain: the event's own, or the previous event's if later.
    ctes.push(
      `e${i} as (select t, prev, encode(sha256(convert_to('["' || prev || '",' || t::text || ${p(2)}::text, 'UTF8')), 'hex') as hash` +
        ` from (select greatest(${p(1)}::bigint, ${time}) as t, ${prev} as prev from ${before}) chained)`,
    );
    rows.push(
      `${i === 1 ? '' : 'union all '}select ${i} as k, t, ${p(3)}::text, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ` +
        `${p(7)}::text, ${p(8)}::text, ${p(9)}::text, ${p(10)}::text, prev, hash from e${i}`,
    );
  }
  ctes.push(
    `move as (update audit_head set last_hash = e${n}.hash, last_time = e${n}.t from e${n} where audit_head.id = 1)`,
  );
  text =
    `with ${ctes.join(', ')} insert into audit_event (${COLUMNS}) ` +
    `select t, a, b, c, d, f, g, h, i, prev, hash from (${rows.join(' ')}) as events (k, t, a, b, c, d, f, g, h, i, prev, hash) ` +
    'order by k returning id, event_time, prev_hash, hash';
  TEXTS.set(n, text);
  return text;
}

interface ChainedRow {
  readonly id: string | number;
  readonly event_time: string | number;
  readonly prev_hash: string;
  readonly hash: string;
}

/** Appends the events in one statement and checks every hash with `hash`; at most EVENTS_PER_STATEMENT. */
export async function appendChainedInSql(
  ctx: SqlContext,
  events: readonly { readonly event: NewAuditEvent; readonly hash: (input: string) => string }[],
): Promise<void> {
  const values: unknown[] = [];
  for (const { event } of events) {
    const fields = auditHashedFields(event);
    // The hash input after the previous hash and the time, as `auditHashInput` writes it: `,` … `]`.
    const rest = `,${JSON.stringify(fields).slice(1)}`;
    values.push(event.timeSinceEpoch, rest, ...fields);
  }
  const result = await ctx.db.executeQuery<ChainedRow>(
    CompiledQuery.raw(statementFor(events.length), values),
  );
  const rows = [...result.rows].sort((a, b) => Number(a.id) - Number(b.id));
  if (rows.length !== events.length)
    throw new Error(`the audit append wrote ${rows.length} of ${events.length} events`);
  for (const [i, { event, hash }] of events.entries()) {
    const row = rows[i] as ChainedRow;
    const expected = hash(
      auditHashInput(row.prev_hash, { ...event, timeSinceEpoch: Number(row.event_time) }),
    );
    const linked = i === 0 || row.prev_hash === rows[i - 1]?.hash;
    if (row.hash !== expected || !linked)
      throw new Error(
        `the audit event the database chained (id ${String(row.id)}) does not hash as the registry does`,
      );
  }
}
