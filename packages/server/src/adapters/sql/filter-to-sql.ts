import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { ComparisonOperator } from '../../domain/filter-query/ast.js';
import type { EntityKind } from '../../domain/entities.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { ModelVisibility } from '../../ports/metadata-store.js';
import { columnOf } from './catalog/entity-rows.js';
import type { Database, EntityTable } from './database.js';
import { searchTermToSql } from './search-terms-to-sql.js';
import { shortTextTerm } from './shared/indexed-text.js';
import type { SqlDialect } from './dialects/sql-dialect.js';

type Scalar = string | number | boolean;

/** Compares one column with a filter's operator and values, every value bound. */
export type CompareColumn = (
  column: Expression<unknown>,
  operator: ComparisonOperator,
  values: readonly Scalar[],
) => Expression<SqlBool>;

/**
 * The names a filtered row goes by in a statement: its table, or the alias a nested term or a
 * name suggestion gives it (`fv`: a model's version in `anyVersion`; `rm`, `mv`: browse-queries.ts).
 */
export type RowName = EntityTable | 'fv' | 'rm' | 'mv';

/**
 * The builder every filter expression is made with, typed by the schema: the subqueries it opens
 * (`custom_property as p`, `artifact as sm`, ...) are checked against `Database`. The row a filter
 * tests is named at run time (the list's table, or an alias), so it is reached through `rowColumn`.
 * An expression is a tree of nodes, independent of the builder that made it: the statement that
 * embeds it compiles it like any of its own.
 */
export const filterBuilder = expressionBuilder<Database>();

/** A column of the row a filter tests (`model_version.id`, `fv.stage`), by its run-time name. */
export function rowColumn(row: RowName, column: string): Expression<unknown> {
  return sql.ref(`${row}.${column}`);
}

export interface FilterCompileOptions {
  /**
   * Metric terms known to match few rows (see `selectiveMetricTerms`): compiled as `id IN (the
   * versions with such a value)`, which the engine answers from the metric index.
   */
  readonly selective?: ReadonlySet<ResolvedFilter>;
}

/**
 * The metric terms of a filter that every match must satisfy (top-level conjuncts) and that compare
 * the value (not IS [NOT] NULL, not `!=`): the candidates for `selective`.
 */
export function requiredMetricTerms(
  filter: ResolvedFilter | undefined,
): Extract<ResolvedFilter, { kind: 'metric' }>[] {
  if (filter === undefined) return [];
  if (filter.kind === 'and')
    return [...requiredMetricTerms(filter.left), ...requiredMetricTerms(filter.right)];
  if (filter.kind !== 'metric') return [];
  return ['IS NULL', 'IS NOT NULL', '!='].includes(filter.operator) ? [] : [filter];
}

/**
 * Compiles a resolved filterQuery into a WHERE expression. Every value is a bound
 * parameter and every column comes from the entity's field table, so no input can
 * change the structure of the statement.
 */
export function filterToSql(
  filter: ResolvedFilter,
  table: EntityTable,
  dialect: SqlDialect,
  options: FilterCompileOptions = {},
): Expression<SqlBool> {
  const eb = filterBuilder;
  // `table` is the owner kind of custom properties; `ref` the name the row goes by in the statement.
  const compile = (
    node: ResolvedFilter,
    ref: RowName = table,
    owner: EntityTable = table,
  ): Expression<SqlBool> => {
    switch (node.kind) {
      case 'and':
        return eb.and([compile(node.left, ref, owner), compile(node.right, ref, owner)]);
      case 'or':
        return eb.or([compile(node.left, ref, owner), compile(node.right, ref, owner)]);
      case 'not':
        return eb.not(compile(node.operand, ref, owner));
      case 'field':
        return comparison(rowColumn(ref, columnOf(node.field)), node.operator, node.values);
      case 'anyVersion': {
        // Aliases are unique per nesting level; a model's terms never nest deeper than one.
        const versions = eb
          .selectFrom('model_version as fv')
          .select(sql.lit(1).as('one'))
          .whereRef('fv.registered_model_id', '=', rowColumn(ref, 'id'))
          .where(compile(node.operand, 'fv', 'model_version'));
        return eb.exists(versions);
      }
      case 'metric':
      case 'param':
      case 'related':
        return searchTermToSql(node, ref, owner, comparison, options.selective?.has(node) === true);
      case 'custom':
        return customPropertyToSql(node, { ref, owner }, dialect);
    }
  };
  const comparison = columnComparison(dialect);

  return compile(filter);
}

type CustomTerm = Extract<ResolvedFilter, { kind: 'custom' }>;

/** A custom property term: an EXISTS over the entity's properties (of the term's type). */
function customPropertyToSql(
  node: CustomTerm,
  row: { ref: RowName; owner: EntityTable },
  dialect: SqlDialect,
): Expression<SqlBool> {
  const eb = filterBuilder;
  const { name, valueType, operator } = node;
  const property = (condition?: Expression<SqlBool>) => {
    let query = eb
      .selectFrom('custom_property as p')
      .select(sql.lit(1).as('one'))
      .where('p.owner_kind', '=', row.owner)
      .whereRef('p.owner_id', '=', rowColumn(row.ref, 'id'))
      .where('p.name', '=', name);
    if (condition !== undefined) query = query.where(condition);
    return query;
  };
  if (operator === 'IS NULL' || operator === 'IS NOT NULL') {
    // A custom property is null when the entity does not have it (of that type, with a suffix).
    const typed =
      valueType === 'any' || valueType === 'number' ? undefined : eb(sql.ref('p.value_type'), '=', valueType);
    const exists = eb.exists(property(typed));
    return operator === 'IS NULL' ? eb.not(exists) : exists;
  }
  return eb.exists(property(customValueCondition(node, dialect)));
}

/** The condition on a property row's value columns that a custom term asks for. */
function customValueCondition(node: CustomTerm, dialect: SqlDialect): Expression<SqlBool> {
  const eb = filterBuilder;
  const { valueType, operator, values } = node;
  const column = (c: string) => sql.ref(`p.${c}`);
  const comparison = columnComparison(dialect);
  switch (valueType) {
    case 'string': {
      const short = shortTextTerm(column('string_value'), operator, values);
      return eb.and([
        eb(column('value_type'), '=', 'string'),
        comparison(column('string_value'), operator, values),
        ...(short === undefined ? [] : [short]),
      ]);
    }
    case 'int':
      return comparison(column('int_value'), operator, values);
    case 'double':
      return comparison(column('double_value'), operator, values);
    case 'number': {
      // An integer literal matches an int_value or a double_value property. With a fraction
      // among the values (BETWEEN 0.9 AND 1), the integer column is compared as a decimal:
      // PostgreSQL will not read 0.9 as a bigint.
      const fractional = values.some((v) => typeof v === 'number' && !Number.isInteger(v));
      const intColumn = fractional ? sql`(${column('int_value')} * 1.0)` : column('int_value');
      return eb.or([
        comparison(intColumn, operator, values),
        comparison(column('double_value'), operator, values),
      ]);
    }
    case 'bool': {
      const booleanParam = (value: Scalar): Scalar =>
        typeof value === 'boolean' ? dialect.bool(value) : value;
      return comparison(column('bool_value'), operator, values.map(booleanParam));
    }
    case 'any':
      return sql<SqlBool>`1 = 0`;
  }
}

/** Compares a column with a filter operator's values for `dialect`, every value a bound parameter. */
export function columnComparison(dialect: SqlDialect): CompareColumn {
  const booleanParam = (value: Scalar): Scalar => (typeof value === 'boolean' ? dialect.bool(value) : value);

  return (
    column: Expression<unknown>,
    operator: ComparisonOperator,
    values: readonly Scalar[],
  ): Expression<SqlBool> => {
    if (operator === 'IS NULL') return sql<SqlBool>`${column} is null`;
    if (operator === 'IS NOT NULL') return sql<SqlBool>`${column} is not null`;
    const first = values[0];
    if (first === undefined) return sql<SqlBool>`1 = 0`;
    switch (operator) {
      case 'BETWEEN':
        return sql<SqlBool>`${column} between ${booleanParam(first)} and ${booleanParam(values[1] ?? first)}`;
      case 'IN':
        return sql<SqlBool>`${column} in (${sql.join(values.map((v) => sql.val(booleanParam(v))))})`;
      case 'LIKE':
        return dialect.likeNeedsEscapeClause
          ? sql<SqlBool>`${column} like ${first} escape '\\'`
          : sql<SqlBool>`${column} like ${first}`;
      case 'ILIKE':
        return dialect.likeNeedsEscapeClause
          ? sql<SqlBool>`lower(${column}) like lower(${first}) escape '\\'`
          : sql<SqlBool>`lower(${column}) like lower(${first})`;
      case '!=':
        return sql<SqlBool>`${column} <> ${booleanParam(first)}`;
      case '=':
      case '<':
      case '>':
      case '<=':
      case '>=':
        return sql<SqlBool>`${column} ${sql.raw(operator)} ${booleanParam(first)}`;
    }
  };
}

/**
 * The conjuncts of a filter that demand a value of the metric or numeric parameter a list is
 * ordered by (`metrics.accuracy > 0.95 AND ...` ordered by `metrics.accuracy`). Rows without the
 * value cannot match then, so the ordering may join the value's artifact without keeping them.
 */
export function orderTermConditions(
  filter: ResolvedFilter | undefined,
  term: { kind: 'metric' | 'param'; name: string },
): { operator: ComparisonOperator; values: readonly Scalar[] }[] {
  if (filter === undefined) return [];
  if (filter.kind === 'and') {
    return [...orderTermConditions(filter.left, term), ...orderTermConditions(filter.right, term)];
  }
  const demands =
    (filter.kind === 'metric' && term.kind === 'metric') ||
    (filter.kind === 'param' && term.kind === 'param' && filter.valueType === 'number');
  if (!demands || filter.name !== term.name) return [];
  if (filter.operator === 'IS NULL') return [];
  if (filter.operator === 'IS NOT NULL') return [{ operator: 'IS NOT NULL', values: [] }];
  return [{ operator: filter.operator, values: filter.values }];
}

/**
 * The filter without the conjuncts `orderTermConditions` returns, which the ordering join enforces
 * (a version has one artifact of a name, so the join's row is the one the EXISTS would find);
 * undefined when nothing is left.
 */
export function withoutOrderTermConditions(
  filter: ResolvedFilter | undefined,
  term: { kind: 'metric' | 'param'; name: string },
): ResolvedFilter | undefined {
  if (filter === undefined) return undefined;
  if (filter.kind === 'and') {
    const left = withoutOrderTermConditions(filter.left, term);
    const right = withoutOrderTermConditions(filter.right, term);
    if (left === undefined) return right;
    if (right === undefined) return left;
    return { kind: 'and', left, right };
  }
  return orderTermConditions(filter, term).length > 0 ? undefined : filter;
}

/**
 * The rows of `kind` that belong to a visible registered model (listed, or owned by the caller).
 * Kinds that belong to no registered model are invisible then.
 */
export function visibleRows(
  kind: EntityKind,
  table: RowName,
  visibility: ModelVisibility,
): Expression<SqlBool> {
  const eb = filterBuilder;
  const models = () => {
    let query = eb.selectFrom('registered_model as vm').select('vm.id');
    query = query.where((inner) =>
      inner.or([
        ...(visibility.modelIds.length > 0 ? [inner('vm.id', 'in', [...visibility.modelIds])] : []),
        ...(visibility.owner !== undefined ? [inner('vm.owner', '=', visibility.owner)] : []),
        sql<SqlBool>`1 = 0`,
      ]),
    );
    return query;
  };
  switch (kind) {
    case 'registeredModel':
      return eb(rowColumn(table, 'id'), 'in', models());
    case 'modelVersion':
    case 'inferenceService':
      return eb(rowColumn(table, 'registered_model_id'), 'in', models());
    case 'artifact':
      return eb(
        rowColumn(table, 'model_version_id'),
        'in',
        eb.selectFrom('model_version as vv').select('vv.id').where('vv.registered_model_id', 'in', models()),
      );
    case 'serveModel':
      return eb(
        rowColumn(table, 'inference_service_id'),
        'in',
        eb
          .selectFrom('inference_service as vi')
          .select('vi.id')
          .where('vi.registered_model_id', 'in', models()),
      );
    default:
      return sql<SqlBool>`1 = 0`;
  }
}
