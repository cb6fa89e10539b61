import { sql, type JoinBuilder } from 'kysely';
import type { EntityByKind, EntityKind } from '../../../domain/entities.js';
import type { ResolvedFilter } from '../../../domain/filter-query/resolve.js';
import { orderTerm, type Cursor, type OrderField, type Page } from '../../../domain/pagination.js';
import type { ListQuery, VersionSortKey } from '../../../ports/catalog-repository.js';
import type { Database, EntityTable } from '../database.js';
import {
  columnComparison,
  filterToSql,
  orderTermConditions,
  requiredMetricTerms,
  visibleRows,
  withoutOrderTermConditions,
} from '../filter-to-sql.js';
import { versionsWithMetric } from '../search-terms-to-sql.js';
import type { SqlContext } from '../shared/sql-context.js';
import type { EntityProperties } from './entity-properties.js';
import { TABLE, columnOf } from './entity-rows.js';
import { sortExpressions } from './version-order.js';

const ORDER_COLUMN = {
  ID: 'id',
  CREATE_TIME: 'create_time',
  LAST_UPDATE_TIME: 'last_update_time',
  NAME: 'name',
  VERSION: 'version_sort_key',
  // Registered models only (migration 0019: kept on the model's row by the catalog store).
  LATEST_VERSION: 'latest_version_time',
  PRODUCTION_VERSION: 'production_version_time',
  STAGE: 'stage_rank',
  OWNER: 'owner',
} as const;

/** Order columns that may be NULL: such rows sort as the smallest value, on every engine. */
const NULLABLE_COLUMNS: ReadonlySet<string> = new Set([
  'latest_version_time',
  'production_version_time',
  'owner',
]);
/** Order columns of text: their cursor value is a string. */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['name', 'version_sort_key', 'owner']);

/** A metric term that at most this many values satisfy drives a version query from the metric index. */
const SELECTIVE_ROWS = 1000;

type Direction = 'asc' | 'desc';
type OrderTerm = NonNullable<ReturnType<typeof orderTerm>>;
type Condition = ReturnType<typeof orderTermConditions>[number];

/** The rows of a page: an entity row, and the value it is ordered by when that is a metric or parameter. */
interface PageRow {
  readonly id: number;
  readonly order_value?: unknown;
}

/**
 * The required metric terms of a version filter that at most SELECTIVE_ROWS metric values satisfy,
 * counted with a bounded walk of the metric index (cheap: it stops at SELECTIVE_ROWS + 1). Such a
 * term is compiled to drive the query from the index; a common one stays a per-version test, which
 * a page in id order finds quickly (ADR 9). The engines' planners cannot tell the two apart:
 * SQLite keeps no histogram of metric values.
 */
async function selectiveMetricTerms(
  ctx: SqlContext,
  filter: ResolvedFilter | undefined,
): Promise<Set<ResolvedFilter>> {
  const selective = new Set<ResolvedFilter>();
  const compare = columnComparison(ctx.dialect);
  for (const term of requiredMetricTerms(filter)) {
    const row = await ctx.db
      .selectFrom(
        versionsWithMetric(term, compare)
          .limit(SELECTIVE_ROWS + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    if (Number(row?.n ?? 0) <= SELECTIVE_ROWS) selective.add(term);
  }
  return selective;
}

/** The rows of `table` that match the list's conditions, but those the ordering join enforces. */
async function matchingRows(ctx: SqlContext, kind: EntityKind, q: ListQuery, term: OrderTerm | undefined) {
  const table = TABLE[kind];
  const { ref } = ctx.db.dynamic;
  let query = ctx.db.selectFrom(table).selectAll(table);
  for (const [field, value] of Object.entries(q.match ?? {})) {
    const column = ref(`${table}.${columnOf(field)}`);
    query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
  }
  // Conditions on the value a list is ordered by are enforced on the ordering join below; testing
  // them again in the filter would cost an EXISTS lookup per candidate row.
  const demanded = term === undefined ? [] : orderTermConditions(q.filter, term);
  const filter =
    term === undefined || demanded.length === 0 ? q.filter : withoutOrderTermConditions(q.filter, term);
  const selective =
    term === undefined && table === 'model_version' ? await selectiveMetricTerms(ctx, filter) : undefined;
  if (filter !== undefined) query = query.where(filterToSql(filter, table, ctx.dialect, { selective }));
  const visibility = q.visibility;
  if (visibility !== undefined) query = query.where(visibleRows(kind, table, visibility));
  return { query, demanded };
}

type MatchingQuery = Awaited<ReturnType<typeof matchingRows>>['query'];

/**
 * Ordered by a metric's value or a parameter's number, joined from the version's artifact. When the
 * filter already demands that value, an inner join lets the engine walk the (type, name, value,
 * version) index in order; otherwise versions without it come last.
 */
function orderedByTerm(
  ctx: SqlContext,
  matching: MatchingQuery,
  table: EntityTable,
  ordering: { term: OrderTerm; demanded: readonly Condition[]; direction: Direction; after?: Cursor },
) {
  const { term, demanded, direction, after } = ordering;
  const { ref } = ctx.db.dynamic;
  const beyond = direction === 'asc' ? '>' : '<';
  const type = term.kind === 'metric' ? 'metric' : 'parameter';
  const valueColumn = term.kind === 'metric' ? 'ord.metric_value' : 'ord.parameter_number';
  const join = (builder: JoinBuilder<Database & { ord: Database['artifact'] }, EntityTable | 'ord'>) =>
    builder
      .onRef('ord.model_version_id', '=', ref(`${table}.id`))
      .on('ord.artifact_type', '=', type)
      .on('ord.name', '=', term.name);
  let query = (
    demanded.length > 0
      ? matching.innerJoin('artifact as ord', join)
      : matching.leftJoin('artifact as ord', join)
  ).select(sql.ref(valueColumn).as('order_value'));
  const compare = columnComparison(ctx.dialect);
  for (const condition of demanded) {
    query = query.where(compare(sql.ref(valueColumn), condition.operator, condition.values));
  }
  const tie = ref(demanded.length > 0 ? 'ord.model_version_id' : `${table}.id`);
  const value = ref(valueColumn);
  if (after !== undefined) {
    query = query.where((eb) =>
      after.value === null
        ? eb.and([eb(value, 'is', null), eb(tie, beyond, after.id)])
        : eb.or([
            eb(value, beyond, after.value),
            eb.and([eb(value, '=', after.value), eb(tie, beyond, after.id)]),
            eb(value, 'is', null),
          ]),
    );
  }
  if (demanded.length === 0)
    query = query.orderBy(sql`case when ${sql.ref(valueColumn)} is null then 1 else 0 end`);
  return query.orderBy(value, direction).orderBy(tie, direction);
}

/** Ordered by a field of the row, then by id. */
function orderedByColumn(
  ctx: SqlContext,
  matching: MatchingQuery,
  table: EntityTable,
  ordering: { orderColumn: string; direction: Direction; after?: Cursor },
) {
  const { orderColumn, direction, after } = ordering;
  const { ref } = ctx.db.dynamic;
  const beyond = direction === 'asc' ? '>' : '<';
  const id = ref(`${table}.id`);
  const column = ref(`${table}.${orderColumn}`);
  const nullable = NULLABLE_COLUMNS.has(orderColumn);
  let query = matching;
  if (after !== undefined) {
    const { value } = after;
    if (orderColumn === 'id') query = query.where(id, beyond, after.id);
    else if (!nullable) {
      // `column >= v AND (column > v OR id > i)`: the first term is a range every engine seeks in
      // the column's index, so a page deep in the list starts where the last one ended instead of
      // testing every row before it (`column > v OR (column = v AND id > i)` alone is no range).
      const atOrBeyond = direction === 'asc' ? '>=' : '<=';
      query = query
        .where(column, atOrBeyond, value)
        .where((eb) => eb.or([eb(column, beyond, value), eb(id, beyond, after.id)]));
    } else {
      query = query.where((eb) => {
        // NULL is the smallest value: first ascending, last descending.
        if (value === null) {
          const nulls = eb.and([eb(column, 'is', null), eb(id, beyond, after.id)]);
          return direction === 'asc' ? eb.or([nulls, eb(column, 'is not', null)]) : nulls;
        }
        const rest = [eb(column, beyond, value), eb.and([eb(column, '=', value), eb(id, beyond, after.id)])];
        return eb.or(direction === 'desc' ? [...rest, eb(column, 'is', null)] : rest);
      });
    }
  }
  // PostgreSQL puts NULL last ascending unless told; SQLite and MySQL put it first.
  query =
    nullable && ctx.dialect.name === 'postgres'
      ? query.orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()))
      : query.orderBy(column, direction);
  if (orderColumn !== 'id') query = query.orderBy(id, direction);
  return query;
}

/** The cursor after the last row of a page, when more rows follow. */
function cursorAfter(last: PageRow & Readonly<Record<never, never>>, orderColumn: string): Cursor {
  const value =
    orderColumn === 'order_value' ? last.order_value : new Map(Object.entries(last)).get(orderColumn);
  const textual = TEXT_COLUMNS.has(orderColumn);
  return {
    value: value === null || value === undefined ? null : textual ? String(value) : Number(value),
    id: Number(last.id),
  };
}

/**
 * A page of model versions by several keys, then id, from `offset` (MLflow's searches): the
 * engine orders the matches and reads one page more than asked, to know whether more follow.
 */
async function listBySortKeys<K extends EntityKind>(
  ctx: SqlContext,
  properties: EntityProperties,
  kind: K,
  q: ListQuery & { sortKeys: readonly VersionSortKey[] },
): Promise<Page<EntityByKind[K]>> {
  if (kind !== 'modelVersion') throw new Error(`sort keys order model versions only, not ${kind}`);
  let { query } = await matchingRows(ctx, kind, q, undefined);
  for (const { key, descending } of q.sortKeys) {
    for (const expression of sortExpressions(ctx.dialect.name, key))
      query = query.orderBy(expression, descending ? 'desc' : 'asc');
  }
  query = query.orderBy(ctx.db.dynamic.ref(`${TABLE[kind]}.id`), 'asc');
  if (q.pageSize !== undefined) query = query.limit(q.pageSize + 1);
  if (q.offset !== undefined && q.offset > 0) {
    // MySQL takes no OFFSET without a LIMIT: its documented stand-in is the largest row count.
    if (q.pageSize === undefined) query = query.limit(Number.MAX_SAFE_INTEGER);
    query = query.offset(q.offset);
  }
  const rows = await query.execute();
  const hasMore = q.pageSize !== undefined && rows.length > q.pageSize;
  const pageRows = hasMore ? rows.slice(0, q.pageSize) : rows;
  const items = await properties.attach(kind, pageRows);
  const last = pageRows[pageRows.length - 1];
  return { items, next: hasMore && last !== undefined ? { value: null, id: Number(last.id) } : undefined };
}

/** One page of the entities of `kind` matching the query, in its order. */
export async function listEntities<K extends EntityKind>(
  ctx: SqlContext,
  properties: EntityProperties,
  kind: K,
  q: ListQuery,
): Promise<Page<EntityByKind[K]>> {
  const sortKeys = q.sortKeys;
  if (sortKeys !== undefined) return listBySortKeys(ctx, properties, kind, { ...q, sortKeys });
  const table = TABLE[kind];
  const term = orderTerm(q.orderBy);
  const direction = q.sortOrder === 'DESC' ? 'desc' : 'asc';
  const { query: matching, demanded } = await matchingRows(ctx, kind, q, term);
  const orderColumn = term === undefined ? ORDER_COLUMN[q.orderBy as OrderField] : 'order_value';
  let query =
    term !== undefined
      ? orderedByTerm(ctx, matching, table, { term, demanded, direction, after: q.after })
      : orderedByColumn(ctx, matching, table, { orderColumn, direction, after: q.after });
  if (q.pageSize !== undefined) query = query.limit(q.pageSize + 1);
  const rows = await query.execute();
  const hasMore = q.pageSize !== undefined && rows.length > q.pageSize;
  const pageRows = hasMore ? rows.slice(0, q.pageSize) : rows;
  const items = await properties.attach(kind, pageRows);
  const last = pageRows[pageRows.length - 1];
  const next = hasMore && last !== undefined ? cursorAfter(last, orderColumn) : undefined;
  return { items, next };
}
