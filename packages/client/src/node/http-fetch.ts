/// <reference types="node" />
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

/** Redirects followed before a request fails, as fetch does. */
const MAX_REDIRECTS = 20;
/** Statuses whose answer has no body (a Response refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The SDK's JSON requests on Node when the caller gave no fetch of its own: a `fetch` that sends
 * through node:http (https for an https URL, the global agents, so connections are kept alive
 * between a command's calls) and answers a web `Response`, as the JSON transport expects.
 *
 * Node's own fetch (undici) makes its first connection dear: its HTTP parser is WebAssembly,
 * compiled on first use, and the process waits at exit for that compilation to finish. One
 * request through it took a short script 0.24 s where node:http took 0.10 s; every CLI command
 * paid it (`modelreg models list` 0.44 s → 0.27 s, docs/adr/0023). File bytes already went through
 * node:http (node-http-transfer.ts).
 *
 * Like fetch: redirects are followed (up to 20; a 303, or a 301/302 of a POST, becomes a GET
 * without body; the bearer token is not sent to another origin), `redirect: 'manual'` answers the
 * redirect and `'error'` rejects it, an aborted signal rejects with its reason, a connection that
 * fails rejects with `TypeError('fetch failed')` whose cause is the socket's error, and a body
 * sent gzip, deflate or br encoded is decoded.
 */
export async function httpFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const { signal } = request;
  signal.throwIfAborted();
  const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
  let exchange: Exchange = {
    url: new URL(request.url),
    method: request.method,
    headers: Object.fromEntries(request.headers),
    body,
  };
  for (let redirects = 0; ; redirects++) {
    const answer = await send(exchange, signal);
    const status = answer.statusCode ?? 0;
    const location = answer.headers.location;
    if (!REDIRECTS.has(status) || location === undefined || request.redirect === 'manual')
      return await respond(answer, exchange, signal);
    answer.resume();
    if (request.redirect === 'error') throw new TypeError('fetch failed', { cause: redirectRefused(status) });
    if (redirects === MAX_REDIRECTS)
      throw new TypeError('fetch failed', { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) });
    exchange = redirected(exchange, status, new URL(location, exchange.url));
  }
}

/** One request as sent: where, how, with which headers and body. */
interface Exchange {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | undefined;
}

function send(exchange: Exchange, signal: AbortSignal): Promise<http.IncomingMessage> {
  const { url, method, body } = exchange;
  const headers = { ...exchange.headers };
  // fetch states the length of every body it sends (0 for a POST without one), never chunks it.
  if (body !== undefined || !['GET', 'HEAD'].includes(method))
    headers['content-length'] = String(body?.length ?? 0);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const sent = client.request(url, { method, headers, signal });
    sent.once('response', resolve);
    sent.once('error', (error) =>
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })),
    );
    sent.end(body);
  });
}

/** The next request of a redirect, as fetch makes it. */
function redirected(previous: Exchange, status: number, url: URL): Exchange {
  const headers = { ...previous.headers };
  if (url.origin !== previous.url.origin) delete headers['authorization'];
  const toGet =
    status === 303 ? previous.method !== 'HEAD' : [301, 302].includes(status) && previous.method === 'POST';
  if (!toGet) return { ...previous, url, headers };
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language'])
    delete headers[name];
  return { url, method: 'GET', headers, body: undefined };
}

function redirectRefused(status: number): Error {
  return new Error(`redirect (HTTP ${status}) with redirect: 'error'`);
}

/** The whole answer read, decoded and wrapped as a Response whose `url` is where it came from. */
async function respond(
  answer: http.IncomingMessage,
  exchange: Exchange,
  signal: AbortSignal,
): Promise<Response> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of answer) chunks.push(chunk as Buffer);
  } catch (error) {
    throw signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error });
  }
  const status = answer.statusCode ?? 0;
  const headers = new Headers();
  const raw = answer.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] ?? '', raw[i + 1] ?? '');
  const empty = NULL_BODY.has(status) || exchange.method === 'HEAD';
  let response: Response;
  try {
    const body = empty ? null : decoded(Buffer.concat(chunks), headers.get('content-encoding'));
    response = new Response(body, { status, statusText: answer.statusMessage ?? '', headers });
  } catch (error) {
    // A status outside 200–599, a header a Response refuses, a body that does not decode.
    throw new TypeError('fetch failed', { cause: error });
  }
  Object.defineProperty(response, 'url', { value: exchange.url.href });
  return response;
}

function decoded(raw: Buffer, encoding: string | null): Uint8Array<ArrayBuffer> {
  const body = inflated(raw, encoding);
  return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length);
}

function inflated(body: Buffer, encoding: string | null): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}
