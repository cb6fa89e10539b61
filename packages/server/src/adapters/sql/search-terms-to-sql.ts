import { sql, type Expression, type SqlBool } from 'kysely';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { RelatedTerm } from '../../domain/filter-query/search-terms.js';
import type { EntityTable } from './database.js';
import { shortText, shortTextTerm } from './shared/indexed-text.js';
import { filterBuilder, rowColumn, type CompareColumn, type RowName } from './filter-to-sql.js';

type SearchTerm = Extract<ResolvedFilter, { kind: 'metric' | 'param' | 'related' }>;

/** Where each lineage term lives: a column of the version's dataset artifacts or of its lineage row. */
const LINEAGE_COLUMNS: Partial<
  Record<RelatedTerm, { table: 'dataset' | 'lineage' | 'source'; column: string }>
> = {
  'dataset.digest': { table: 'dataset', column: 'digest' },
  'dataset.uri': { table: 'dataset', column: 'uri' },
  'dataset.name': { table: 'dataset', column: 'name' },
  'code.commit': { table: 'lineage', column: 'code_commit' },
  'code.repository': { table: 'lineage', column: 'code_repository' },
  'code.path': { table: 'lineage', column: 'code_path' },
  pipelineRun: { table: 'source', column: 'model_source_id' },
  format: { table: 'source', column: 'model_format_name' },
};

/**
 * Lineage terms whose value names one dataset or commit, held by few versions, and indexed
 * (artifact_digest_idx, artifact_uri_idx, version_lineage_commit_idx): an equality selects them
 * from the index. Names, repositories and paths are shared by many versions; they stay EXISTS.
 */
const IDENTIFYING: ReadonlySet<RelatedTerm> = new Set(['dataset.digest', 'dataset.uri', 'code.commit']);

/**
 * The ids of the versions with a value of metric `node.name` that satisfies the term, from the
 * (type, name, value, version) index: the driving subquery of a selective term, which the store
 * also counts (bounded) to tell a selective term from a common one.
 */
export function versionsWithMetric(
  node: Extract<ResolvedFilter, { kind: 'metric' }>,
  compare: CompareColumn,
) {
  return filterBuilder
    .selectFrom('artifact as sm')
    .select('sm.model_version_id')
    .where('sm.artifact_type', '=', 'metric')
    .where('sm.name', '=', node.name)
    .where('sm.model_version_id', 'is not', null)
    .where(compare(sql.ref('sm.metric_value'), node.operator, node.values));
}

/** How one search term is compiled: the builder, the row it tests (`ref`), its property owner kind, the comparison. */
interface TermContext {
  readonly ref: RowName;
  readonly owner: EntityTable;
  readonly compare: CompareColumn;
  readonly nullCheck: boolean;
  /** NOT EXISTS for IS NULL, EXISTS otherwise. */
  readonly presence: (exists: Expression<SqlBool>) => Expression<SqlBool>;
}

/**
 * Compiles a metric, parameter, label, alias, stage or lineage term for the row `ref` (a model
 * version, or a registered model for labels and aliases; `owner` is its custom-property kind).
 * Each is an EXISTS over the table that holds it, so a version with several datasets or labels
 * matches once.
 */
export function searchTermToSql(
  node: SearchTerm,
  ref: RowName,
  owner: EntityTable,
  compare: CompareColumn,
  selective = false,
): Expression<SqlBool> {
  const nullCheck = node.operator === 'IS NULL' || node.operator === 'IS NOT NULL';
  const presence = (exists: Expression<SqlBool>): Expression<SqlBool> =>
    node.operator === 'IS NULL' ? filterBuilder.not(exists) : exists;
  const context: TermContext = { ref, owner, compare, nullCheck, presence };
  switch (node.kind) {
    case 'metric':
      return metricToSql(context, node, selective);
    case 'param':
      return paramToSql(context, node);
    case 'related':
      return relatedToSql(context, node);
  }
}

/** The artifacts of type `type` of the version `ref`, as `alias`. */
function versionArtifacts({ ref }: TermContext, alias: 'sm' | 'sp' | 'sd', type: string) {
  return filterBuilder
    .selectFrom(`artifact as ${alias}`)
    .select(sql.lit(1).as('one'))
    .whereRef(`${alias}.model_version_id`, '=', rowColumn(ref, 'id'))
    .where(`${alias}.artifact_type`, '=', type);
}

function metricToSql(
  context: TermContext,
  node: Extract<SearchTerm, { kind: 'metric' }>,
  selective: boolean,
): Expression<SqlBool> {
  const eb = filterBuilder;
  const { ref, compare, nullCheck, presence } = context;
  if (selective && !nullCheck) {
    // Few versions have such a value (the store counted them): start from the metric index
    // and fetch those versions, rather than test every version in turn (ADR 9).
    return eb(rowColumn(ref, 'id'), 'in', versionsWithMetric(node, compare));
  }
  const query = versionArtifacts(context, 'sm', 'metric').where('sm.name', '=', node.name);
  if (nullCheck) return presence(eb.exists(query.where('sm.metric_value', 'is not', null)));
  return eb.exists(query.where(compare(sql.ref('sm.metric_value'), node.operator, node.values)));
}

function paramToSql(context: TermContext, node: Extract<SearchTerm, { kind: 'param' }>): Expression<SqlBool> {
  const eb = filterBuilder;
  const { compare, nullCheck, presence } = context;
  const query = versionArtifacts(context, 'sp', 'parameter').where('sp.name', '=', node.name);
  if (nullCheck) return presence(eb.exists(query));
  switch (node.valueType) {
    case 'number':
      return eb.exists(query.where(compare(sql.ref('sp.parameter_number'), node.operator, node.values)));
    case 'bool':
      return eb.exists(
        query.where(
          compare(
            sql`lower(${sql.ref('sp.parameter_value')})`,
            node.operator,
            node.values.map((v) => String(v)),
          ),
        ),
      );
    default:
      return eb.exists(query.where(compare(sql.ref('sp.parameter_value'), node.operator, node.values)));
  }
}

function relatedToSql(
  context: TermContext,
  node: Extract<SearchTerm, { kind: 'related' }>,
): Expression<SqlBool> {
  const eb = filterBuilder;
  const { ref, owner, compare, nullCheck, presence } = context;
  switch (node.term) {
    case 'labels': {
      // A label is a custom property with an empty string value, as Kubeflow's UI writes them.
      const query = eb
        .selectFrom('custom_property as sl')
        .select(sql.lit(1).as('one'))
        .where('sl.owner_kind', '=', owner)
        .whereRef('sl.owner_id', '=', rowColumn(ref, 'id'))
        .where('sl.value_type', '=', 'string')
        .where('sl.string_value', '=', '')
        .where(shortText(sql.ref('sl.string_value')));
      if (nullCheck) return presence(eb.exists(query));
      return eb.exists(query.where(compare(sql.ref('sl.name'), node.operator, node.values)));
    }
    case 'alias': {
      const column = owner === 'registered_model' ? 'registered_model_id' : ('model_version_id' as const);
      const query = eb
        .selectFrom('model_alias as sa')
        .select(sql.lit(1).as('one'))
        .whereRef(`sa.${column}`, '=', rowColumn(ref, 'id'));
      if (nullCheck) return presence(eb.exists(query));
      return eb.exists(query.where(compare(sql.ref('sa.alias'), node.operator, node.values)));
    }
    case 'stage':
      // Only reached for registered models, whose terms run against each version (`ref`).
      return compare(rowColumn(ref, 'stage'), node.operator, node.values);
    default:
      return lineageToSql(context, node);
  }
}

/** A dataset, code or source term: a column of the version's artifacts or of its lineage row. */
function lineageToSql(
  context: TermContext,
  node: Extract<SearchTerm, { kind: 'related' }>,
): Expression<SqlBool> {
  const eb = filterBuilder;
  const { ref, compare, nullCheck, presence } = context;
  const place = LINEAGE_COLUMNS[node.term];
  if (place === undefined) throw new Error(`no column for search term ${node.term}`);
  const alias = place.table === 'lineage' ? 'sv' : 'sd';
  const column = sql.ref(`${alias}.${place.column}`);
  if (IDENTIFYING.has(node.term) && (node.operator === '=' || node.operator === 'IN')) {
    // `id IN (versions with that value)` rather than a correlated EXISTS: the engine starts from the
    // value's index and fetches the few versions it names. With EXISTS, SQLite tests every version
    // in turn (a scan of model_version: seconds at 1M versions). No NULL id in the list, so NOT
    // (for `!=`) stays exact.
    // PostgreSQL's index of URIs holds only the short ones (migration 0023): an equality says so.
    const short = node.term === 'dataset.uri' ? shortTextTerm(column, node.operator, node.values) : undefined;
    const compared = compare(column, node.operator, node.values);
    const matches = short === undefined ? compared : eb.and([compared, short]);
    const ids =
      place.table === 'lineage'
        ? eb.selectFrom('version_lineage as sv').select('sv.model_version_id').where(matches)
        : eb
            .selectFrom('artifact as sd')
            .select('sd.model_version_id')
            .where('sd.artifact_type', '=', 'dataset-artifact')
            .where('sd.model_version_id', 'is not', null)
            .where(matches);
    return eb(rowColumn(ref, 'id'), 'in', ids);
  }
  const condition = nullCheck
    ? sql<SqlBool>`${column} is not null`
    : compare(column, node.operator, node.values);
  const query =
    place.table === 'lineage'
      ? eb
          .selectFrom('version_lineage as sv')
          .select(sql.lit(1).as('one'))
          .whereRef('sv.model_version_id', '=', rowColumn(ref, 'id'))
          .where(condition)
      : versionArtifacts(
          context,
          'sd',
          place.table === 'dataset' ? 'dataset-artifact' : 'model-artifact',
        ).where(condition);
  return nullCheck ? presence(eb.exists(query)) : eb.exists(query);
}
