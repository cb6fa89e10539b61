import { BASE, type RegistryHarness } from '../../support/registry-harness.js';

/** One request a client model made, and what the in-process server answered. */
export interface Exchange {
  readonly method: string;
  /** Relative to the API base, e.g. `/registered_model`. */
  readonly path: string;
  /** The query string exactly as the client encoded it, without `?` ('' when there is none). */
  readonly query: string;
  readonly requestBody: unknown;
  readonly status: number;
  readonly contentType: string | null;
  /** Parsed JSON when the response says it is JSON, else the text. */
  readonly body: unknown;
}

/** How a client turns a query value into URL text (each client library has its own rules). */
export type QueryEncoder = (value: string) => string;

/**
 * The HTTP layer under the client models: sends through the registry harness (so every answer is
 * also checked against our OpenAPI document) and records each exchange, so a test can assert the
 * exact sequence a real client would produce against this server.
 */
export class RecordingTransport {
  readonly exchanges: Exchange[] = [];
  private mark = 0;

  constructor(
    private readonly api: () => RegistryHarness,
    /** Sent as `Authorization: Bearer …` on every request, as the Python client does when given a token. */
    private readonly token?: string,
  ) {}

  async send(
    method: string,
    path: string,
    query: readonly (readonly [string, string])[],
    encode: QueryEncoder,
    body?: unknown,
  ): Promise<Exchange> {
    const text = query.map(([key, value]) => `${key}=${encode(value)}`).join('&');
    const url = `${BASE}${path}${text === '' ? '' : `?${text}`}`;
    const headers: Record<string, string> =
      this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
    const response = await this.api().request(method, url, body, headers);
    const exchange: Exchange = {
      method,
      path,
      query: text,
      requestBody: body,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: response.body,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  /** `METHOD /path?query -> status` for each exchange since the last `take()`, then starts a new batch. */
  take(): string[] {
    const batch = this.exchanges.slice(this.mark);
    this.mark = this.exchanges.length;
    return batch.map(describeExchange);
  }

  /** The exchanges since the last `take()`, without starting a new batch. */
  pending(): readonly Exchange[] {
    return this.exchanges.slice(this.mark);
  }
}

export function describeExchange(exchange: Exchange): string {
  const query = exchange.query === '' ? '' : `?${exchange.query}`;
  return `${exchange.method} ${exchange.path}${query} -> ${exchange.status}`;
}

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;

/** Python's `urllib.parse.quote(value)` (safe='/'), which the generated `mr_openapi` client applies to query values. */
export const pythonQuote: QueryEncoder = (value) =>
  encodeURIComponent(value)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, hex);

/** Go's `url.QueryEscape`, applied by `url.Values.Encode()` in the generated Go `openapi` client. */
export const goQueryEscape: QueryEncoder = (value) =>
  encodeURIComponent(value)
    .replace(/[!'()*]/g, hex)
    .replace(/%20/g, '+');
