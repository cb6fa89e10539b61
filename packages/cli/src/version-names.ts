import type { ModelRegistry } from '@modelreg/client';
import { versionNamesById } from './lookups.js';

/** A row with the name of the version it names by id. */
export type Named<T> = T & { readonly versionName: string };

/** The rows with `versionName` for their `modelVersionId`: people read names, scripts get ids (--json). */
export async function named<T extends { modelVersionId?: string | null }>(
  registry: ModelRegistry,
  model: string,
  rows: readonly T[],
): Promise<Named<T>[]> {
  const names = await versionNamesById(registry, model);
  return rows.map((row) => ({
    ...row,
    versionName:
      row.modelVersionId == null ? '(none)' : (names.get(row.modelVersionId) ?? `id ${row.modelVersionId}`),
  }));
}
