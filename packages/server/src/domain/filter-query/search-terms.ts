import type { EntityKind } from '../entities.js';
import type { ComparisonOperator, FilterExpression, Literal } from './ast.js';
import { invalidFilterQuery } from './query-error.js';
import type { FilterValue, ResolvedFilter } from './resolve.js';

/**
 * Search terms of model versions and registered models beyond their fields and custom
 * properties: metrics, hyperparameters, labels, aliases, stage and lineage. A backticked name
 * (`` `metrics.accuracy` ``) still names a custom property.
 */
export type RelatedTerm =
  | 'labels'
  | 'alias'
  | 'stage'
  | 'dataset.digest'
  | 'dataset.uri'
  | 'dataset.name'
  | 'code.commit'
  | 'code.repository'
  | 'code.path'
  | 'pipelineRun'
  /** The format of the version's model artifact (`modelFormatName`), e.g. onnx. */
  | 'format';

/** Terms with many values per version (labels, datasets, aliases): `!=` means "has none equal to". */
const MULTI_VALUED: ReadonlySet<RelatedTerm> = new Set([
  'labels',
  'alias',
  'dataset.digest',
  'dataset.uri',
  'dataset.name',
  'format',
]);

const RELATED_TERM_LIST: readonly RelatedTerm[] = [
  'labels',
  'alias',
  'stage',
  'dataset.digest',
  'dataset.uri',
  'dataset.name',
  'code.commit',
  'code.repository',
  'code.path',
  'pipelineRun',
  'format',
];
const RELATED_TERMS: ReadonlySet<string> = new Set<string>(RELATED_TERM_LIST);

/** The search terms beyond fields and properties, as a search box offers them. */
export const SEARCH_TERMS: readonly string[] = [...RELATED_TERM_LIST, 'metrics.', 'params.'];

/** Terms a registered model answers itself; the others hold when one of its versions does. */
const MODEL_LEVEL: ReadonlySet<RelatedTerm> = new Set(['labels', 'alias']);

export type SearchTermNode = Extract<ResolvedFilter, { kind: 'metric' | 'param' | 'related' }>;

type Comparison = Extract<FilterExpression, { kind: 'comparison' }>;

const STRING_OPERATORS: ReadonlySet<ComparisonOperator> = new Set([
  '=',
  '!=',
  'IN',
  'LIKE',
  'ILIKE',
  'IS NULL',
  'IS NOT NULL',
]);

/** A metric or parameter name: what follows `metrics.` or `params.`. */
const TERM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function fail(comparison: Comparison, problem: string): Error {
  return invalidFilterQuery(`${problem} (position ${comparison.property.position})`);
}

/**
 * The search term a comparison names, resolved, or undefined when the name is not one (then it
 * is a field or a custom property). Applies to model versions and registered models only.
 */
export function resolveSearchTerm(
  kind: EntityKind,
  comparison: Comparison,
  literals: readonly Literal[],
): ResolvedFilter | undefined {
  const { property } = comparison;
  if (kind !== 'modelVersion' && kind !== 'registeredModel') return undefined;
  if (property.quoted === true || property.suffix !== undefined) return undefined;
  const name = property.name;

  let node: ResolvedFilter;
  let modelLevel = false;
  if (name.startsWith('metrics.') || name.startsWith('params.')) {
    const isMetric = name.startsWith('metrics.');
    const termName = name.slice(isMetric ? 'metrics.'.length : 'params.'.length);
    if (!TERM_NAME.test(termName)) {
      throw fail(comparison, `'${name}' needs a ${isMetric ? 'metric' : 'parameter'} name after the '.'`);
    }
    node = isMetric
      ? resolveMetric(comparison, termName, literals)
      : resolveParam(comparison, termName, literals);
  } else if (RELATED_TERMS.has(name)) {
    const term = name as RelatedTerm;
    // A version's stage is its own field; a model's is that of any of its versions.
    if (term === 'stage' && kind === 'modelVersion') return undefined;
    node = resolveRelated(comparison, term, literals);
    modelLevel = MODEL_LEVEL.has(term);
  } else {
    return undefined;
  }
  if (kind === 'registeredModel' && !modelLevel) return { kind: 'anyVersion', operand: node };
  return node;
}

function resolveMetric(comparison: Comparison, name: string, literals: readonly Literal[]): ResolvedFilter {
  const { operator } = comparison;
  if (operator === 'LIKE' || operator === 'ILIKE') {
    throw fail(comparison, `metric '${name}' is a number; ${operator} only applies to strings`);
  }
  const values = literals.map((literal): FilterValue => {
    if (literal.type === 'int' || literal.type === 'double') return literal.value;
    throw fail(comparison, `metric '${name}' is a number; compare it with a number`);
  });
  return { kind: 'metric', name, operator, values };
}

function resolveParam(comparison: Comparison, name: string, literals: readonly Literal[]): ResolvedFilter {
  const { operator } = comparison;
  const first = literals[0];
  if (operator === 'IS NULL' || operator === 'IS NOT NULL' || first === undefined) {
    return { kind: 'param', name, valueType: 'any', operator, values: [] };
  }
  const valueType = first.type === 'string' ? 'string' : first.type === 'bool' ? 'bool' : 'number';
  if ((operator === 'LIKE' || operator === 'ILIKE') && valueType !== 'string') {
    throw fail(comparison, `${operator} on parameter '${name}' needs a quoted pattern`);
  }
  if (valueType === 'bool' && operator !== '=' && operator !== '!=') {
    throw fail(comparison, `parameter '${name}' is compared with a boolean, which allows only = and !=`);
  }
  return { kind: 'param', name, valueType, operator, values: literals.map((literal) => literal.value) };
}

function resolveRelated(
  comparison: Comparison,
  term: RelatedTerm,
  literals: readonly Literal[],
): ResolvedFilter {
  const { operator } = comparison;
  if (!STRING_OPERATORS.has(operator)) {
    throw fail(comparison, `'${term}' allows =, !=, IN, LIKE, ILIKE and IS [NOT] NULL, not ${operator}`);
  }
  const values = literals.map((literal): FilterValue => {
    if (literal.type === 'string') return literal.value;
    throw fail(comparison, `'${term}' is a string; compare it with a quoted value`);
  });
  if (operator === '!=' && MULTI_VALUED.has(term)) {
    // "not trained on D" rather than "trained on some dataset other than D".
    return { kind: 'not', operand: { kind: 'related', term, operator: '=', values } };
  }
  return { kind: 'related', term, operator, values };
}
