import { createQueryId, type Compilable, type CompiledQuery, type QueryResult } from 'kysely';
import { ANSWERED_LATER } from '../dialects/sql-dialect.js';
import type { SqlContext } from './sql-context.js';

/** A value Kysely binds as one parameter, as it is. */
export type PlainValue = string | number | bigint | boolean | null;

/**
 * A value that may be written into the statement's text rather than bound: SQLite's compiler
 * writes a LIMIT or OFFSET number into it (dialects/sqlite-dialect.ts), the other engines bind
 * it. runCompiled makes it part of the key.
 */
export class FixedValue {
  constructor(readonly value: PlainValue) {}
}

/** A value of the statement that its key fixes (a LIMIT): see FixedValue. */
export function fixed(value: PlainValue): FixedValue {
  return new FixedValue(value);
}

/** A statement compiled once, and whether its fixed values were bound (else written into its text). */
interface Compiled {
  readonly query: CompiledQuery;
  readonly fixedBound: boolean;
}

/** Statements kept compiled; beyond, the least recently used is dropped (the write path runs a few dozen). */
const CACHE_SIZE = 500;

/** Compiled statements by dialect and the caller's key; null: not reusable (see runCompiled). */
const COMPILED = new Map<string, Compiled | null>();

/** Whether each reuse is checked against a fresh build (the test suites turn it on). */
let checking = false;

/**
 * From now on (or no longer, with `false`), every reuse of a compiled statement also builds and
 * compiles the statement as usual and throws unless it is the same SQL with the same parameters;
 * and a first compilation that does not bind exactly the values its caller gave throws too. The
 * test setup turns it on, so that every suite, on every engine it runs, checks that no key the
 * callers give leaves out something their statement depends on.
 */
export function checkCompiledStatements(on = true): void {
  checking = on;
}

export function isPlainValue(value: unknown): value is PlainValue {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean';
}

function bindsExactly(query: CompiledQuery, values: readonly PlainValue[]): boolean {
  const { parameters } = query;
  return parameters.length === values.length && parameters.every((parameter, i) => parameter === values[i]);
}

function remember(key: string, compiled: Compiled | null): void {
  if (COMPILED.size >= CACHE_SIZE) COMPILED.delete(COMPILED.keys().next().value as string);
  COMPILED.set(key, compiled);
}

function drifted(key: string, why: string): Error {
  return new Error(`compiled statement '${key}' ${why}; its key must name everything its SQL depends on`);
}

/** Runs the statement, marked to be answered later if `later` (SqlDialect.answersLater). */
function execute<O>(ctx: SqlContext, query: CompiledQuery<O>, later: boolean): Promise<QueryResult<O>> {
  return ctx.db.executeQuery<O>(later ? { ...query, sql: `${ANSWERED_LATER}${query.sql}` } : query);
}

/**
 * Runs a statement that a hot path runs over and over with new values. Building and compiling a
 * statement through Kysely costs more than SQLite takes to run it, so it is compiled once per
 * dialect and `key`, by `build` (the usual typed builder, given this call's values), and later
 * calls run that SQL with their own `values`.
 *
 * The key names everything the SQL depends on (the table, the columns, which values are NULL,
 * how many ids an IN list has, …); `values` are the values `build` binds, in the order it binds
 * them, those an engine may write into the text (a LIMIT) marked `fixed`: they become part of the
 * key. The compiled SQL is reused only if its first compilation bound exactly `values` in that
 * order (the fixed ones all bound, or all left out), so each value went in as one parameter and
 * none but the fixed ones shaped the text; otherwise, and for any value that is not plain, the
 * statement is built each time as usual. `checkCompiledStatements` makes every reuse prove it
 * against a fresh build.
 *
 * @example
 *   const [row] = (
 *     await runCompiled(ctx, 'newest version', [modelId, fixed(1)], () =>
 *       ctx.db.selectFrom('model_version').select('id').where('registered_model_id', '=', modelId)
 *         .orderBy('id', 'desc').limit(1),
 *     )
 *   ).rows;
 */
export async function runCompiled<O>(
  ctx: SqlContext,
  key: string,
  values: readonly unknown[],
  build: () => Compilable<O>,
  answer: 'now' | 'later' = 'now',
): Promise<QueryResult<O>> {
  // A write whose answer the caller does not read goes out with the next statement where the
  // engine can send it so (SqlDialect.answersLater); it then answers no rows and no count.
  const later = answer === 'later' && ctx.dialect.answersLater === true;
  // One pass over the values (every registration runs this a dozen times).
  const all: unknown[] = [];
  const varying: PlainValue[] = [];
  let inKey = '';
  for (const value of values) {
    if (value instanceof FixedValue) {
      all.push(value.value);
      inKey += `${inKey === '' ? ' fixed ' : ','}${JSON.stringify(value.value)}`;
    } else {
      all.push(value);
      if (isPlainValue(value)) varying.push(value);
    }
  }
  if (!all.every(isPlainValue)) return execute(ctx, build().compile(), later);
  const cacheKey = `${ctx.dialect.name} ${key}${inKey}`;
  const known = COMPILED.get(cacheKey);
  if (known === undefined) {
    const query = build().compile();
    const fixedBound = bindsExactly(query, all);
    const reusable = fixedBound || bindsExactly(query, varying);
    if (!reusable && checking) throw drifted(cacheKey, 'does not bind exactly the values its caller gave');
    remember(cacheKey, reusable ? { query, fixedBound } : null);
    return execute(ctx, query, later);
  }
  if (known === null) return execute(ctx, build().compile(), later);
  // Most recently used last, so what the write path runs all the time is never the one dropped.
  COMPILED.delete(cacheKey);
  COMPILED.set(cacheKey, known);
  const parameters = known.fixedBound ? all : varying;
  if (checking) {
    const fresh = build().compile();
    if (fresh.sql !== known.query.sql)
      throw drifted(cacheKey, `was compiled as "${known.query.sql}", now "${fresh.sql}"`);
    if (!bindsExactly(fresh, parameters))
      throw drifted(cacheKey, 'does not bind exactly the values its caller gave');
  }
  // The SQL and its result type are those `build` compiled to for this key (checked above in tests).
  const query = { ...known.query, queryId: createQueryId(), parameters } as CompiledQuery<O>;
  return execute(ctx, query, later);
}
