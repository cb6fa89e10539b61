import { CompiledQuery } from 'kysely';
import { auditHashedFields, type NewAuditEvent } from '../../../domain/audit.js';
import { ANSWERED_LATER } from '../dialects/sql-dialect.js';
import type { SqlContext } from '../shared/sql-context.js';

// PostgreSQL: a transaction's audit events appended in one statement. The statement locks the
// chain's head row, chains the events from it with PostgreSQL's sha256() (11 and later), inserts
// them in order and moves the head to the last: one round trip where locking and reading the head,
// then inserting, took two, and no turn of the server's event loop while the head is held (every
// writer of every replica queues on that row until the holder commits;
// docs/adr/0023-write-path-and-group-commit.md). The hash input is the domain's
// (`auditHashInput`): a JSON array whose first two items, the previous hash and the time, only the
// database knows here. The rest of the array is sent as text, and hex digits and an integer are
// written in JSON as the database writes them, so the database hashes the same bytes. That the
// rest arrived as sent is checked in the statement: its SHA-256, computed here, is sent with it,
// and a text whose bytes the database hashes otherwise (an encoding between us and the stored
// text) fails the statement, and so the transaction. Nothing is left for JavaScript to check
// afterwards, so the statement is answered later: the COMMIT goes out with it, and its error, if
// any, is the COMMIT's (dialects/named-statements.ts).

/** Events one statement chains at most; a transaction with more writes them as other engines do. */
export const EVENTS_PER_STATEMENT = 16;

/** Values bound per event: its time, the hash input after the time, that text's SHA-256, then its columns. */
const VALUES_PER_EVENT = 11;

/** The columns written: the time, the hashed fields in `auditHashedFields`' order, the hashes. */
const COLUMNS =
  'event_time, actor, actor_method, action, outcome, entity_type, entity_id, request_id, detail, prev_hash, hash';

const TEXTS = new Map<number, string>();

/** The statement for `n` events (PostgreSQL's numbered parameters), built once per count. */
export function chainStatement(n: number): string {
  let text = TEXTS.get(n);
  if (text !== undefined) return text;
  const ctes = ['head as (select last_hash, last_time from audit_head where id = 1 for update)'];
  const rows: string[] = [];
  for (let i = 1; i <= n; i++) {
    const p = (k: number) => `$${(i - 1) * VALUES_PER_EVENT + k}`;
    const before = i === 1 ? 'head' : `e${i - 1}`;
    const [prev, time] = i === 1 ? ['last_hash', 'last_time'] : ['hash', 't'];
    // Times never go back along the chain: the event's own, or the previous event's if later.
    // A rest that does not hash as sent fails the statement: the cast of a text naming the event
    // to an integer (built from a column, so the planner cannot fold it and fail every run).
    const rest = `${p(2)}::text`;
    const hashed = `encode(sha256(convert_to('["' || prev || '",' || t::text || ${rest}, 'UTF8')), 'hex')`;
    const altered = `('audit event ${i} of ${n} reached the database altered, after ' || prev)::int::text`;
    ctes.push(
      `e${i} as (select t, prev, case when encode(sha256(convert_to(${rest}, 'UTF8')), 'hex') = ${p(3)}::text ` +
        `then ${hashed} else ${altered} end as hash` +
        ` from (select greatest(${p(1)}::bigint, ${time}) as t, ${prev} as prev from ${before}) chained)`,
    );
    rows.push(
      `${i === 1 ? '' : 'union all '}select ${i} as k, t, ${p(4)}::text, ${p(5)}::text, ${p(6)}::text, ${p(7)}::text, ` +
        `${p(8)}::text, ${p(9)}::text, ${p(10)}::text, ${p(11)}::text, prev, hash from e${i}`,
    );
  }
  ctes.push(
    `move as (update audit_head set last_hash = e${n}.hash, last_time = e${n}.t from e${n} where audit_head.id = 1)`,
  );
  text =
    `with ${ctes.join(', ')} insert into audit_event (${COLUMNS}) ` +
    `select t, a, b, c, d, f, g, h, i, prev, hash from (${rows.join(' ')}) as events (k, t, a, b, c, d, f, g, h, i, prev, hash) ` +
    'order by k';
  TEXTS.set(n, text);
  return text;
}

/** SHA-256 of `abc`, in hex (FIPS 180-2): how a hash function is known to be SHA-256. */
const SHA256_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const IS_SHA256 = new WeakMap<(input: string) => string, boolean>();

/** Whether `hash` is SHA-256 in hex, as the statement computes (a known answer, once per function). */
export function isSha256Hex(hash: (input: string) => string): boolean {
  let known = IS_SHA256.get(hash);
  if (known === undefined) {
    known = hash('abc') === SHA256_OF_ABC;
    IS_SHA256.set(hash, known);
  }
  return known;
}

/** The values the statement for these events binds, in order. */
export function chainValues(
  events: readonly { readonly event: NewAuditEvent; readonly hash: (input: string) => string }[],
): unknown[] {
  const values: unknown[] = [];
  for (const { event, hash } of events) {
    const fields = auditHashedFields(event);
    // The hash input after the previous hash and the time, as `auditHashInput` writes it: `,` … `]`.
    const rest = `,${JSON.stringify(fields).slice(1)}`;
    values.push(event.timeSinceEpoch, rest, hash(rest), ...fields);
  }
  return values;
}

/**
 * Appends the events in one statement, answered later (the store's COMMIT answers for it): at
 * most EVENTS_PER_STATEMENT, each with a hash function that is SHA-256 (`isSha256Hex`).
 */
export async function appendChainedInSql(
  ctx: SqlContext,
  events: readonly { readonly event: NewAuditEvent; readonly hash: (input: string) => string }[],
): Promise<void> {
  const text = chainStatement(events.length);
  const later = ctx.dialect.answersLater === true ? ANSWERED_LATER : '';
  await ctx.db.executeQuery(CompiledQuery.raw(`${later}${text}`, chainValues(events)));
}
