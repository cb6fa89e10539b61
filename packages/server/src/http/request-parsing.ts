import { z } from 'zod';
import { InputError, UnprocessableError } from '../domain/errors.js';
import { MAX_FILTER_QUERY_LENGTH, parseFilterQuery } from '../domain/filter-query/parser.js';
import { resolveFilter, type ResolvedFilter } from '../domain/filter-query/resolve.js';
import type { EntityKind } from '../domain/entities.js';
import {
  decodePageToken,
  isOrderBy,
  ORDER_FIELDS,
  type OrderBy,
  type PageRequest,
  type SortOrder,
} from '../domain/pagination.js';

export type Query = Readonly<Record<string, string | undefined>>;

/** No request body of the API nests deeper; refusing deeper ones bounds every walk over a body. */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its other half: JSON's `\ud800` escapes allow one; UTF-8 cannot encode it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What keeps a string from being stored as sent, if anything. */
function unstorable(text: string): 'nul' | 'surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : undefined;
}

/** A string in a JSON body that cannot be stored as sent: where, and why. */
export interface Unstorable {
  readonly path: string;
  /**
   * `nul`: PostgreSQL cannot store a NUL character. `surrogate`: a lone surrogate is not Unicode;
   * every driver would store U+FFFD in its place (and two names differing only there would collide).
   */
  readonly problem: 'nul' | 'surrogate';
}

/**
 * Finds a string that cannot be stored as sent anywhere in a JSON value (keys included).
 * Throws INVALID_BODY for a value nested deeper than MAX_JSON_DEPTH (a fuzzer's `[[[[…`).
 */
export function findUnstorable(value: unknown, path = '', depth = 0): Unstorable | undefined {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    return problem === undefined ? undefined : { path: path || '(body)', problem };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) {
    throw new InputError(
      'INVALID_BODY',
      `the request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep (at ${path.slice(0, 200)})`,
    );
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorable(item, `${path}[${i}]`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    const problem = unstorable(key);
    if (problem !== undefined) return { path: here, problem };
    const found = findUnstorable(item, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function rejectNulInQuery(query: Query): void {
  for (const [key, value] of Object.entries(query)) {
    if (key.includes('\u0000') || value?.includes('\u0000')) {
      throw new InputError(
        'NUL_CHARACTER',
        `query parameter ${key.split('\u0000').join('\\0')} contains a NUL character`,
      );
    }
  }
}

/** `ownStringChecks`: the caller refuses NUL and lone surrogates itself, more precisely (file paths). */
export function parseJsonBody(text: string, options: { ownStringChecks?: boolean } = {}): unknown {
  if (text.trim() === '') throw new InputError('BODY_MISSING', 'the request needs a JSON body');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new InputError('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('INVALID_BODY', 'the request body must be a JSON object');
  }
  const found = findUnstorable(body);
  if (found === undefined || options.ownStringChecks === true) return body;
  if (found.problem === 'nul')
    throw new InputError('NUL_CHARACTER', `field ${found.path} contains a NUL character`);
  throw new InputError(
    'INVALID_FIELD',
    `field ${found.path} is not valid Unicode: it has a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its pair), which cannot be stored as sent`,
  );
}

/**
 * Checks the operation's required fields first: the reference answers 422 for a missing one on
 * some operations and 400 elsewhere. Then the shape, naming the first wrong field.
 */
export function parseBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  required: readonly string[] = [],
  missingStatus: 400 | 422 = 400,
): z.output<S> {
  const record = body as Record<string, unknown>;
  const missing = required.filter((field) => record[field] === undefined || record[field] === null);
  if (missing.length > 0) {
    const message = `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
    throw missingStatus === 422
      ? new UnprocessableError('REQUIRED_FIELD_MISSING', message)
      : new InputError('REQUIRED_FIELD_MISSING', message);
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new InputError('INVALID_BODY', 'the request body is invalid');
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const prefix = where === '' ? '' : `${where}.`;
    throw new InputError(
      'UNKNOWN_FIELD',
      `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => prefix + k).join(', ')}`,
    );
  }
  throw new InputError('INVALID_FIELD', `field ${where === '' ? '(body)' : where}: ${issue.message}`);
}

const ID_PATTERN = /^[1-9][0-9]{0,8}$/;

export function parseId(value: string | undefined, what: string): number {
  if (value === undefined || !ID_PATTERN.test(value)) {
    throw new InputError(
      'INVALID_ID',
      `${what} must be an id (1 to 9 digits, no leading zero), got '${value ?? ''}'`,
    );
  }
  return Number(value);
}

export function optionalId(value: string | undefined, what: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseId(value, what);
}

/** The largest pageSize of the Kubeflow lists: 9 digits, as ids. */
export const MAX_PAGE_SIZE = 999_999_999;

/** A page request from the query; `orders` are orderings the list offers beside the common ones. */
export function parsePageRequest(
  query: Query,
  maxPageSize = MAX_PAGE_SIZE,
  orders: readonly OrderBy[] = [],
): PageRequest {
  const { pageSize, orderBy, sortOrder, nextPageToken } = query;
  let size: number | undefined;
  if (pageSize !== undefined && pageSize !== '') {
    if (!/^[1-9][0-9]{0,8}$/.test(pageSize) || Number(pageSize) > maxPageSize) {
      throw new InputError(
        'INVALID_PAGE_SIZE',
        `pageSize must be an integer from 1 to ${maxPageSize}, got '${pageSize.slice(0, 40)}'`,
      );
    }
    size = Number(pageSize);
  }
  const given = orderBy === undefined || orderBy === '' ? 'ID' : orderBy;
  const order = isOrderBy(given) ? given : orders.find((o) => o === given);
  if (order === undefined) {
    throw new InputError(
      'INVALID_ORDER_BY',
      `orderBy must be one of ${ORDER_FIELDS.join(', ')}, or metrics.<name> or params.<name> for model versions, got '${orderBy}'`,
    );
  }
  const sort = (sortOrder === undefined || sortOrder === '' ? 'ASC' : sortOrder) as SortOrder;
  if (sort !== 'ASC' && sort !== 'DESC') {
    throw new InputError('INVALID_SORT_ORDER', `sortOrder must be ASC or DESC, got '${sortOrder}'`);
  }
  return {
    pageSize: size,
    orderBy: order,
    sortOrder: sort,
    after: decodePageToken(nextPageToken ?? '', order, sort),
  };
}

const searchNumber = z.union([z.string().max(64), z.number()]).transform(String);

/** The body of `POST …/search`: the list's query parameters, as strings (numbers for sizes too). */
export const SEARCH_BODY = z.strictObject({
  filterQuery: z.string().optional(),
  pageSize: searchNumber.optional(),
  orderBy: z.string().max(255).optional(),
  sortOrder: z.string().max(16).optional(),
  nextPageToken: z.string().max(4096).optional(),
  name: z.string().max(255).optional(),
  externalId: z.string().max(255).optional(),
  artifactType: z.string().max(64).optional(),
  include: z.string().max(64).optional(),
  stepIds: z.string().max(MAX_FILTER_QUERY_LENGTH).optional(),
});

export function parseSearchBody(body: unknown): Query {
  return parseBody(SEARCH_BODY, body);
}

export function parseFilter(kind: EntityKind, query: Query): ResolvedFilter | undefined {
  const text = query['filterQuery'];
  if (text === undefined) return undefined;
  const expression = parseFilterQuery(text);
  return expression === undefined ? undefined : resolveFilter(kind, expression);
}

export function parseEnum<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  what: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!allowed.includes(value as T)) {
    throw new InputError('INVALID_PARAMETER', `${what} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

export function parseStepIds(value: string | undefined): number[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[0-9]{1,9}(,[0-9]{1,9})*$/.test(value)) {
    throw new InputError(
      'INVALID_STEP_IDS',
      `stepIds must be a comma-separated list of integers, got '${value}'`,
    );
  }
  return value.split(',').map(Number);
}
