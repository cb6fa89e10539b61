import type { RegisteredModel } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import { compareVersions, type VersionView } from './mlflow-mapping.js';

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

export function orderVersions(
  views: readonly VersionView[],
  clauses: readonly string[] | undefined,
): VersionView[] {
  const orders = parseOrder(
    clauses,
    ['name', 'version_number', 'creation_timestamp', 'timestamp', 'last_updated_timestamp'],
    [
      { key: 'last_updated_timestamp', descending: true },
      { key: 'name', descending: false },
      { key: 'version_number', descending: true },
    ],
  );
  const ranked = [...views].sort((a, b) => compareVersions(a.version, b.version));
  const rank = new Map(ranked.map((v, i) => [v.version.id, i]));
  return sortBy(views, orders, (v, key) => {
    if (key === 'name') return v.model.name;
    if (key === 'version_number') return rank.get(v.version.id) ?? 0;
    if (key === 'creation_timestamp' || key === 'timestamp') return v.version.createTimeSinceEpoch;
    return v.version.lastUpdateTimeSinceEpoch;
  });
}
