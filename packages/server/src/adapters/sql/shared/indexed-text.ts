import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The longest text value, in UTF-8 bytes, that the indexes of long text hold on PostgreSQL: the
 * string custom property values' (custom_property_string_idx) and the artifacts' URIs
 * (artifact_uri_idx), since migration 0023. A B-tree entry there holds at most about 2.7 kB, and
 * the API takes string values and URIs far longer (a longer one failed its insert with "index row
 * size exceeds maximum": a 500). A longer value is stored and found, not through those indexes.
 * Migration 0023 writes this number into the indexes' condition; it must not change without a new
 * migration. (SQLite keeps long keys; MySQL indexes a prefix of these columns.)
 */
export const INDEXED_TEXT_BYTES = 1500;

/**
 * What lets a query use one of those indexes on PostgreSQL, whose planner uses a partial index
 * only where the query's own terms imply the index's condition: `octet_length(column) <= 1500`,
 * for a query that compares the column with a value that short (a label's empty string). Plain
 * SQL, true of every row such a query finds, on every engine.
 */
export function shortText(column: Expression<unknown>): Expression<SqlBool> {
  return sql<SqlBool>`octet_length(${column}) <= ${sql.lit(INDEXED_TEXT_BYTES)}`;
}

/**
 * `shortText(column)` for an equality or IN whose values are all that short, where it changes no
 * answer (a value equal to one of them is as short); undefined for any other comparison.
 */
export function shortTextTerm(
  column: Expression<unknown>,
  operator: string,
  values: readonly unknown[],
): Expression<SqlBool> | undefined {
  if (operator !== '=' && operator !== 'IN') return undefined;
  const short = values.every(
    (value) => typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= INDEXED_TEXT_BYTES,
  );
  return short ? shortText(column) : undefined;
}
