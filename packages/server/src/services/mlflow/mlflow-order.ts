import type { RegisteredModel } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import type { VersionSortKey } from '../../ports/catalog-repository.js';

/** MLflow's `order_by` clauses (`name ASC`, `version_number DESC`…) applied to search results. */

/** MLflow refuses aliases that read as a version (`v3`) or as the latest one. */
export function checkMlflowAlias(alias: string): void {
  if (alias.toLowerCase() === 'latest' || /^v[0-9]+$/i.test(alias)) {
    throw new InputError('INVALID_PARAMETER', `'${alias}' alias name (case insensitive) is reserved.`);
  }
}

type Order = { key: string; descending: boolean };

function parseOrder(
  clauses: readonly string[] | undefined,
  allowed: readonly string[],
  fallback: Order[],
): Order[] {
  if (clauses === undefined || clauses.length === 0) return fallback;
  return clauses.map((clause) => {
    const [key = '', direction = 'ASC', ...rest] = clause.trim().split(/\s+/);
    const dir = direction.toUpperCase();
    if (!allowed.includes(key) || rest.length > 0 || (dir !== 'ASC' && dir !== 'DESC')) {
      throw new InputError('INVALID_PARAMETER', `Invalid order_by clause '${clause}'.`);
    }
    return { key, descending: dir === 'DESC' };
  });
}

function sortBy<T>(
  items: readonly T[],
  orders: Order[],
  value: (item: T, key: string) => number | string,
): T[] {
  return [...items].sort((a, b) => {
    for (const { key, descending } of orders) {
      const [x, y] = [value(a, key), value(b, key)];
      const c = x < y ? -1 : x > y ? 1 : 0;
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
}

export function orderModels(
  models: readonly RegisteredModel[],
  clauses: readonly string[] | undefined,
): RegisteredModel[] {
  const orders = parseOrder(
    clauses,
    ['name', 'timestamp', 'last_updated_timestamp', 'creation_timestamp'],
    [{ key: 'name', descending: false }],
  );
  return sortBy(models, orders, (m, key) =>
    key === 'name'
      ? m.name
      : key === 'creation_timestamp'
        ? m.createTimeSinceEpoch
        : m.lastUpdateTimeSinceEpoch,
  );
}

/** MLflow's `order_by` of a version search as the store's sort keys (the engine orders and pages). */
export function versionSortKeys(clauses: readonly string[] | undefined): VersionSortKey[] {
  const orders = parseOrder(
    clauses,
    ['name', 'version_number', 'creation_timestamp', 'timestamp', 'last_updated_timestamp'],
    [
      { key: 'last_updated_timestamp', descending: true },
      { key: 'name', descending: false },
      { key: 'version_number', descending: true },
    ],
  );
  return orders.map(({ key, descending }) => ({ key: SORT_KEY[key] ?? 'LAST_UPDATE_TIME', descending }));
}

/** MLflow's order_by keys of a version search: `name` is the registered model's. */
const SORT_KEY: Readonly<Record<string, VersionSortKey['key']>> = {
  name: 'MODEL_NAME',
  version_number: 'NUMBER',
  creation_timestamp: 'CREATE_TIME',
  timestamp: 'CREATE_TIME',
  last_updated_timestamp: 'LAST_UPDATE_TIME',
};
