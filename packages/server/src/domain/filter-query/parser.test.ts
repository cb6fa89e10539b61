import { describe, it, expect } from 'vitest';
import { InputError } from '../errors.js';
import type { ComparisonOperator, FilterExpression, Literal, ValueSuffix } from './ast.js';
import { MAX_FILTER_NESTING, MAX_FILTER_QUERY_LENGTH, parseFilterQuery } from './parser.js';

type Comparison = Extract<FilterExpression, { kind: 'comparison' }>;

function cmp(
  name: string,
  operator: ComparisonOperator,
  value: Literal | readonly Literal[],
  position = 0,
  suffix?: ValueSuffix,
): Comparison {
  const property = suffix === undefined ? { name, position } : { name, suffix, position };
  return { kind: 'comparison', property, operator, value, position };
}

const str = (value: string): Literal => ({ type: 'string', value });
const int = (value: number): Literal => ({ type: 'int', value });
const dbl = (value: number): Literal => ({ type: 'double', value });
const bool = (value: boolean): Literal => ({ type: 'bool', value });

function parseComparison(query: string): Comparison {
  const result = parseFilterQuery(query);
  if (result?.kind !== 'comparison') throw new Error(`expected a comparison from ${query}`);
  return result;
}

/** The literal of a single comparison. */
function literalOf(query: string): Literal | readonly Literal[] {
  return parseComparison(query).value;
}

/** Parses a query that must fail and returns the error, after checking its class, code and prefix. */
function parseError(query: string): InputError {
  try {
    parseFilterQuery(query);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.code).toBe('INVALID_FILTER_QUERY');
    expect(inputError.message).toMatch(/^invalid filterQuery: /);
    return inputError;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

function expectRejected(query: string, message: string | RegExp, position: number): void {
  const error = parseError(query);
  if (typeof message === 'string') expect(error.message).toContain(message);
  else expect(error.message).toMatch(message);
  expect(error.message).toContain(`position ${position}`);
}

describe('parseFilterQuery: empty input', () => {
  it.each(['', ' ', '   ', '\t', '\n\r\n ', ' \t '])('returns undefined for %j', (query) => {
    expect(parseFilterQuery(query)).toBeUndefined();
  });
});

describe('parseFilterQuery: operators', () => {
  it.each<[string, ComparisonOperator]>([
    ['=', '='],
    ['!=', '!='],
    ['<>', '!='],
    ['<', '<'],
    ['>', '>'],
    ['<=', '<='],
    ['>=', '>='],
  ])('parses the symbol %s as %s', (symbol, operator) => {
    expect(parseFilterQuery(`step ${symbol} 3`)).toEqual(cmp('step', operator, int(3)));
  });

  it.each<[string, ComparisonOperator]>([
    ['LIKE', 'LIKE'],
    ['like', 'LIKE'],
    ['Like', 'LIKE'],
    ['ILIKE', 'ILIKE'],
    ['ilike', 'ILIKE'],
    ['iLiKe', 'ILIKE'],
  ])('parses the keyword %s as %s', (keyword, operator) => {
    expect(parseFilterQuery(`name ${keyword} 'a%'`)).toEqual(cmp('name', operator, str('a%')));
  });

  it.each(['IN', 'in', 'In', 'iN'])('parses the keyword %s as IN with a list', (keyword) => {
    expect(parseFilterQuery(`state ${keyword} ('LIVE', 'ARCHIVED')`)).toEqual(
      cmp('state', 'IN', [str('LIVE'), str('ARCHIVED')]),
    );
  });

  it('needs no spaces around symbolic operators', () => {
    expect(parseFilterQuery('step>=-1')).toEqual(cmp('step', '>=', int(-1)));
    expect(parseFilterQuery("name<>'x'")).toEqual(cmp('name', '!=', str('x')));
    expect(parseFilterQuery('a<.5')).toEqual(cmp('a', '<', dbl(0.5)));
  });

  it('parses an IN list of one element and one without spaces', () => {
    expect(parseFilterQuery('id IN (7)')).toEqual(cmp('id', 'IN', [int(7)]));
    expect(parseFilterQuery('x IN(\'a\',"b",3,true)')).toEqual(
      cmp('x', 'IN', [str('a'), str('b'), int(3), bool(true)]),
    );
  });
});

describe('parseFilterQuery: AND, OR and parentheses', () => {
  const a = cmp('a', '=', int(1), 0);

  it('binds AND tighter than OR on the right', () => {
    expect(parseFilterQuery('a = 1 OR b = 2 AND c = 3')).toEqual({
      kind: 'or',
      left: a,
      right: { kind: 'and', left: cmp('b', '=', int(2), 9), right: cmp('c', '=', int(3), 19) },
    });
  });

  it('binds AND tighter than OR on the left', () => {
    expect(parseFilterQuery('a = 1 AND b = 2 OR c = 3')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: a, right: cmp('b', '=', int(2), 10) },
      right: cmp('c', '=', int(3), 19),
    });
  });

  it('associates chains to the left', () => {
    expect(parseFilterQuery('a = 1 OR b = 2 OR c = 3')).toEqual({
      kind: 'or',
      left: { kind: 'or', left: a, right: cmp('b', '=', int(2), 9) },
      right: cmp('c', '=', int(3), 18),
    });
    expect(parseFilterQuery('a = 1 AND b = 2 AND c = 3')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: a, right: cmp('b', '=', int(2), 10) },
      right: cmp('c', '=', int(3), 20),
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilterQuery('(a = 1 OR b = 2) AND c = 3')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: cmp('a', '=', int(1), 1), right: cmp('b', '=', int(2), 10) },
      right: cmp('c', '=', int(3), 21),
    });
    expect(parseFilterQuery('a = 1 AND (b = 2 OR c = 3)')).toEqual({
      kind: 'and',
      left: a,
      right: { kind: 'or', left: cmp('b', '=', int(2), 11), right: cmp('c', '=', int(3), 20) },
    });
  });

  it('accepts nested and redundant parentheses', () => {
    expect(parseFilterQuery('((a = 1))')).toEqual(cmp('a', '=', int(1), 2));
    expect(parseFilterQuery('(a=1 OR (b=2 AND (c=3 OR d=4)))')).toEqual({
      kind: 'or',
      left: cmp('a', '=', int(1), 1),
      right: {
        kind: 'and',
        left: cmp('b', '=', int(2), 9),
        right: { kind: 'or', left: cmp('c', '=', int(3), 18), right: cmp('d', '=', int(4), 25) },
      },
    });
  });

  it('reads AND and OR in any case', () => {
    expect(parseFilterQuery('a = 1 and b = 2 oR c = 3')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: a, right: cmp('b', '=', int(2), 10) },
      right: cmp('c', '=', int(3), 19),
    });
    expect(parseFilterQuery('a = 1 And b = 2')).toMatchObject({ kind: 'and' });
    expect(parseFilterQuery('a = 1 Or b = 2')).toMatchObject({ kind: 'or' });
  });

  it('treats tab, CR and LF as whitespace and records positions in the original query', () => {
    expect(parseFilterQuery("  name\t=\n'a'\r\nAND  id = 1")).toEqual({
      kind: 'and',
      left: cmp('name', '=', str('a'), 2),
      right: cmp('id', '=', int(1), 19),
    });
  });

  it(`accepts ${MAX_FILTER_NESTING} levels of parentheses`, () => {
    const query = `${'('.repeat(MAX_FILTER_NESTING)}a = 1${')'.repeat(MAX_FILTER_NESTING)}`;
    expect(parseFilterQuery(query)).toEqual(cmp('a', '=', int(1), MAX_FILTER_NESTING));
  });

  it('does not count the parentheses of an IN list as nesting', () => {
    const query = `${'('.repeat(MAX_FILTER_NESTING)}a IN (1)${')'.repeat(MAX_FILTER_NESTING)}`;
    expect(parseFilterQuery(query)).toEqual(cmp('a', 'IN', [int(1)], MAX_FILTER_NESTING));
  });

  it('handles a long flat chain without recursion trouble', () => {
    const query = Array.from({ length: 1000 }, (_, index) => `a=${index}`).join(' OR ');
    let node = parseFilterQuery(query);
    let count = 1;
    while (node?.kind === 'or') {
      expect(node.right).toMatchObject({ kind: 'comparison', value: int(1000 - count) });
      node = node.left;
      count++;
    }
    expect(count).toBe(1000);
    expect(node).toEqual(cmp('a', '=', int(0)));
  });
});

describe('parseFilterQuery: property names', () => {
  it('reads bare identifiers with underscores and digits', () => {
    expect(parseComparison('_private2 = 1').property).toEqual({ name: '_private2', position: 0 });
    expect(parseComparison('createTimeSinceEpoch > 5').property.name).toBe('createTimeSinceEpoch');
  });

  it('keeps dots inside a name', () => {
    expect(parseComparison("mlflow.source.type = 'x'").property).toEqual({
      name: 'mlflow.source.type',
      position: 0,
    });
  });

  it.each<ValueSuffix>(['string_value', 'int_value', 'double_value', 'bool_value'])(
    'splits off the trailing .%s as the type suffix',
    (suffix) => {
      expect(parseComparison(`foo.${suffix} = 1`).property).toEqual({ name: 'foo', suffix, position: 0 });
      expect(parseComparison(`a.b.${suffix} = 1`).property).toEqual({ name: 'a.b', suffix, position: 0 });
      expect(parseComparison(`\`my-prop\`.${suffix} = 1`).property).toEqual({
        name: 'my-prop',
        suffix,
        quoted: true,
        position: 0,
      });
    },
  );

  it('treats a suffix word that is not trailing, alone, or in another case as part of the name', () => {
    expect(parseComparison('int_value = 1').property).toEqual({ name: 'int_value', position: 0 });
    expect(parseComparison('a.int_value.b = 1').property).toEqual({ name: 'a.int_value.b', position: 0 });
    expect(parseComparison('a.INT_VALUE = 1').property).toEqual({ name: 'a.INT_VALUE', position: 0 });
    expect(parseComparison('a.int_values = 1').property).toEqual({ name: 'a.int_values', position: 0 });
  });

  it('removes backticks and keeps every character between them', () => {
    expect(parseComparison('`my-prop.x` = 1').property).toEqual({
      name: 'my-prop.x',
      quoted: true,
      position: 0,
    });
    expect(parseComparison("`with space / and 'quote'` = 1").property.name).toBe("with space / and 'quote'");
    expect(parseComparison('`größe` = 1').property.name).toBe('größe');
    // The suffix inside backticks is part of the name: only one after the closing backtick is a suffix.
    expect(parseComparison('`foo.int_value` = 1').property).toEqual({
      name: 'foo.int_value',
      quoted: true,
      position: 0,
    });
  });

  it('reads a doubled backtick inside backticks as one backtick', () => {
    expect(parseComparison('`a``b` = 1').property.name).toBe('a`b');
  });

  it('lets keywords be property names when backticked', () => {
    expect(parseComparison('`AND` = 1').property.name).toBe('AND');
    expect(parseComparison('`in`.int_value = 1').property).toEqual({
      name: 'in',
      suffix: 'int_value',
      quoted: true,
      position: 0,
    });
  });

  it('accepts keywords as parts of dotted names', () => {
    expect(parseComparison('a.and.or = 1').property.name).toBe('a.and.or');
  });

  it('records the position of the property', () => {
    expect(parseComparison('   `x` = 1')).toMatchObject({ position: 3, property: { position: 3 } });
  });
});

describe('parseFilterQuery: literals', () => {
  it('reads single- and double-quoted strings', () => {
    expect(literalOf("a = 'hello'")).toEqual(str('hello'));
    expect(literalOf('a = "hello"')).toEqual(str('hello'));
    expect(literalOf("a = ''")).toEqual(str(''));
    expect(literalOf('a = ""')).toEqual(str(''));
    expect(literalOf('a = "it\'s"')).toEqual(str("it's"));
    expect(literalOf(`a = 'say "hi"'`)).toEqual(str('say "hi"'));
    expect(literalOf("a = 'größe 😀'")).toEqual(str('größe 😀'));
    expect(literalOf("a = 'AND OR ( ) = , `'")).toEqual(str('AND OR ( ) = , `'));
  });

  it('reads a doubled quote as one quote', () => {
    expect(literalOf("a = 'it''s'")).toEqual(str("it's"));
    expect(literalOf('a = "say ""hi"""')).toEqual(str('say "hi"'));
    expect(literalOf("a = ''''")).toEqual(str("'"));
  });

  it('reads backslash escapes of quotes and backslashes', () => {
    expect(literalOf("a = 'it\\'s'")).toEqual(str("it's"));
    expect(literalOf('a = "say \\"hi\\""')).toEqual(str('say "hi"'));
    expect(literalOf("a = 'C:\\\\temp'")).toEqual(str('C:\\temp'));
    expect(literalOf("a = '\\\\'")).toEqual(str('\\'));
    expect(literalOf("a = '\\\"'")).toEqual(str('"'));
  });

  it('keeps a backslash before any other character, so LIKE escapes survive', () => {
    expect(literalOf("a LIKE '50\\%'")).toEqual(str('50\\%'));
    expect(literalOf("a LIKE 'a\\_b'")).toEqual(str('a\\_b'));
    expect(literalOf("a = 'line\\n'")).toEqual(str('line\\n'));
  });

  it('allows newlines and tabs inside strings', () => {
    expect(literalOf("a = 'one\ntwo\tthree'")).toEqual(str('one\ntwo\tthree'));
  });

  it.each<[string, Literal]>([
    ['42', int(42)],
    ['0', int(0)],
    ['-7', int(-7)],
    ['007', int(7)],
    ['9007199254740991', int(Number.MAX_SAFE_INTEGER)],
    ['-9007199254740991', int(-Number.MAX_SAFE_INTEGER)],
    ['3.14', dbl(3.14)],
    ['-1e-5', dbl(-0.00001)],
    ['.5', dbl(0.5)],
    ['-.5', dbl(-0.5)],
    ['1.', dbl(1)],
    ['2.0', dbl(2)],
    ['1e3', dbl(1000)],
    ['1E+2', dbl(100)],
    ['6.02e23', dbl(6.02e23)],
  ])('reads the number %s', (text, literal) => {
    expect(literalOf(`a = ${text}`)).toEqual(literal);
  });

  it('reads -0 as 0, not negative zero', () => {
    const int0 = literalOf('a = -0');
    const dbl0 = literalOf('a = -0.0');
    expect(int0).toEqual(int(0));
    expect(dbl0).toEqual(dbl(0));
    expect(Object.is((int0 as Literal).value, -0)).toBe(false);
    expect(Object.is((dbl0 as Literal).value, -0)).toBe(false);
  });

  it.each<[string, boolean]>([
    ['true', true],
    ['TRUE', true],
    ['True', true],
    ['false', false],
    ['FALSE', false],
    ['fAlSe', false],
  ])('reads %s as a boolean', (text, value) => {
    expect(literalOf(`a = ${text}`)).toEqual(bool(value));
  });

  it('reads a quoted true as a string', () => {
    expect(literalOf("a = 'true'")).toEqual(str('true'));
  });
});

describe('parseFilterQuery: errors', () => {
  it('reports a missing value with the operator and position', () => {
    expect(() => parseFilterQuery('name = ')).toThrow(
      "invalid filterQuery: expected a value after '=' at position 7, found the end of the query",
    );
    expectRejected("name = 'a' AND id >", "expected a value after '>' at position 19", 19);
    expectRejected('x <> AND y = 1', "expected a value after '<>' at position 5, found 'AND'", 5);
    expectRejected('name = (1)', "expected a value after '=' at position 7, found '('", 7);
  });

  it('asks for quotes around a bare word value', () => {
    expectRejected('name = foo', "found 'foo' (text values must be quoted)", 7);
  });

  it('reports an unterminated string at its start', () => {
    expect(() => parseFilterQuery("name = 'abc")).toThrow(
      'invalid filterQuery: unterminated string starting at position 7',
    );
    expectRejected(`name = 'a' AND description = "it""s`, 'unterminated string starting at position 29', 29);
    expectRejected("name = 'a\\'", 'unterminated string starting at position 7', 7);
    expectRejected("name = 'a\\", 'unterminated string starting at position 7', 7);
  });

  it('reports a closing parenthesis without an opening one', () => {
    expect(() => parseFilterQuery('a = 1 OR b = 2) AND c = 3')).toThrow(
      "invalid filterQuery: unexpected ')' at position 14",
    );
  });

  it('reports trailing garbage', () => {
    expectRejected(
      "name = 'a' foo",
      "unexpected 'foo' at position 11; expected AND, OR or the end of the query",
      11,
    );
    expectRejected("name = 'a' 'b'", "unexpected the string 'b' at position 11", 11);
    expectRejected('a = 1 2', "unexpected '2' at position 6", 6);
  });

  it('reports unknown operators', () => {
    expect(() => parseFilterQuery("name LIKEE 'a%'")).toThrow(
      "invalid filterQuery: unknown operator 'LIKEE' at position 5",
    );
    expectRejected("name == 'a'", "unknown operator '==' at position 5", 5);
    expectRejected("name =! 'a'", "unknown operator '=!' at position 5", 5);
    expectRejected("name NOT = 'a'", "expected LIKE, ILIKE, IN or BETWEEN after 'NOT' at position 9", 9);
    expectRejected('a ! 1', "unknown operator '!' at position 2", 2);
  });

  it('reports a missing operator', () => {
    expectRejected(
      "name 'a'",
      "expected an operator after property 'name' at position 5, found the string 'a'",
      5,
    );
    expectRejected(
      'name AND x = 1',
      "expected an operator after property 'name' at position 5, found 'AND'",
      5,
    );
    expectRejected(
      'name',
      "expected an operator after property 'name' at position 4, found the end of the query",
      4,
    );
    expectRejected('name. = 1', "expected an operator after property 'name' at position 4, found '.'", 4);
  });

  it('reports a missing property', () => {
    expectRejected("= 'a'", "expected a property name or ( at position 0, found '='", 0);
    expectRejected(')', "expected a property name or ( at position 0, found ')'", 0);
    expectRejected("'name' = 'a'", "expected a property name or ( at position 0, found the string 'name'", 0);
    expectRejected('42 = a', "found '42'", 0);
  });

  it('says that double quotes make a string, not a name', () => {
    expectRejected('"name" = \'a\'', 'double quotes make a string', 0);
  });

  it('rejects keywords as bare property names', () => {
    expectRejected('AND = 1', "found the keyword 'AND'", 0);
    expectRejected('true = 1', "found the keyword 'true'", 0);
    expectRejected('in IN (1)', "found the keyword 'in'", 0);
  });

  it('reports a dangling AND or OR', () => {
    expectRejected(
      "name = 'a' AND",
      "expected a property name or ( after 'AND' at position 14, found the end of the query",
      14,
    );
    expectRejected("name = 'a' or", "after 'or' at position 13", 13);
    expectRejected("name = 'a' OR OR b = 1", "after 'OR' at position 14, found the keyword 'OR'", 14);
    expectRejected('x = 1 AND (y = 1 OR)', "after 'OR' at position 19, found ')'", 19);
    expectRejected('OR a = 1', "found the keyword 'OR'", 0);
  });

  it('reports empty parentheses at the opening one', () => {
    expectRejected('()', 'empty parentheses at position 0', 0);
    expectRejected('a = 1 AND ( )', 'empty parentheses at position 10', 10);
  });

  it('reports unclosed parentheses', () => {
    expectRejected(
      '(a = 1',
      "expected ')', AND or OR at position 6, found the end of the query (to close the '(' at position 0)",
      6,
    );
    expectRejected('((a = 1)', "to close the '(' at position 0", 8);
    expectRejected('(a = 1 b = 2)', "found 'b'", 7);
  });

  it('reports malformed IN lists', () => {
    expectRejected('x IN ()', 'empty IN list at position 5', 5);
    expectRejected('x IN (1,)', "expected a value after ',' at position 8, found ')'", 8);
    expectRejected('x IN (,1)', "expected a value after '(' at position 6, found ','", 6);
    expectRejected(
      'x IN (1 2)',
      "expected ',' or ')' at position 8, found '2' (in the IN list opened at position 5)",
      8,
    );
    expectRejected('x IN (1', "expected ',' or ')' at position 7, found the end of the query", 7);
    expectRejected('x IN 1', "expected '(' after IN at position 5, found '1'", 5);
    expectRejected("x IN 'a'", "expected '(' after IN at position 5", 5);
    expectRejected('x IN ((1))', "expected a value after '(' at position 6, found '('", 6);
  });

  it(`rejects nesting deeper than ${MAX_FILTER_NESTING} levels at the offending parenthesis`, () => {
    const depth = MAX_FILTER_NESTING + 1;
    expectRejected(
      `${'('.repeat(depth)}a = 1${')'.repeat(depth)}`,
      `nested deeper than ${MAX_FILTER_NESTING} levels at position ${MAX_FILTER_NESTING}`,
      MAX_FILTER_NESTING,
    );
    // Nesting is counted, not parentheses: siblings at a shallow level are fine.
    const siblings = Array.from({ length: 100 }, () => '(a = 1)').join(' OR ');
    expect(parseFilterQuery(siblings)).toMatchObject({ kind: 'or' });
  });

  it(`accepts ${MAX_FILTER_QUERY_LENGTH} characters and rejects more`, () => {
    const fits = `name = '${'x'.repeat(MAX_FILTER_QUERY_LENGTH - 9)}'`;
    expect(fits).toHaveLength(MAX_FILTER_QUERY_LENGTH);
    expect(parseFilterQuery(fits)).toEqual(cmp('name', '=', str('x'.repeat(MAX_FILTER_QUERY_LENGTH - 9))));
    expectRejected(
      `${fits} `,
      'the query is 10001 characters long, more than the 10000 allowed',
      MAX_FILTER_QUERY_LENGTH,
    );
    // Even whitespace-only queries are bounded.
    expectRejected(' '.repeat(MAX_FILTER_QUERY_LENGTH + 1), 'characters long', MAX_FILTER_QUERY_LENGTH);
  });

  it.each<[string, string, number]>([
    ["name = 'a\u0000'", 'U+0000', 9],
    ['\u0000', 'U+0000', 0],
    ["name = 'a' \u0007AND id = 1", 'U+0007', 11],
    ['name\u000b= 1', 'U+000B', 4],
    ['`a\u001fb` = 1', 'U+001F', 2],
    ["a = '\u007f'", 'U+007F', 5],
    ["a = '\u0085'", 'U+0085', 5],
  ])('rejects control characters: %j', (query, code, position) => {
    expectRejected(query, `control character ${code} at position ${position} is not allowed`, position);
  });

  it('rejects unpaired surrogates but accepts paired ones', () => {
    expectRejected("a = '\ud800'", 'unpaired surrogate U+D800 at position 5', 5);
    expectRejected("a = '\udc00x'", 'unpaired surrogate U+DC00 at position 5', 5);
    expect(literalOf("a = '\ud83d\ude00'")).toEqual(str('😀'));
  });

  it('reports malformed numbers', () => {
    expectRejected('x = 1.2.3', "invalid number '1.2.3' at position 4", 4);
    expectRejected('x = 42abc', "invalid number '42abc' at position 4", 4);
    expectRejected('x = 1e', "invalid number '1e' at position 4", 4);
    expectRejected('x = 9007199254740992', "integer '9007199254740992' at position 4 is out of range", 4);
    expectRejected('x = -9007199254740992', 'out of range', 4);
    expectRejected('x = 1e999', "number '1e999' at position 4 is out of range", 4);
    expectRejected('x = +1', "unexpected character '+' at position 4", 4);
    expectRejected('x = -', "unexpected character '-' at position 4", 4);
    expectRejected('a.5 = 1', "expected an operator after property 'a' at position 1, found '.5'", 1);
  });

  it('suggests backticks for names with special characters', () => {
    expectRejected(
      'my-prop = 1',
      "unexpected character '-' at position 2; a property name with characters",
      2,
    );
    expect(parseError('x = 1 ; y = 2').message).not.toContain('backticks');
  });

  it('reports malformed backticked names', () => {
    expectRejected('`` = 1', 'empty property name in backticks at position 0', 0);
    expectRejected('`abc = 1', 'unterminated backticked property name starting at position 0', 0);
    expectRejected(
      '`x`.foo = 1',
      "expected string_value, int_value, double_value or bool_value right after the '.' at position 4, found 'foo'",
      4,
    );
    expectRejected('`x`. int_value = 1', "right after the '.' at position 5", 5);
    expectRejected('`x`.int_value.x = 1', "found 'int_value.x'", 4);
    expectRejected(
      '`x` .int_value = 1',
      "expected an operator after property 'x' at position 4, found '.'",
      4,
    );
  });

  it('reports the leftmost problem first', () => {
    // The unterminated string comes later than the missing value, so it is not what gets reported.
    expectRejected("a = AND b = 'x", "expected a value after '=' at position 4", 4);
  });
});

describe('NOT, IS NULL and BETWEEN', () => {
  it('parses NOT as a prefix that binds tighter than AND', () => {
    expect(parseFilterQuery("NOT a = 1 AND b = 'x'")).toMatchObject({
      kind: 'and',
      left: { kind: 'not', operand: { kind: 'comparison', operator: '=' } },
      right: { kind: 'comparison', property: { name: 'b' } },
    });
    expect(parseFilterQuery('not (a = 1 or b = 2)')).toMatchObject({ kind: 'not', operand: { kind: 'or' } });
    expect(parseFilterQuery("name NOT LIKE 'x%'")).toMatchObject({
      kind: 'not',
      operand: { kind: 'comparison', operator: 'LIKE', value: { type: 'string', value: 'x%' } },
    });
    expect(parseFilterQuery('a NOT IN (1, 2)')).toMatchObject({ kind: 'not', operand: { operator: 'IN' } });
  });

  it('parses IS [NOT] NULL and BETWEEN … AND …', () => {
    expect(parseFilterQuery('owner IS NULL')).toMatchObject({
      kind: 'comparison',
      operator: 'IS NULL',
      value: [],
    });
    expect(parseFilterQuery('gpu.bool_value is not null')).toMatchObject({
      operator: 'IS NOT NULL',
      property: { name: 'gpu', suffix: 'bool_value' },
    });
    expect(parseFilterQuery('accuracy BETWEEN 0.9 AND 1 AND epochs > 2')).toMatchObject({
      kind: 'and',
      left: {
        operator: 'BETWEEN',
        value: [
          { type: 'double', value: 0.9 },
          { type: 'int', value: 1 },
        ],
      },
      right: { operator: '>' },
    });
  });

  it('reports a broken NOT, IS or BETWEEN with its position', () => {
    expect(() => parseFilterQuery('owner IS EMPTY')).toThrow(/NULL or NOT NULL after 'IS' at position 9/);
    expect(() => parseFilterQuery('x BETWEEN 1 OR 2')).toThrow(
      /AND between the two ends of BETWEEN at position 12/,
    );
    expect(() => parseFilterQuery('NOT')).toThrow(/position 3/);
  });
});
