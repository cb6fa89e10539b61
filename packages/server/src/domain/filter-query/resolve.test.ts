import { describe, it, expect } from 'vitest';
import { ENTITY_KINDS, type EntityKind } from '../entities.js';
import { InputError } from '../errors.js';
import type { FilterExpression } from './ast.js';
import { parseFilterQuery } from './parser.js';
import { resolveFilter, type ResolvedFilter } from './resolve.js';

function resolve(kind: EntityKind, query: string): ResolvedFilter {
  const expr = parseFilterQuery(query);
  if (expr === undefined) throw new Error('empty query');
  return resolveFilter(kind, expr);
}

/** Resolves a query that must fail and returns its message, after checking class and code. */
function resolveError(kind: EntityKind, query: string | FilterExpression): string {
  const expr = typeof query === 'string' ? parseFilterQuery(query) : query;
  if (expr === undefined) throw new Error('empty query');
  try {
    resolveFilter(kind, expr);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('INVALID_FILTER_QUERY');
    return (error as InputError).message;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected for ${kind}`);
}

function expectRejected(kind: EntityKind, query: string, message: string, position = 0): void {
  const actual = resolveError(kind, query);
  expect(actual).toMatch(/^invalid filterQuery: /);
  expect(actual).toContain(message);
  expect(actual).toContain(`(position ${position})`);
}

describe('resolveFilter: standard fields', () => {
  it('resolves a string field', () => {
    expect(resolve('registeredModel', "name = 'm'")).toEqual({
      kind: 'field',
      field: 'name',
      fieldType: 'string',
      operator: '=',
      values: ['m'],
    });
  });

  it('resolves name and id on every entity kind', () => {
    for (const kind of ENTITY_KINDS) {
      expect(resolve(kind, "name != 'x'")).toEqual({
        kind: 'field',
        field: 'name',
        fieldType: 'string',
        operator: '!=',
        values: ['x'],
      });
      expect(resolve(kind, 'id = 4')).toMatchObject({
        kind: 'field',
        field: 'id',
        fieldType: 'id',
        values: [4],
      });
    }
  });

  it('rejects a non-string literal for a string field with the exact message', () => {
    expect(resolveError('registeredModel', 'name = 1')).toBe(
      "invalid filterQuery: property 'name' is a string; compare it with a quoted value (position 0)",
    );
    expectRejected('registeredModel', 'name = true', "property 'name' is a string");
    expectRejected('modelVersion', "name = 'a' AND author = 2.5", "property 'author' is a string", 15);
  });

  it('accepts ints and strings of digits for id fields, as numbers', () => {
    expect(resolve('modelVersion', "registeredModelId = '12'")).toEqual({
      kind: 'field',
      field: 'registeredModelId',
      fieldType: 'id',
      operator: '=',
      values: [12],
    });
    expect(resolve('artifact', "id IN ('1', '002', '30')")).toMatchObject({
      operator: 'IN',
      values: [1, 2, 30],
    });
    expect(resolve('artifact', 'id IN (1, 2)')).toMatchObject({ values: [1, 2] });
    expect(resolve('artifact', 'id > 10')).toMatchObject({ operator: '>', values: [10] });
  });

  it('rejects ids that are not integers or digit strings', () => {
    const message = "property 'id' is an id; compare it with an integer or a quoted string of digits";
    expectRejected('artifact', 'id = 1.5', message);
    expectRejected('artifact', "id = 'abc'", message);
    expectRejected('artifact', "id = '-1'", message);
    expectRejected('artifact', "id = ''", message);
    expectRejected('artifact', 'id = true', message);
    expectRejected(
      'artifact',
      "id = '99999999999999999999'",
      "id '99999999999999999999' for property 'id' is out of range",
    );
  });

  it('accepts only integers for time fields', () => {
    expect(resolve('experimentRun', 'startTimeSinceEpoch >= 1700000000000')).toEqual({
      kind: 'field',
      field: 'startTimeSinceEpoch',
      fieldType: 'time',
      operator: '>=',
      values: [1700000000000],
    });
    const message =
      "property 'createTimeSinceEpoch' is a time in milliseconds since the epoch; compare it with an integer";
    expectRejected('registeredModel', 'createTimeSinceEpoch > 1.5', message);
    expectRejected('registeredModel', "createTimeSinceEpoch > '1700000000000'", message);
  });

  it('accepts only integers for int fields', () => {
    expect(resolve('metricHistory', 'step <= 3')).toEqual({
      kind: 'field',
      field: 'step',
      fieldType: 'int',
      operator: '<=',
      values: [3],
    });
    expectRejected('artifact', 'step = 2.5', "property 'step' is an integer; compare it with an integer");
  });

  it('accepts integers and decimals for double fields', () => {
    expect(resolve('artifact', 'metricValue < 0.5')).toEqual({
      kind: 'field',
      field: 'metricValue',
      fieldType: 'double',
      operator: '<',
      values: [0.5],
    });
    expect(resolve('artifact', 'metricValue IN (1, 2.5)')).toMatchObject({
      fieldType: 'double',
      values: [1, 2.5],
    });
    expectRejected(
      'artifact',
      "metricValue = '1'",
      "property 'metricValue' is a number; compare it with a number",
    );
  });

  it('refuses list fields', () => {
    expectRejected(
      'registeredModel',
      "language = 'en'",
      "property 'language' is a list and cannot be used in a filterQuery",
    );
    expectRejected('registeredModel', "tasks IN ('a')", "property 'tasks' is a list");
  });

  it('allows LIKE and ILIKE on string fields only', () => {
    expect(resolve('registeredModel', "name LIKE 'a%'")).toMatchObject({
      kind: 'field',
      operator: 'LIKE',
      values: ['a%'],
    });
    expect(resolve('registeredModel', "owner ILIKE '%bob%'")).toMatchObject({
      field: 'owner',
      operator: 'ILIKE',
    });
    expectRejected(
      'registeredModel',
      "id LIKE '1%'",
      "LIKE only applies to strings, and property 'id' is an id",
    );
    expectRejected(
      'artifact',
      "step ILIKE '1%'",
      "ILIKE only applies to strings, and property 'step' is an integer",
    );
    expectRejected(
      'registeredModel',
      'name LIKE 5',
      "property 'name' is a string; compare it with a quoted value",
    );
  });

  it('depends on the entity kind', () => {
    expect(resolve('artifact', "uri = 's3://b'")).toMatchObject({ kind: 'field', field: 'uri' });
    expect(resolve('registeredModel', "uri = 's3://b'")).toMatchObject({ kind: 'custom', name: 'uri' });
    expect(resolve('experimentRun', "status = 'RUNNING'")).toMatchObject({ kind: 'field', field: 'status' });
    expect(resolve('modelVersion', "status = 'RUNNING'")).toMatchObject({ kind: 'custom', name: 'status' });
  });

  it('matches field names case-sensitively', () => {
    expect(resolve('registeredModel', "Name = 'x'")).toMatchObject({ kind: 'custom', name: 'Name' });
  });

  it('never treats inherited object keys as fields', () => {
    expect(resolve('registeredModel', "constructor = 'x'")).toMatchObject({
      kind: 'custom',
      name: 'constructor',
    });
    expect(resolve('registeredModel', "`__proto__` = 'x'")).toMatchObject({
      kind: 'custom',
      name: '__proto__',
    });
    expect(resolve('artifact', "toString = 'x'")).toMatchObject({ kind: 'custom', name: 'toString' });
  });
});

describe('resolveFilter: aliases', () => {
  it('picks the number field of an alias for numeric literals', () => {
    expect(resolve('artifact', 'value > 0.9')).toEqual({
      kind: 'field',
      field: 'metricValue',
      fieldType: 'double',
      operator: '>',
      values: [0.9],
    });
    expect(resolve('artifact', 'value IN (1, 2)')).toMatchObject({ field: 'metricValue', values: [1, 2] });
  });

  it('picks the string field of an alias for string literals', () => {
    expect(resolve('artifact', "value = 'adam'")).toEqual({
      kind: 'field',
      field: 'parameterValue',
      fieldType: 'string',
      operator: '=',
      values: ['adam'],
    });
    expect(resolve('artifact', "value LIKE 'ad%'")).toMatchObject({
      field: 'parameterValue',
      operator: 'LIKE',
    });
  });

  it('rejects what the aliased field cannot take, naming the alias', () => {
    expectRejected('artifact', 'value = true', "property 'value' cannot be compared with true or false");
    expectRejected('metricHistory', "value = 'x'", "property 'value' is a number; compare it with a number");
    expectRejected(
      'artifact',
      "value IN (1, 'a')",
      "the IN list of property 'value' mixes number and text values",
    );
  });

  it('leaves value as a custom property on kinds without the alias, and with a suffix', () => {
    expect(resolve('registeredModel', 'value = 1')).toMatchObject({
      kind: 'custom',
      name: 'value',
      valueType: 'number',
    });
    expect(resolve('artifact', 'value.int_value = 1')).toMatchObject({
      kind: 'custom',
      name: 'value',
      valueType: 'int',
    });
  });
});

describe('resolveFilter: custom properties without a suffix', () => {
  it.each<[string, string, readonly (string | number | boolean)[]]>([
    ["foo = 'a'", 'string', ['a']],
    ['foo = 1', 'number', [1]],
    ['foo = -3', 'number', [-3]],
    ['foo = 1.5', 'double', [1.5]],
    ['foo = 2.0', 'double', [2]],
    ['foo = true', 'bool', [true]],
    ['foo != FALSE', 'bool', [false]],
    ["foo IN ('a', 'b')", 'string', ['a', 'b']],
    ['foo IN (1, 2)', 'number', [1, 2]],
    ['foo IN (1, 2.5)', 'number', [1, 2.5]],
    ['foo IN (1.5, 2.5)', 'double', [1.5, 2.5]],
  ])('%s has value type %s', (query, valueType, values) => {
    const resolved = resolve('modelVersion', query);
    expect(resolved).toMatchObject({ kind: 'custom', name: 'foo', valueType, values });
  });

  it('returns the whole custom comparison', () => {
    expect(resolve('modelVersion', "foo >= 'b'")).toEqual({
      kind: 'custom',
      name: 'foo',
      valueType: 'string',
      operator: '>=',
      values: ['b'],
    });
  });

  it('keeps dotted and backticked names whole', () => {
    expect(resolve('artifact', "mlflow.source.type = 'LOCAL'")).toMatchObject({
      kind: 'custom',
      name: 'mlflow.source.type',
      valueType: 'string',
    });
    expect(resolve('artifact', '`my-prop.x` > 3')).toMatchObject({
      kind: 'custom',
      name: 'my-prop.x',
      valueType: 'number',
    });
  });

  it('allows LIKE and ILIKE with a quoted pattern only', () => {
    expect(resolve('experiment', "foo LIKE 'a%'")).toMatchObject({
      kind: 'custom',
      valueType: 'string',
      operator: 'LIKE',
    });
    expect(resolve('experiment', "foo ILIKE 'A%'")).toMatchObject({ valueType: 'string', operator: 'ILIKE' });
    expectRejected('experiment', 'foo LIKE 1', "LIKE on property 'foo' needs a quoted pattern");
    expectRejected('experiment', 'foo ILIKE true', "ILIKE on property 'foo' needs a quoted pattern");
  });

  it('allows only = and != with booleans', () => {
    for (const operator of ['<', '>', '<=', '>=']) {
      expectRejected(
        'experiment',
        `foo ${operator} true`,
        "property 'foo' is compared with a boolean, which allows only = and !=",
      );
    }
    expectRejected('experiment', 'foo IN (true, false)', "property 'foo' is compared with a boolean");
  });

  it('rejects IN lists that mix types', () => {
    expectRejected(
      'experiment',
      "foo IN (1, 'a')",
      "the IN list of property 'foo' mixes number and text values",
    );
    expectRejected(
      'experiment',
      "foo IN ('a', true)",
      "the IN list of property 'foo' mixes text and boolean values",
    );
    expectRejected('experiment', 'foo IN (1.5, false)', 'mixes number and boolean values');
    expectRejected(
      'registeredModel',
      "name IN ('a', 1)",
      "the IN list of property 'name' mixes text and number values",
    );
    expectRejected('artifact', "id IN (1, '2')", "the IN list of property 'id' mixes");
  });
});

describe('resolveFilter: custom properties with a suffix', () => {
  it('turns a standard field name with a suffix into a custom property', () => {
    expect(resolve('registeredModel', "name.string_value = 'x'")).toEqual({
      kind: 'custom',
      name: 'name',
      valueType: 'string',
      operator: '=',
      values: ['x'],
    });
    expect(resolve('registeredModel', 'id.int_value = 3')).toMatchObject({
      kind: 'custom',
      name: 'id',
      valueType: 'int',
    });
  });

  it('string_value takes strings, including with LIKE and ILIKE', () => {
    expect(resolve('artifact', "a.b.string_value ILIKE '%x'")).toEqual({
      kind: 'custom',
      name: 'a.b',
      valueType: 'string',
      operator: 'ILIKE',
      values: ['%x'],
    });
    expectRejected(
      'artifact',
      'foo.string_value = 1',
      "property 'foo.string_value' is a string; compare it with a quoted value",
    );
    expectRejected(
      'artifact',
      'foo.string_value LIKE 1',
      "LIKE on property 'foo.string_value' needs a quoted pattern",
    );
  });

  it('int_value takes integers only', () => {
    expect(resolve('artifact', '`my-prop`.int_value IN (1, 2)')).toEqual({
      kind: 'custom',
      name: 'my-prop',
      valueType: 'int',
      operator: 'IN',
      values: [1, 2],
    });
    const message = "property 'foo.int_value' is an integer; compare it with an integer";
    expectRejected('artifact', 'foo.int_value = 1.5', message);
    expectRejected('artifact', "foo.int_value = '1'", message);
    expectRejected('artifact', 'foo.int_value IN (1, 2.5)', message);
  });

  it('double_value takes integers and decimals', () => {
    expect(resolve('artifact', 'foo.double_value > 1')).toMatchObject({ valueType: 'double', values: [1] });
    expect(resolve('artifact', 'foo.double_value IN (1, 2.5)')).toMatchObject({
      valueType: 'double',
      values: [1, 2.5],
    });
    expectRejected(
      'artifact',
      'foo.double_value = true',
      "property 'foo.double_value' is a number; compare it with a number",
    );
  });

  it('bool_value takes booleans with = and != only', () => {
    expect(resolve('artifact', 'foo.bool_value != true')).toEqual({
      kind: 'custom',
      name: 'foo',
      valueType: 'bool',
      operator: '!=',
      values: [true],
    });
    expectRejected(
      'artifact',
      "foo.bool_value = 'true'",
      "property 'foo.bool_value' is a boolean; compare it with true or false",
    );
    expectRejected('artifact', 'foo.bool_value = 1', "property 'foo.bool_value' is a boolean");
    expectRejected('artifact', 'foo.bool_value > false', 'which allows only = and !=');
  });

  it('refuses LIKE on non-string suffixes even with a quoted pattern', () => {
    expectRejected(
      'artifact',
      "foo.int_value LIKE '1%'",
      "LIKE only applies to strings, and property 'foo.int_value' is an integer",
    );
    expectRejected('artifact', "foo.double_value ILIKE '1%'", "property 'foo.double_value' is a number");
    expectRejected('artifact', "foo.bool_value LIKE 't%'", "property 'foo.bool_value' is a boolean");
  });
});

describe('resolveFilter: structure and positions', () => {
  it('keeps the AND/OR tree', () => {
    expect(resolve('modelVersion', "name = 'a' OR foo = 1 AND registeredModelId = '2'")).toEqual({
      kind: 'or',
      left: { kind: 'field', field: 'name', fieldType: 'string', operator: '=', values: ['a'] },
      right: {
        kind: 'and',
        left: { kind: 'custom', name: 'foo', valueType: 'number', operator: '=', values: [1] },
        right: { kind: 'field', field: 'registeredModelId', fieldType: 'id', operator: '=', values: [2] },
      },
    });
  });

  it('names the offending property and its position deep inside the tree', () => {
    expectRejected('artifact', "(name = 'a' OR (uri = 'b' AND step = 1.5))", "property 'step'", 30);
  });

  it('checks the operator and value shape of hand-built trees', () => {
    const property = { name: 'foo', position: 3 };
    expect(
      resolveError('artifact', {
        kind: 'comparison',
        property,
        operator: 'IN',
        value: { type: 'int', value: 1 },
        position: 3,
      }),
    ).toBe("invalid filterQuery: IN on property 'foo' needs a list of values (position 3)");
    expect(
      resolveError('artifact', {
        kind: 'comparison',
        property,
        operator: '=',
        value: [{ type: 'int', value: 1 }],
        position: 3,
      }),
    ).toBe("invalid filterQuery: = on property 'foo' needs a single value (position 3)");
    expect(
      resolveError('artifact', { kind: 'comparison', property, operator: 'IN', value: [], position: 3 }),
    ).toBe("invalid filterQuery: the IN list of property 'foo' is empty (position 3)");
  });
});
