import type { EntityKind } from '../entities.js';
import { ENTITY_FIELDS, FILTER_ALIASES, type FieldType } from '../entity-fields.js';
import type { ComparisonOperator, FilterExpression, Literal, PropertyReference, ValueSuffix } from './ast.js';
import { invalidFilterQuery } from './query-error.js';
import { resolveSearchTerm, type RelatedTerm } from './search-terms.js';

export type FilterValue = string | number | boolean;

/**
 * How a custom property is compared: against one typed column, or, for 'number', against
 * int_value and double_value alike (an unsuffixed integer literal cannot tell which was meant).
 */
/** 'any': a null check, whatever the value type. */
export type CustomValueType = 'string' | 'int' | 'double' | 'bool' | 'number' | 'any';

/**
 * A filterQuery checked against one entity kind: every comparison knows whether it targets
 * a standard column or a custom property, and its values have the type that target needs.
 */
export type ResolvedFilter =
  | { kind: 'and' | 'or'; left: ResolvedFilter; right: ResolvedFilter }
  | { kind: 'not'; operand: ResolvedFilter }
  | {
      kind: 'field';
      field: string;
      fieldType: FieldType;
      operator: ComparisonOperator;
      /** One element unless the operator is IN. */
      values: readonly FilterValue[];
    }
  | {
      kind: 'custom';
      name: string;
      valueType: CustomValueType;
      operator: ComparisonOperator;
      /** One element unless the operator is IN. */
      values: readonly FilterValue[];
    }
  /** `metrics.<name>`: the value of the version's metric artifact of that name. */
  | { kind: 'metric'; name: string; operator: ComparisonOperator; values: readonly FilterValue[] }
  /** `params.<name>`: the version's parameter artifact, compared as text, number or boolean. */
  | {
      kind: 'param';
      name: string;
      valueType: 'string' | 'number' | 'bool' | 'any';
      operator: ComparisonOperator;
      values: readonly FilterValue[];
    }
  /** Labels, aliases, a model's stage and lineage: see search-terms.ts. */
  | { kind: 'related'; term: RelatedTerm; operator: ComparisonOperator; values: readonly FilterValue[] }
  /** On a registered model: one of its versions satisfies the operand. */
  | { kind: 'anyVersion'; operand: ResolvedFilter };

type Comparison = Extract<FilterExpression, { kind: 'comparison' }>;

const SUFFIX_TYPES: Readonly<Record<ValueSuffix, 'string' | 'int' | 'double' | 'bool'>> = {
  string_value: 'string',
  int_value: 'int',
  double_value: 'double',
  bool_value: 'bool',
};

/** How each field type reads in "property 'x' is ..." messages, and what it should be compared with. */
const FIELD_TYPE_TEXT: Readonly<Record<FieldType, { is: string; compareWith: string }>> = {
  id: { is: 'an id', compareWith: 'an integer or a quoted string of digits' },
  string: { is: 'a string', compareWith: 'a quoted value' },
  int: { is: 'an integer', compareWith: 'an integer' },
  double: { is: 'a number', compareWith: 'a number' },
  time: { is: 'a time in milliseconds since the epoch', compareWith: 'an integer' },
  stringList: { is: 'a list', compareWith: 'nothing' },
};

const SUFFIX_TEXT: Readonly<Record<ValueSuffix, { is: string; compareWith: string }>> = {
  string_value: { is: 'a string', compareWith: 'a quoted value' },
  int_value: { is: 'an integer', compareWith: 'an integer' },
  double_value: { is: 'a number', compareWith: 'a number' },
  bool_value: { is: 'a boolean', compareWith: 'true or false' },
};

const DIGITS = /^[0-9]+$/;
/** The largest value every engine's id column (a 32-bit INTEGER on PostgreSQL) can be compared with. */
export const MAX_ID_LITERAL = 2_147_483_647;

/**
 * Decides, for one entity kind, what each comparison of a parsed filterQuery refers to, and
 * checks its literal against that target. Throws InputError('INVALID_FILTER_QUERY') naming the
 * property and its position when the comparison cannot be made.
 */
/**
 * SQLite refuses expressions deeper than 1000 levels and every engine bounds its bound
 * parameters, so a query is limited in comparisons and list values rather than failing in SQL.
 */
export const MAX_FILTER_COMPARISONS = 256;
export const MAX_FILTER_VALUES = 1000;

export function resolveFilter(kind: EntityKind, expr: FilterExpression): ResolvedFilter {
  let comparisons = 0;
  let values = 0;
  const count = (node: FilterExpression): void => {
    if (node.kind === 'not') {
      count(node.operand);
      return;
    }
    if (node.kind !== 'comparison') {
      count(node.left);
      count(node.right);
      return;
    }
    comparisons += 1;
    values += Array.isArray(node.value) ? node.value.length : 1;
  };
  count(expr);
  if (comparisons > MAX_FILTER_COMPARISONS) {
    throw invalidFilterQuery(
      `at most ${MAX_FILTER_COMPARISONS} comparisons are allowed, the query has ${comparisons}`,
    );
  }
  if (values > MAX_FILTER_VALUES) {
    throw invalidFilterQuery(`at most ${MAX_FILTER_VALUES} values are allowed, the query has ${values}`);
  }
  return resolveNode(kind, expr);
}

function resolveNode(kind: EntityKind, expr: FilterExpression): ResolvedFilter {
  if (expr.kind === 'comparison') return resolveComparison(kind, expr);
  if (expr.kind === 'not') return { kind: 'not', operand: resolveNode(kind, expr.operand) };
  return { kind: expr.kind, left: resolveNode(kind, expr.left), right: resolveNode(kind, expr.right) };
}

function isLiteralList(value: Literal | readonly Literal[]): value is readonly Literal[] {
  return Array.isArray(value);
}

function describeProperty(property: PropertyReference): string {
  return property.suffix === undefined ? property.name : `${property.name}.${property.suffix}`;
}

function fail(property: PropertyReference, problem: string): Error {
  return invalidFilterQuery(`${problem} (position ${property.position})`);
}

function category(literal: Literal): 'text' | 'number' | 'boolean' {
  if (literal.type === 'string') return 'text';
  if (literal.type === 'bool') return 'boolean';
  return 'number';
}

/** Normalises the value/operator pairing, which a hand-built tree could get wrong. */
function literalsOf(comparison: Comparison): readonly Literal[] {
  const { operator, property, value } = comparison;
  const label = describeProperty(property);
  if (!isLiteralList(value)) {
    if (operator === 'IN' || operator === 'BETWEEN') {
      throw fail(property, `${operator} on property '${label}' needs a list of values`);
    }
    return [value];
  }
  if (operator === 'BETWEEN') {
    const [low, high] = value;
    if (value.length !== 2 || low === undefined || high === undefined) {
      throw fail(property, `BETWEEN on property '${label}' needs two values`);
    }
    if (category(low) !== category(high) || category(low) === 'boolean') {
      throw fail(property, `BETWEEN on property '${label}' needs two numbers or two strings`);
    }
    return value;
  }
  if (operator !== 'IN') throw fail(property, `${operator} on property '${label}' needs a single value`);
  const first = value[0];
  if (first === undefined) throw fail(property, `the IN list of property '${label}' is empty`);
  const mixed = value.find((literal) => category(literal) !== category(first));
  if (mixed !== undefined) {
    throw fail(
      property,
      `the IN list of property '${label}' mixes ${category(first)} and ${category(mixed)} values; use one type`,
    );
  }
  return value;
}

function resolveComparison(kind: EntityKind, comparison: Comparison): ResolvedFilter {
  const { property } = comparison;
  const nullCheck = comparison.operator === 'IS NULL' || comparison.operator === 'IS NOT NULL';
  const literals = nullCheck ? [] : literalsOf(comparison);
  const term = resolveSearchTerm(kind, comparison, literals);
  if (term !== undefined) return term;
  if (nullCheck) return resolveNullCheck(kind, comparison);
  if (property.suffix === undefined) {
    const fields: Readonly<Record<string, FieldType>> = ENTITY_FIELDS[kind];
    // Object.hasOwn keeps names like `constructor` or `__proto__` custom properties.
    const directType = Object.hasOwn(fields, property.name) ? fields[property.name] : undefined;
    if (directType !== undefined) {
      return resolveField(comparison, property.name, directType, literals);
    }
    const aliases = FILTER_ALIASES[kind];
    const alias =
      aliases !== undefined && Object.hasOwn(aliases, property.name) ? aliases[property.name] : undefined;
    if (alias !== undefined) {
      // literalsOf guarantees a non-empty, single-category list.
      const first = literals[0];
      if (first?.type === 'bool') {
        throw fail(property, `property '${property.name}' cannot be compared with true or false`);
      }
      const field = first?.type === 'string' ? alias.string : alias.number;
      const aliasType = Object.hasOwn(fields, field) ? fields[field] : undefined;
      if (aliasType === undefined) {
        throw new Error(
          `FILTER_ALIASES.${kind}.${property.name} names '${field}', which is not a field of ${kind}`,
        );
      }
      return resolveField(comparison, field, aliasType, literals);
    }
  }
  return resolveCustom(comparison, literals);
}

/** `x IS [NOT] NULL`: a standard field without a value, or a custom property that is absent. */
function resolveNullCheck(kind: EntityKind, comparison: Comparison): ResolvedFilter {
  const { property, operator } = comparison;
  const fields: Readonly<Record<string, FieldType>> = ENTITY_FIELDS[kind];
  const fieldType =
    property.suffix === undefined && Object.hasOwn(fields, property.name) ? fields[property.name] : undefined;
  if (fieldType !== undefined)
    return { kind: 'field', field: property.name, fieldType, operator, values: [] };
  return {
    kind: 'custom',
    name: property.name,
    valueType: property.suffix === undefined ? 'any' : SUFFIX_TYPES[property.suffix],
    operator,
    values: [],
  };
}

function isPattern(operator: ComparisonOperator): boolean {
  return operator === 'LIKE' || operator === 'ILIKE';
}

function resolveField(
  comparison: Comparison,
  field: string,
  fieldType: FieldType,
  literals: readonly Literal[],
): ResolvedFilter {
  const { property, operator } = comparison;
  const name = property.name;
  const text = FIELD_TYPE_TEXT[fieldType];
  if (fieldType === 'stringList') {
    throw fail(property, `property '${name}' is a list and cannot be used in a filterQuery`);
  }
  if (isPattern(operator) && fieldType !== 'string') {
    throw fail(property, `${operator} only applies to strings, and property '${name}' is ${text.is}`);
  }
  const mismatch = (): Error =>
    fail(property, `property '${name}' is ${text.is}; compare it with ${text.compareWith}`);
  const values = literals.map((literal): FilterValue => {
    switch (fieldType) {
      case 'string':
        if (literal.type === 'string') return literal.value;
        throw mismatch();
      case 'id': {
        // The REST API carries ids as strings, so clients naturally quote them.
        const quoted = literal.type === 'string' && DIGITS.test(literal.value);
        if (literal.type !== 'int' && !quoted) throw mismatch();
        const id = Number(literal.value);
        // Id columns are 32-bit on PostgreSQL: a larger literal is an error there, not a miss.
        if (Number.isSafeInteger(id) && Math.abs(id) <= MAX_ID_LITERAL) return id;
        throw fail(
          property,
          `id ${literal.type === 'int' ? literal.value : `'${literal.value}'`} for property '${name}' is out of range (ids are at most ${MAX_ID_LITERAL})`,
        );
      }
      case 'int':
      case 'time':
        if (literal.type === 'int') return literal.value;
        throw mismatch();
      case 'double':
        if (literal.type === 'int' || literal.type === 'double') return literal.value;
        throw mismatch();
    }
  });
  return { kind: 'field', field, fieldType, operator, values };
}

function resolveCustom(comparison: Comparison, literals: readonly Literal[]): ResolvedFilter {
  const { property, operator } = comparison;
  const label = describeProperty(property);
  const { suffix } = property;
  // literalsOf guarantees a non-empty, single-category list, so the first literal speaks for all.
  const first = literals[0];
  if (first === undefined) throw fail(property, `the IN list of property '${label}' is empty`);

  if (isPattern(operator)) {
    if (suffix !== undefined && suffix !== 'string_value') {
      throw fail(
        property,
        `${operator} only applies to strings, and property '${label}' is ${SUFFIX_TEXT[suffix].is}`,
      );
    }
    if (first.type !== 'string')
      throw fail(property, `${operator} on property '${label}' needs a quoted pattern`);
  }

  let valueType: CustomValueType;
  if (suffix === undefined) {
    if (first.type === 'int' || first.type === 'double') {
      valueType = literals.some((literal) => literal.type === 'int') ? 'number' : 'double';
    } else {
      valueType = first.type;
    }
  } else {
    valueType = SUFFIX_TYPES[suffix];
    const fits = (literal: Literal): boolean =>
      literal.type === valueType || (valueType === 'double' && literal.type === 'int');
    if (!literals.every(fits)) {
      const text = SUFFIX_TEXT[suffix];
      throw fail(property, `property '${label}' is ${text.is}; compare it with ${text.compareWith}`);
    }
  }

  if (valueType === 'bool' && operator !== '=' && operator !== '!=') {
    throw fail(property, `property '${label}' is compared with a boolean, which allows only = and !=`);
  }
  return {
    kind: 'custom',
    name: property.name,
    valueType,
    operator,
    values: literals.map((literal) => literal.value),
  };
}
