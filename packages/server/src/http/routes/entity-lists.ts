import type { Context } from 'hono';
import { InputError } from '../../domain/errors.js';
import type { EntityByKind, EntityKind } from '../../domain/entities.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import { encodePageToken, orderTerm, type Page, type PageRequest } from '../../domain/pagination.js';
import type { LineageService } from '../../services/lineage/index.js';
import type { CatalogService } from '../../services/catalog/index.js';
import { callerOf as actor, queryOf } from '../operations.js';
import { parseFilter, parsePageRequest, type Query } from '../request-parsing.js';
import { toWire } from '../wire/entities.js';

/** The entity a listing is scoped under (`/experiment_runs/7/artifacts`). */
export interface ListParent {
  readonly kind: EntityKind;
  readonly id: number;
}

/**
 * Answers one page of a list operation: paging, ordering, filterQuery and `include` from the
 * query (or from the body of its `POST …/search` twin), exact matches from the route.
 */
export type ListEntities = <K extends EntityKind>(
  c: Context,
  kind: K,
  match: Record<string, string | number>,
  extra?: ResolvedFilter,
  parent?: ListParent,
) => Promise<Response>;

function listResponse<K extends EntityKind>(kind: K, page: Page<EntityByKind[K]>, request: PageRequest) {
  return {
    items: page.items.map((item) => toWire(kind, item)),
    nextPageToken:
      page.next === undefined ? '' : encodePageToken(page.next, request.orderBy, request.sortOrder),
    // Absent means "all": the page then holds every item.
    pageSize: request.pageSize ?? page.items.length,
    size: page.items.length,
  };
}

function and(...parts: (ResolvedFilter | undefined)[]): ResolvedFilter | undefined {
  return parts.reduce<ResolvedFilter | undefined>(
    (acc, part) =>
      part === undefined ? acc : acc === undefined ? part : { kind: 'and', left: acc, right: part },
    undefined,
  );
}

/** `include=metrics,params` on model version lists. */
function parseInclude(value: string | undefined, kind: EntityKind): ('metrics' | 'params')[] {
  if (value === undefined || value === '') return [];
  const parts = value.split(',');
  if (kind !== 'modelVersion' || parts.some((p) => p !== 'metrics' && p !== 'params')) {
    throw new InputError(
      'INVALID_PARAMETER',
      `include takes metrics and/or params, on model version lists only; got '${value}'`,
    );
  }
  return parts as ('metrics' | 'params')[];
}

/** `name` / `externalId` query parameters of child listings, as exact matches. */
export function nameMatch(q: Query): Record<string, string> {
  const match: Record<string, string> = {};
  if (q['name'] !== undefined) match['name'] = q['name'];
  if (q['externalId'] !== undefined) match['externalId'] = q['externalId'];
  return match;
}

export function entityLister(
  service: CatalogService,
  lineage?: Pick<LineageService, 'versionValues'>,
): ListEntities {
  return async (c, kind, match, extra, parent) => {
    const q = queryOf(c);
    const page = parsePageRequest(q);
    if ((page.orderBy === 'VERSION' || orderTerm(page.orderBy) !== undefined) && kind !== 'modelVersion') {
      throw new InputError('INVALID_ORDER_BY', `orderBy ${page.orderBy} orders model versions only`);
    }
    const filter = and(parseFilter(kind, q), extra);
    const include = parseInclude(q['include'], kind);
    const result = await service.list(actor(c), kind, { ...page, match, filter }, parent);
    const response = listResponse(kind, result, page);
    if (include.length > 0 && lineage !== undefined) {
      // Each version's metrics and parameters in one more query, not one call per row.
      const values = await lineage.versionValues(
        actor(c),
        result.items.map((item) => item.id),
      );
      response.items = response.items.map((item, i) => {
        const found = values.get(result.items[i]?.id ?? 0);
        return {
          ...item,
          ...(include.includes('metrics') ? { metrics: found?.metrics ?? {} } : {}),
          ...(include.includes('params') ? { params: found?.params ?? {} } : {}),
        };
      });
    }
    return c.json(response);
  };
}
