import { InputError } from './errors.js';

export const ORDER_FIELDS = ['ID', 'CREATE_TIME', 'LAST_UPDATE_TIME', 'NAME', 'VERSION'] as const;
/**
 * Orderings of a list of model summaries only (docs/adr/0024-models-list-sorts.md): by the newest
 * version's creation time, the Production version's creation time, the most advanced stage, the
 * owner. A model without the value (no version, no owner…) comes first ascending, last descending.
 */
export const SUMMARY_ORDER_FIELDS = ['LATEST_VERSION', 'PRODUCTION_VERSION', 'STAGE', 'OWNER'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number] | (typeof SUMMARY_ORDER_FIELDS)[number];
/** Orderings whose value may be missing (null in a cursor). */
const NULLABLE_ORDERS: ReadonlySet<string> = new Set(['LATEST_VERSION', 'PRODUCTION_VERSION', 'OWNER']);
/** Orderings by text (a string in a cursor); the others are by number. */
const TEXT_ORDERS: ReadonlySet<string> = new Set(['NAME', 'VERSION', 'OWNER']);
/** Model versions can also be ordered by a metric's value or a parameter's numeric value. */
export type OrderBy = OrderField | `metrics.${string}` | `params.${string}`;
export type SortOrder = 'ASC' | 'DESC';

/** A metric or parameter ordering, split into its parts; undefined for a field ordering. */
export function orderTerm(orderBy: OrderBy): { kind: 'metric' | 'param'; name: string } | undefined {
  if (orderBy.startsWith('metrics.')) return { kind: 'metric', name: orderBy.slice('metrics.'.length) };
  if (orderBy.startsWith('params.')) return { kind: 'param', name: orderBy.slice('params.'.length) };
  return undefined;
}

const ORDER_TERM = /^(metrics|params)\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

export function isOrderBy(value: string): value is OrderBy {
  return (ORDER_FIELDS as readonly string[]).includes(value) || ORDER_TERM.test(value);
}

function isSummaryOrder(value: string): value is OrderBy {
  return (SUMMARY_ORDER_FIELDS as readonly string[]).includes(value);
}

/**
 * The position after the last row of a page, for keyset pagination. `value` is null when the row
 * has no value for a metric or parameter ordering (such rows come last, in id order).
 */
export interface Cursor {
  readonly value: string | number | null;
  readonly id: number;
}

export interface PageRequest {
  /** Absent means every matching row in one page. */
  readonly pageSize?: number | undefined;
  readonly orderBy: OrderBy;
  readonly sortOrder: SortOrder;
  readonly after?: Cursor | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: Cursor | undefined;
}

interface TokenPayload {
  o: OrderBy;
  s: SortOrder;
  v: string | number | null;
  i: number;
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string {
  const base64 = token.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/**
 * The token binds the cursor to the ordering it was made for: reusing it with another
 * orderBy or sortOrder would silently skip or repeat rows, so that is refused instead.
 */
export function encodePageToken(cursor: Cursor, orderBy: OrderBy, sortOrder: SortOrder): string {
  const payload: TokenPayload = { o: orderBy, s: sortOrder, v: cursor.value, i: cursor.id };
  return toBase64Url(JSON.stringify(payload));
}

export function decodePageToken(token: string, orderBy: OrderBy, sortOrder: SortOrder): Cursor | undefined {
  if (token === '') return undefined;
  const invalid = (why: string) =>
    new InputError('INVALID_PAGE_TOKEN', `invalid nextPageToken: ${why}; pass the token of a previous page`);
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(token)) throw invalid('it is not a token this server issued');
  let payload: unknown;
  try {
    payload = JSON.parse(fromBase64Url(token));
  } catch {
    throw invalid('it is not a token this server issued');
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    !('o' in payload && 's' in payload && 'v' in payload && 'i' in payload)
  ) {
    throw invalid('it is not a token this server issued');
  }
  const { o, s, v, i } = payload as Record<string, unknown>;
  if (
    typeof o !== 'string' ||
    !(isOrderBy(o) || isSummaryOrder(o)) ||
    (s !== 'ASC' && s !== 'DESC') ||
    !(
      typeof v === 'string' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (v === null && (orderTerm(o) !== undefined || NULLABLE_ORDERS.has(o)))
    ) ||
    typeof i !== 'number' ||
    !Number.isSafeInteger(i)
  ) {
    throw invalid('it is not a token this server issued');
  }
  if (o !== orderBy || s !== sortOrder) {
    throw invalid(
      `it was issued for orderBy=${String(o)} sortOrder=${s}, not orderBy=${orderBy} sortOrder=${sortOrder}`,
    );
  }
  if (orderTerm(o) !== undefined) {
    if (typeof v === 'string') throw invalid('it is not a token this server issued');
  } else if (v !== null && TEXT_ORDERS.has(o) !== (typeof v === 'string'))
    throw invalid('it is not a token this server issued');
  return { value: v, id: i };
}
