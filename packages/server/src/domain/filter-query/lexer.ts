import type { Literal } from './ast.js';
import { invalidFilterQuery } from './query-error.js';

/** The operators spelled with symbols; `<>` is folded into `!=` here already. */
export type SymbolOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type NumberLiteral = Extract<Literal, { type: 'int' | 'double' }>;

interface Span {
  /** 0-based offset (UTF-16 code units) of the token's first character in the query. */
  readonly position: number;
  /** Offset just past the token's last character. */
  readonly end: number;
}

/**
 * Keywords (AND, OR, LIKE, ILIKE, IN, TRUE, FALSE) arrive as plain words: whether `in` is a
 * keyword or a stray name depends on where it stands, which only the parser knows.
 */
export type Token = Span &
  (
    | { readonly kind: 'word'; readonly text: string }
    | { readonly kind: 'backticked'; readonly name: string }
    | { readonly kind: 'string'; readonly value: string; readonly quote: "'" | '"' }
    | { readonly kind: 'number'; readonly literal: NumberLiteral }
    | { readonly kind: 'operator'; readonly operator: SymbolOperator; readonly text: string }
    | { readonly kind: 'dot' | '(' | ')' | ',' | 'end' }
  );

// A dotted name is one token so that `mlflow.source.type` never needs the parser to glue parts together.
const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const NUMBER = /-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const NUMBER_TAIL = /[A-Za-z0-9_.]*/y;
const OPERATOR_RUN = /[=!<>]+/y;
const NAME_CHAR = /[A-Za-z0-9_]/;

const SYMBOL_OPERATORS: Readonly<Record<string, SymbolOperator>> = {
  '=': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};

/** Characters a string literal may escape with a backslash; any other backslash is kept as written. */
const ESCAPABLE = new Set(["'", '"', '\\']);

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function matchAt(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Refuses control characters and unpaired surrogates up front: they are never meaningful in a
 * query, some databases reject them outright, and NUL in particular truncates C strings downstream.
 * Tab, CR and LF stay allowed because multi-line queries are pasted into tools all the time.
 */
function checkCharacters(source: string): void {
  for (let index = 0; index < source.length; index++) {
    const code = source.charCodeAt(index);
    if (code === 0x09 || code === 0x0a || code === 0x0d) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      throw invalidFilterQuery(`control character ${hex(code)} at position ${index} is not allowed`);
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = source.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
      throw invalidFilterQuery(`unpaired surrogate ${hex(code)} at position ${index} is not allowed`);
    }
  }
}

/**
 * Turns a filterQuery into tokens on demand, so the parser reports the leftmost problem
 * rather than a lexical one further along.
 */
export class Lexer {
  private index = 0;

  constructor(private readonly source: string) {
    checkCharacters(source);
  }

  next(): Token {
    const source = this.source;
    while (isWhitespace(source[this.index])) this.index++;
    const start = this.index;
    const char = source[start];
    if (char === undefined) return { kind: 'end', position: start, end: start };

    if (char === '(' || char === ')' || char === ',') {
      this.index++;
      return { kind: char, position: start, end: this.index };
    }
    if (char === "'" || char === '"') return this.string(start, char);
    if (char === '`') return this.backticked(start);
    if (
      isDigit(char) ||
      (char === '.' && isDigit(source[start + 1])) ||
      (char === '-' &&
        (isDigit(source[start + 1]) || (source[start + 1] === '.' && isDigit(source[start + 2]))))
    ) {
      return this.number(start);
    }
    if (char === '.') {
      this.index++;
      return { kind: 'dot', position: start, end: this.index };
    }
    const word = matchAt(WORD, source, start);
    if (word !== undefined) {
      this.index += word.length;
      return { kind: 'word', text: word, position: start, end: this.index };
    }
    const operatorText = matchAt(OPERATOR_RUN, source, start);
    if (operatorText !== undefined) {
      const operator = SYMBOL_OPERATORS[operatorText];
      if (operator === undefined)
        throw invalidFilterQuery(`unknown operator '${operatorText}' at position ${start}`);
      this.index += operatorText.length;
      return { kind: 'operator', operator, text: operatorText, position: start, end: this.index };
    }
    throw this.unexpectedCharacter(start);
  }

  private unexpectedCharacter(start: number): Error {
    const printable = String.fromCodePoint(this.source.codePointAt(start) ?? 0);
    const previous = this.source[start - 1];
    // `my-prop = 1` is the usual way to end up here; say how to write such a name.
    const hint =
      previous !== undefined && NAME_CHAR.test(previous)
        ? "; a property name with characters other than letters, digits, '_' and '.' must be put in backticks"
        : '';
    return invalidFilterQuery(`unexpected character '${printable}' at position ${start}${hint}`);
  }

  /**
   * Both SQL-style doubling (`'it''s'`) and backslash escapes (`'it\'s'`, `'a\\b'`) are accepted,
   * since clients of the Kubeflow API use either. A backslash before any other character is kept,
   * so LIKE patterns such as `'50\%'` reach the database with their escape intact.
   */
  private string(start: number, quote: "'" | '"'): Token {
    const source = this.source;
    let value = '';
    let index = start + 1;
    for (;;) {
      const char = source[index];
      if (char === undefined) throw invalidFilterQuery(`unterminated string starting at position ${start}`);
      if (char === quote) {
        if (source[index + 1] === quote) {
          value += quote;
          index += 2;
          continue;
        }
        this.index = index + 1;
        return { kind: 'string', value, quote, position: start, end: this.index };
      }
      if (char === '\\') {
        const escaped = source[index + 1];
        if (escaped === undefined)
          throw invalidFilterQuery(`unterminated string starting at position ${start}`);
        value += ESCAPABLE.has(escaped) ? escaped : char + escaped;
        index += 2;
        continue;
      }
      value += char;
      index++;
    }
  }

  /** A doubled backtick stands for one, as in MySQL, so any property name can be written. */
  private backticked(start: number): Token {
    const source = this.source;
    let name = '';
    let index = start + 1;
    for (;;) {
      const char = source[index];
      if (char === undefined) {
        throw invalidFilterQuery(`unterminated backticked property name starting at position ${start}`);
      }
      if (char === '`') {
        if (source[index + 1] === '`') {
          name += '`';
          index += 2;
          continue;
        }
        break;
      }
      name += char;
      index++;
    }
    if (name === '') throw invalidFilterQuery(`empty property name in backticks at position ${start}`);
    this.index = index + 1;
    return { kind: 'backticked', name, position: start, end: this.index };
  }

  private number(start: number): Token {
    const source = this.source;
    const text = matchAt(NUMBER, source, start) ?? '';
    const tail = matchAt(NUMBER_TAIL, source, start + text.length) ?? '';
    if (tail !== '') throw invalidFilterQuery(`invalid number '${text}${tail}' at position ${start}`);
    this.index = start + text.length;
    const isInteger = !/[.eE]/.test(text);
    const parsed = Number(text);
    // -0 would otherwise leak into SQL parameters and JSON as a distinct value.
    const value = parsed === 0 ? 0 : parsed;
    if (isInteger && !Number.isSafeInteger(value)) {
      throw invalidFilterQuery(
        `integer '${text}' at position ${start} is out of range (at most ${Number.MAX_SAFE_INTEGER} in magnitude)`,
      );
    }
    if (!Number.isFinite(value))
      throw invalidFilterQuery(`number '${text}' at position ${start} is out of range`);
    const literal: NumberLiteral = isInteger ? { type: 'int', value } : { type: 'double', value };
    return { kind: 'number', literal, position: start, end: this.index };
  }

  /** How a token reads in an error message: its own text, shortened, or "the end of the query". */
  describe(token: Token): string {
    if (token.kind === 'end') return 'the end of the query';
    const raw = this.source.slice(token.position, token.end);
    const text = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
    return token.kind === 'string' ? `the string ${text}` : `'${text}'`;
  }
}
