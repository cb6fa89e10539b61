/**
 * Bound parameters per statement stay far below every engine's limit: SQLite refuses more than
 * 32,766 ("too many SQL variables"), PostgreSQL and MySQL more than 65,535. A statement whose
 * parameters grow with the input (an IN list, a multi-row insert) runs once per chunk instead.
 */
export const MAX_PARAMETERS_PER_STATEMENT = 5000;

/** The items in slices whose statements bind at most MAX_PARAMETERS_PER_STATEMENT parameters. */
export function parameterChunks<T>(items: readonly T[], parametersPerItem = 1): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / parametersPerItem));
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
