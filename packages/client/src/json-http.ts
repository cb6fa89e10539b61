import { API_BASE } from './api.js';
import { notRegistryAnswer, RegistryError } from './errors.js';

export type Query = Record<string, string | number | undefined>;

/**
 * The longest URL (path and query) a list is sent with: below the server's 16 KiB and the 8 KiB
 * many proxies pass. A longer query (a long filterQuery) goes in the body of `POST …/search`.
 */
export const MAX_LIST_URL = 8 * 1024;

/**
 * JSON requests against the API base, on the shared transport; error answers become RegistryError.
 * What the file transfers use around their streams (sessions, manifests); every other call of the
 * SDK goes through the generated, typed client (typed-http.ts).
 */
export class JsonHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly transport: typeof fetch,
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('GET', path, query);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, undefined, body);
  }

  async delete(path: string): Promise<void> {
    await this.send<unknown>('DELETE', path);
  }

  /** Like get, but a 404 is `undefined` rather than an error (for lookups by name). */
  async find<T>(path: string, query: Query): Promise<T | undefined> {
    try {
      return await this.get<T>(path, query);
    } catch (error) {
      // A 404 of something that is no registry is not "there is no such entity".
      if (error instanceof RegistryError && error.status === 404 && error.code !== 'NOT_A_REGISTRY')
        return undefined;
      throw error;
    }
  }

  private url(path: string, query?: Query): URL {
    const url = new URL(`${this.baseUrl}${API_BASE}/${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send<T>(method: string, path: string, query?: Query, body?: unknown): Promise<T> {
    const url = this.url(path, query);
    const init: RequestInit = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const response = await this.transport(url, init);
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // A registry answers JSON, errors included: a page of text comes from something else.
        throw notRegistryAnswer(response);
      }
    }
    if (!response.ok) throw RegistryError.fromResponse(response, parsed);
    return parsed as T;
  }
}
