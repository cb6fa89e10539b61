import { InputError } from './errors.js';

export const ORDER_FIELDS = ['ID', 'CREATE_TIME', 'LAST_UPDATE_TIME', 'NAME', 'VERSION'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type SortOrder = 'ASC' | 'DESC';

/** The position after the last row of a page, for keyset pagination. */
export interface Cursor {
  readonly value: string | number;
  readonly id: number;
}

export interface PageRequest {
  /** Absent means every matching row in one page. */
  readonly pageSize?: number | undefined;
  readonly orderBy: OrderField;
  readonly sortOrder: SortOrder;
  readonly after?: Cursor | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: Cursor | undefined;
}

interface TokenPayload {
  o: OrderField;
  s: SortOrder;
  v: string | number;
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
export function encodePageToken(cursor: Cursor, orderBy: OrderField, sortOrder: SortOrder): string {
  const payload: TokenPayload = { o: orderBy, s: sortOrder, v: cursor.value, i: cursor.id };
  return toBase64Url(JSON.stringify(payload));
}

export function decodePageToken(
  token: string,
  orderBy: OrderField,
  sortOrder: SortOrder,
): Cursor | undefined {
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
    !ORDER_FIELDS.includes(o as OrderField) ||
    (s !== 'ASC' && s !== 'DESC') ||
    !(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) ||
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
  if ((o === 'NAME' || o === 'VERSION') !== (typeof v === 'string'))
    throw invalid('it is not a token this server issued');
  return { value: v, id: i };
}
