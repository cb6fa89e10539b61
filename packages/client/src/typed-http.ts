import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { notRegistryAnswer, RegistryError } from './errors.js';
import type { paths } from './generated/openapi.js';

/**
 * The generated, typed client the high-level API calls: paths, parameters, bodies and answers
 * come from the served OpenAPI document (packages/client/src/generated/openapi.ts), so a call
 * that does not match the document fails to compile. Unlike `RegistryApi` (the low-level client
 * handed to users, which returns `{ data, error }`), an error answer is thrown as RegistryError.
 */
export type TypedClient = Client<paths>;

/**
 * The longest URL (path and query) a list is sent with: below the server's 16 KiB and the 8 KiB
 * many proxies pass. A longer query (a long filterQuery) goes in the body of `POST …/search`.
 */
export const MAX_LIST_URL = 8 * 1024;

/** What every call of the typed client resolves to. */
type Answer<T> = Promise<{ data?: T; response: Response }>;

/**
 * A registry answers JSON, errors included: a page of text comes from something else
 * (NOT_A_REGISTRY, or a gateway's HTTP_5xx); an error answer becomes a RegistryError.
 */
const REGISTRY_ANSWERS: Middleware = {
  async onResponse({ response }) {
    const text = await response.clone().text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw notRegistryAnswer(response);
      }
    }
    if (!response.ok) throw RegistryError.fromResponse(response, parsed);
    return undefined;
  },
};

/**
 * For lists: a GET whose URL would be longer than MAX_LIST_URL goes as `POST <path>/search` with
 * the query as a JSON body of strings (the same answer, nothing cut).
 */
export const LIST_OVERFLOW: Middleware = {
  onRequest({ request }) {
    const url = new URL(request.url);
    if (url.pathname.length + url.search.length <= MAX_LIST_URL) return undefined;
    const headers = new Headers(request.headers);
    headers.set('content-type', 'application/json');
    return new Request(`${url.origin}${url.pathname}/search`, {
      method: 'POST',
      headers,
      body: JSON.stringify(Object.fromEntries(url.searchParams)),
      signal: request.signal,
    });
  },
};

/** Each defined query value as a string, encoded as URLSearchParams does. */
function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return params.toString();
}

export function createTypedClient(baseUrl: string, transport: typeof fetch): TypedClient {
  const client = createClient<paths>({
    baseUrl,
    fetch: transport,
    headers: { accept: 'application/json' },
    querySerializer: serializeQuery,
  });
  client.use(REGISTRY_ANSWERS);
  return client;
}

/** The answer of a typed call (its error answers are thrown by the client). */
export async function answer<T>(call: Answer<T>): Promise<T> {
  return (await call).data as T;
}

/** Like answer, but a 404 is `undefined` rather than an error (for lookups by name). */
export async function found<T>(call: Answer<T>): Promise<T | undefined> {
  try {
    return await answer(call);
  } catch (error) {
    // A 404 of something that is no registry is not "there is no such entity".
    if (error instanceof RegistryError && error.status === 404 && error.code !== 'NOT_A_REGISTRY')
      return undefined;
    throw error;
  }
}

/** An id of an entity the server sent, for a path (as the server always sends one). */
export function idOf(entity: { readonly id?: string | undefined }): string {
  return String(entity.id);
}
