import type { Compilable, CompiledQuery, Insertable, QueryResult, UnknownRow } from 'kysely';
import type { Database } from '../database.js';
import { isPlainValue, runCompiled } from './compiled-statement.js';
import type { SqlContext } from './sql-context.js';

/**
 * The callers' rows are typed by their table (`Insertable<Database[T]>`); binding them needs
 * only their columns' values, read here as the driver edge sees a row (Kysely's UnknownRow).
 */
type ColumnValues = Readonly<UnknownRow>;

/** What the insert returns: nothing, the generated `id`, or the whole stored rows. */
export type Returning = 'nothing' | 'id' | 'all';

/** Larger multi-row inserts are rare (many custom properties at once) and built each time. */
const MAX_CACHED_ROWS = 16;

type Result = QueryResult<UnknownRow>;

/** The columns every row gives (in the first row's order), or undefined when they differ or a value is not plain. */
function sharedColumns(rows: readonly ColumnValues[]): readonly string[] | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const columns = Object.keys(first).filter((column) => first[column] !== undefined);
  for (const row of rows) {
    let given = 0;
    for (const column in row) if (row[column] !== undefined) given += 1;
    if (given !== columns.length || !columns.every((column) => isPlainValue(row[column]))) return undefined;
  }
  return columns;
}

function run(ctx: SqlContext, query: Compilable<unknown> | CompiledQuery<unknown>): Promise<Result> {
  return ctx.db.executeQuery(query) as Promise<Result>;
}

function build(
  ctx: SqlContext,
  table: keyof Database,
  rows: readonly ColumnValues[],
  returning: Returning,
): Compilable<unknown> {
  // The table is generic here; the callers' row types are checked where they build the rows.
  const insert = ctx.db.insertInto(table as 'context_id').values(rows as never);
  if (returning === 'all') return insert.returningAll();
  return returning === 'id' ? insert.returning('id') : insert;
}

/**
 * Inserts rows of plain values (`answer`: as runCompiled's, for a statement compiled once). Building and compiling a statement through Kysely costs more
 * than SQLite takes to run it, and a write path inserts rows of the same few shapes over and
 * over: the statement is compiled once per shape (table, columns, row count, returning, dialect)
 * and run again with each call's values. A shape is reused only if its first compilation bound
 * exactly the rows' values, row by row and column by column; any other statement is built as usual.
 */
export function insertPlainRows<T extends keyof Database>(
  ctx: SqlContext,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  returning: Returning,
  answer: 'now' | 'later' = 'now',
): Promise<Result> {
  const columns = rows.length <= MAX_CACHED_ROWS ? sharedColumns(rows as readonly ColumnValues[]) : undefined;
  // A statement built each time is answered when it runs, whatever `answer` asks.
  if (columns === undefined) return run(ctx, build(ctx, table, rows, returning));
  const key = `insert ${table} ${returning} ${rows.length} ${columns.join(',')}`;
  // A loop, not flatMap: V8 runs flatMap generically, and it was a tenth of this function's time.
  const values: unknown[] = [];
  for (const row of rows as readonly ColumnValues[]) for (const column of columns) values.push(row[column]);
  return runCompiled(ctx, key, values, () => build(ctx, table, rows, returning), answer) as Promise<Result>;
}
