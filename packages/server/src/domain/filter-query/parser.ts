import type { ComparisonOperator, FilterExpression, Literal, PropertyReference, ValueSuffix } from './ast.js';
import { Lexer, type Token } from './lexer.js';
import { invalidFilterQuery } from './query-error.js';

/** Longer queries are refused before any work is done, to bound parse time and SQL size. */
export const MAX_FILTER_QUERY_LENGTH = 10_000;
/** Deeper parenthesis nesting is refused: the parser and every consumer of the tree recurse per level. */
export const MAX_FILTER_NESTING = 64;

const VALUE_SUFFIXES: ReadonlySet<string> = new Set<ValueSuffix>([
  'string_value',
  'int_value',
  'double_value',
  'bool_value',
]);

/** Words that are read as keywords wherever a property name could stand; such names need backticks. */
const RESERVED = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ILIKE',
  'BETWEEN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
]);

const WORD_OPERATORS: Readonly<Record<string, ComparisonOperator>> = {
  LIKE: 'LIKE',
  ILIKE: 'ILIKE',
  IN: 'IN',
  BETWEEN: 'BETWEEN',
};

function isValueSuffix(text: string): text is ValueSuffix {
  return VALUE_SUFFIXES.has(text);
}

function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === keyword;
}

/**
 * Parses a Kubeflow Model Registry filterQuery into its syntax tree.
 * Returns undefined when the query is empty or only whitespace, meaning "no filter".
 * Throws InputError('INVALID_FILTER_QUERY') naming the problem and its 0-based position.
 *
 * Grammar (AND binds tighter than OR; both associate to the left):
 *   query      := or END
 *   or         := and ("OR" and)*
 *   and        := term ("AND" term)*
 *   term       := "NOT" term | "(" or ")" | comparison
 *   comparison := property op literal | property "IN" "(" literal ("," literal)* ")"
 *               | property "BETWEEN" literal "AND" literal | property "IS" ["NOT"] "NULL"
 */
export function parseFilterQuery(query: string): FilterExpression | undefined {
  if (query.length > MAX_FILTER_QUERY_LENGTH) {
    throw invalidFilterQuery(
      `the query is ${query.length} characters long, more than the ${MAX_FILTER_QUERY_LENGTH} allowed ` +
        `(position ${MAX_FILTER_QUERY_LENGTH})`,
    );
  }
  return new Parser(query).parseQuery();
}

class Parser {
  private readonly lexer: Lexer;
  private current: Token;

  constructor(query: string) {
    this.lexer = new Lexer(query);
    this.current = this.lexer.next();
  }

  parseQuery(): FilterExpression | undefined {
    if (this.peek().kind === 'end') return undefined;
    const expression = this.parseOr(0);
    if (this.peek().kind !== 'end') {
      const token = this.peek();
      const hint = token.kind === ')' ? 'there is no matching (' : 'expected AND, OR or the end of the query';
      throw invalidFilterQuery(
        `unexpected ${this.lexer.describe(token)} at position ${token.position}; ${hint}`,
      );
    }
    return expression;
  }

  /** A method rather than a field read, so TypeScript does not keep a narrowing across advance(). */
  private peek(): Token {
    return this.current;
  }

  private advance(): Token {
    const token = this.current;
    this.current = this.lexer.next();
    return token;
  }

  /** Consumes an AND/OR and returns it as written, for messages about what should follow it. */
  private keywordText(): string {
    const token = this.advance();
    return token.kind === 'word' ? token.text : '';
  }

  /** `note` follows the positions, so a message never reads "at position 5 at position 8". */
  private fail(expected: string, token: Token = this.current, note = ''): Error {
    return invalidFilterQuery(
      `expected ${expected} at position ${token.position}, found ${this.lexer.describe(token)}${note}`,
    );
  }

  private parseOr(depth: number): FilterExpression {
    let left = this.parseAnd(depth, undefined);
    while (isKeyword(this.peek(), 'OR')) {
      const right = this.parseAnd(depth, this.keywordText());
      left = { kind: 'or', left, right };
    }
    return left;
  }

  private parseAnd(depth: number, after: string | undefined): FilterExpression {
    let left = this.parseTerm(depth, after);
    while (isKeyword(this.peek(), 'AND')) {
      const right = this.parseTerm(depth, this.keywordText());
      left = { kind: 'and', left, right };
    }
    return left;
  }

  /** `after` is the AND/OR just consumed, so a dangling one is reported as such. */
  private parseTerm(depth: number, after: string | undefined): FilterExpression {
    const token = this.peek();
    if (isKeyword(token, 'NOT')) {
      if (depth >= MAX_FILTER_NESTING) {
        throw invalidFilterQuery(
          `NOT is nested deeper than ${MAX_FILTER_NESTING} levels at position ${token.position}`,
        );
      }
      this.advance();
      return { kind: 'not', operand: this.parseTerm(depth + 1, 'NOT') };
    }
    if (token.kind === '(') {
      if (depth >= MAX_FILTER_NESTING) {
        throw invalidFilterQuery(
          `parentheses are nested deeper than ${MAX_FILTER_NESTING} levels at position ${token.position}`,
        );
      }
      this.advance();
      if (this.peek().kind === ')') {
        throw invalidFilterQuery(`empty parentheses at position ${token.position}`);
      }
      const inner = this.parseOr(depth + 1);
      if (this.peek().kind !== ')') {
        throw this.fail(`')', AND or OR`, this.peek(), ` (to close the '(' at position ${token.position})`);
      }
      this.advance();
      return inner;
    }
    const expected = after === undefined ? 'a property name or (' : `a property name or ( after '${after}'`;
    return this.parseComparison(expected);
  }

  private parseComparison(expectedProperty: string): FilterExpression {
    const property = this.parseProperty(expectedProperty);
    if (isKeyword(this.peek(), 'IS')) {
      this.advance();
      const negated = isKeyword(this.peek(), 'NOT');
      if (negated) this.advance();
      if (!isKeyword(this.peek(), 'NULL'))
        throw this.fail(negated ? `NULL after 'IS NOT'` : `NULL or NOT NULL after 'IS'`);
      this.advance();
      return {
        kind: 'comparison',
        property,
        operator: negated ? 'IS NOT NULL' : 'IS NULL',
        value: [],
        position: property.position,
      };
    }
    // `x NOT LIKE …`, `x NOT IN (…)`, `x NOT BETWEEN … AND …` read as NOT (x …).
    if (isKeyword(this.peek(), 'NOT')) {
      const not = this.advance();
      const next = this.peek();
      if (!(['LIKE', 'ILIKE', 'IN', 'BETWEEN'] as const).some((word) => isKeyword(next, word))) {
        throw this.fail(`LIKE, ILIKE, IN or BETWEEN after 'NOT'`, next, ` (NOT at position ${not.position})`);
      }
      return { kind: 'not', operand: this.finishComparison(property) };
    }
    return this.finishComparison(property);
  }

  private finishComparison(property: PropertyReference): FilterExpression {
    const operatorToken = this.peek();
    const operator = this.parseOperator(property);
    const operatorText = this.lexer.describe(operatorToken);
    if (operator === 'IN') {
      return { kind: 'comparison', property, operator, value: this.parseList(), position: property.position };
    }
    if (operator === 'BETWEEN') {
      const low = this.parseLiteral(`a value after BETWEEN`);
      if (!isKeyword(this.peek(), 'AND')) throw this.fail(`AND between the two ends of BETWEEN`);
      this.advance();
      const high = this.parseLiteral(`a value after BETWEEN … AND`);
      return { kind: 'comparison', property, operator, value: [low, high], position: property.position };
    }
    return {
      kind: 'comparison',
      property,
      operator,
      value: this.parseLiteral(`a value after ${operatorText}`),
      position: property.position,
    };
  }

  private parseProperty(expected: string): PropertyReference {
    const token = this.peek();
    if (token.kind === 'word') {
      if (RESERVED.has(token.text.toUpperCase())) {
        throw invalidFilterQuery(
          `expected ${expected} at position ${token.position}, found the keyword '${token.text}' ` +
            '(a property with that name must be put in backticks)',
        );
      }
      this.advance();
      const dot = token.text.lastIndexOf('.');
      const last = token.text.slice(dot + 1);
      if (dot > 0 && isValueSuffix(last)) {
        return { name: token.text.slice(0, dot), suffix: last, position: token.position };
      }
      return { name: token.text, position: token.position };
    }
    if (token.kind === 'backticked') {
      this.advance();
      const dot = this.peek();
      // Only a '.' touching the closing backtick starts a suffix.
      if (dot.kind !== 'dot' || dot.position !== token.end) {
        return { name: token.name, quoted: true, position: token.position };
      }
      this.advance();
      const suffix = this.peek();
      if (suffix.kind !== 'word' || suffix.position !== dot.end || !isValueSuffix(suffix.text)) {
        throw this.fail(`string_value, int_value, double_value or bool_value right after the '.'`, suffix);
      }
      this.advance();
      return { name: token.name, suffix: suffix.text, quoted: true, position: token.position };
    }
    if (token.kind === 'string' && token.quote === '"') {
      throw invalidFilterQuery(
        `expected ${expected} at position ${token.position}, found ${this.lexer.describe(token)}; ` +
          'double quotes make a string, a property name with special characters goes in backticks',
      );
    }
    throw this.fail(expected);
  }

  private parseOperator(property: PropertyReference): ComparisonOperator {
    const token = this.peek();
    if (token.kind === 'operator') {
      this.advance();
      return token.operator;
    }
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      const operator = WORD_OPERATORS[upper];
      if (operator !== undefined) {
        this.advance();
        return operator;
      }
      // AND/OR/TRUE/FALSE here mean the operator was left out, not misspelt.
      if (!RESERVED.has(upper)) {
        throw invalidFilterQuery(`unknown operator '${token.text}' at position ${token.position}`);
      }
    }
    throw this.fail(`an operator after property '${property.name}'`);
  }

  private parseList(): readonly Literal[] {
    const open = this.peek();
    if (open.kind !== '(') throw this.fail(`'(' after IN`);
    this.advance();
    if (this.peek().kind === ')') throw invalidFilterQuery(`empty IN list at position ${open.position}`);
    const values: Literal[] = [this.parseLiteral(`a value after '('`)];
    for (;;) {
      const token = this.peek();
      if (token.kind === ')') {
        this.advance();
        return values;
      }
      if (token.kind !== ',') {
        throw this.fail(`',' or ')'`, token, ` (in the IN list opened at position ${open.position})`);
      }
      this.advance();
      values.push(this.parseLiteral(`a value after ','`));
    }
  }

  private parseLiteral(expected: string): Literal {
    const token = this.peek();
    if (token.kind === 'string') {
      this.advance();
      return { type: 'string', value: token.value };
    }
    if (token.kind === 'number') {
      this.advance();
      return token.literal;
    }
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') {
        this.advance();
        return { type: 'bool', value: upper === 'TRUE' };
      }
      throw invalidFilterQuery(
        `expected ${expected} at position ${token.position}, found ${this.lexer.describe(token)} ` +
          '(text values must be quoted)',
      );
    }
    throw this.fail(expected);
  }
}
