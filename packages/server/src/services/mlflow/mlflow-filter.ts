import type { FilterExpression, Literal, PropertyReference } from '../../domain/filter-query/ast.js';
import { parseFilterQuery } from '../../domain/filter-query/parser.js';
import { invalidFilterQuery } from '../../domain/filter-query/query-error.js';
import { resolveFilter, type ResolvedFilter } from '../../domain/filter-query/resolve.js';
import { RESERVED_PREFIX, RUN_ID_PROPERTY, SOURCE_PROPERTY, stageFromMlflow } from './mlflow-mapping.js';

const NO_SUCH_PROPERTY = `${RESERVED_PREFIX}none`;

/**
 * MLflow's search filter grammar (`name LIKE 'a%'`, `tags.x = 'y'`, `run_id IN ('…')`,
 * `version_number = 3`, `current_stage = 'Production'`, joined by AND) compiled to our filter
 * engine. It is parsed by our filterQuery parser, whose grammar is a superset (OR, NOT and
 * parentheses are accepted as an extension), then each MLflow attribute is renamed to the
 * field, custom property or search term that holds it.
 */

type Comparison = Extract<FilterExpression, { kind: 'comparison' }>;

/** The ids of the registered models a comparison on `name` selects (a version's `name` is its model's). */
export type ModelIdsMatching = (comparison: Comparison) => Promise<readonly number[]>;

const tag = (property: PropertyReference, name: string): PropertyReference => ({
  name,
  suffix: 'string_value',
  position: property.position,
});

function tagName(name: string): string | undefined {
  if (!name.startsWith('tags.')) return undefined;
  const rest = name.slice('tags.'.length);
  return rest.startsWith('`') && rest.endsWith('`') && rest.length > 1 ? rest.slice(1, -1) : rest;
}

function mapLiterals(value: Comparison['value'], map: (literal: Literal) => Literal): Comparison['value'] {
  return Array.isArray(value) ? value.map(map) : map(value as Literal);
}

const asText = (literal: Literal): Literal =>
  literal.type === 'string' ? literal : { type: 'string', value: String(literal.value) };

function unsupported(property: PropertyReference, kind: string): Error {
  return invalidFilterQuery(
    `Invalid attribute key '${property.name}' specified for ${kind} search (position ${property.position})`,
  );
}

function renameModelComparison(node: Comparison): Comparison {
  const { property } = node;
  if (property.name === 'name') return node;
  const key = tagName(property.name);
  if (key !== undefined) return { ...node, property: tag(property, key) };
  throw unsupported(property, 'registered model');
}

async function renameVersionComparison(
  node: Comparison,
  modelIds: ModelIdsMatching,
): Promise<FilterExpression> {
  const { property } = node;
  const key = tagName(property.name);
  if (key !== undefined) return { ...node, property: tag(property, key) };
  switch (property.name) {
    case 'name': {
      const ids = await modelIds(node);
      if (ids.length === 0) {
        // No model has the name: a condition no version meets (a property nobody can set).
        return { ...node, property: tag(property, NO_SUCH_PROPERTY), operator: 'IS NOT NULL', value: [] };
      }
      const values: Literal[] = ids.map((id) => ({ type: 'int', value: id }));
      return {
        ...node,
        property: { name: 'registeredModelId', position: property.position },
        operator: 'IN',
        value: values,
      };
    }
    case 'version_number':
      if (!['=', '!=', 'IN'].includes(node.operator)) {
        throw invalidFilterQuery(
          `version_number can only be compared with =, != or IN (position ${property.position})`,
        );
      }
      return {
        ...node,
        property: { name: 'name', position: property.position },
        value: mapLiterals(node.value, asText),
      };
    case 'run_id':
      return { ...node, property: tag(property, RUN_ID_PROPERTY), value: mapLiterals(node.value, asText) };
    case 'source_path':
    case 'source':
      return { ...node, property: tag(property, SOURCE_PROPERTY) };
    case 'current_stage':
      return {
        ...node,
        property: { name: 'stage', position: property.position },
        value: mapLiterals(node.value, (l) => ({ type: 'string', value: stageFromMlflow(String(l.value)) })),
      };
    default:
      throw unsupported(property, 'model version');
  }
}

async function rewrite(
  node: FilterExpression,
  visit: (comparison: Comparison) => Promise<FilterExpression>,
): Promise<FilterExpression> {
  if (node.kind === 'comparison') return visit(node);
  if (node.kind === 'not') return { kind: 'not', operand: await rewrite(node.operand, visit) };
  return { kind: node.kind, left: await rewrite(node.left, visit), right: await rewrite(node.right, visit) };
}

/** A registered-model search filter as our filter; undefined for none. */
export async function modelFilter(text: string | undefined): Promise<ResolvedFilter | undefined> {
  const parsed = text === undefined || text.trim() === '' ? undefined : parseFilterQuery(text);
  if (parsed === undefined) return undefined;
  return resolveFilter(
    'registeredModel',
    await rewrite(parsed, (c) => Promise.resolve(renameModelComparison(c))),
  );
}

/** A model-version search filter as our filter; undefined for none. */
export async function versionFilter(
  text: string | undefined,
  modelIds: ModelIdsMatching,
): Promise<ResolvedFilter | undefined> {
  const parsed = text === undefined || text.trim() === '' ? undefined : parseFilterQuery(text);
  if (parsed === undefined) return undefined;
  return resolveFilter('modelVersion', await rewrite(parsed, (c) => renameVersionComparison(c, modelIds)));
}

/** The filter that selects the registered models a comparison on `name` names. */
export function modelNameFilter(comparison: Comparison): ResolvedFilter {
  return resolveFilter('registeredModel', {
    ...comparison,
    property: { ...comparison.property, name: 'name' },
  });
}
