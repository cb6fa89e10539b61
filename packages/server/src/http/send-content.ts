import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { pageAlignedBuffer, READ_BUFFER_BYTES } from '../adapters/artifacts/aligned-buffers.js';
import type { ContentReader } from '../ports/artifact-store.js';

/** Bytes read at a time… */
const CHUNK = READ_BUFFER_BYTES;
/** …into at most this many buffers per response (the socket holds the ones it has not sent yet). */
const BUFFERS_PER_RESPONSE = 4;
/** Free buffers kept for the next responses; more are dropped. */
const POOL_LIMIT = 16;
const pool: Buffer[] = [];
/** The header telling @hono/node-server that a handler wrote the response itself. */
const ALREADY_SENT = 'x-hono-already-sent';
if (RESPONSE_ALREADY_SENT.headers.get(ALREADY_SENT) !== 'true') {
  throw new Error(`@hono/node-server no longer marks a sent response with ${ALREADY_SENT}`);
}

/**
 * Whether `c` is served by @hono/node-server over a real socket, and its Node response is
 * untouched: only then can bytes be written to it directly (tests calling `app.request()` have none).
 */
function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing !== undefined && typeof outgoing.writeHead === 'function' && !outgoing.headersSent
    ? outgoing
    : undefined;
}

/**
 * Serves `length` bytes of published content from `start`. Where the store reads positionally and
 * the response is a Node socket's, the bytes go through a few reused buffers, each back in the
 * pool only once the socket is done with it: no buffer is allocated per chunk, so a large
 * download makes no garbage and touches no new memory (a 1 GiB download: ~0.3-1.9k page faults
 * instead of 14-43k through a web stream, which on a VM are host faults). Else, a web stream of
 * the store's `read`.
 */
export async function sendContent(
  c: Context,
  status: number,
  headers: Record<string, string>,
  content: {
    readonly start: number;
    readonly length: number;
    readonly read: () => Promise<AsyncIterable<Uint8Array>>;
    readonly openReader: (() => Promise<ContentReader>) | undefined;
  },
): Promise<Response> {
  const outgoing = nodeResponse(c);
  if (outgoing === undefined || content.openReader === undefined) {
    return sendStream(c, status, headers, await content.read());
  }
  // Opened before the head is sent, so a missing blob still answers with an error.
  const reader = await content.openReader();
  const requestId = c.get('requestId') as string | undefined;
  outgoing.writeHead(status, requestId === undefined ? headers : { ...headers, 'x-request-id': requestId });
  void pump(reader, outgoing, content.start, content.length, sentCounter(c)).finally(() => reader.close());
  // Tells @hono/node-server the response is written (the status is for the request log). Its
  // lightweight Response would otherwise be written out again from its cache, a second head on a
  // sent response; reading `body` turns it into a full one (send-content.test.ts checks this).
  const written = new Response(null, { status, headers: { [ALREADY_SENT]: 'true' } });
  void written.body;
  return written;
}

/**
 * Serves a stream of bytes. On a Node socket they are written here, and a failing source (content
 * found corrupt on the way) destroys the connection with nothing more written: @hono/node-server
 * would write its error text into the body first, which a client could take for the last bytes.
 */
export function sendStream(
  c: Context,
  status: number,
  headers: Record<string, string>,
  source: AsyncIterable<Uint8Array>,
): Response {
  const outgoing = nodeResponse(c);
  if (outgoing === undefined) return new Response(webStream(source), { status, headers });
  const requestId = c.get('requestId') as string | undefined;
  outgoing.writeHead(status, requestId === undefined ? headers : { ...headers, 'x-request-id': requestId });
  void write(source, outgoing, sentCounter(c));
  const written = new Response(null, { status, headers: { [ALREADY_SENT]: 'true' } });
  void written.body;
  return written;
}

/**
 * What counts the bytes written to the socket (the metrics' downloaded bytes; app.ts sets it):
 * written here, after the route has answered, they would escape a count taken at the answer.
 */
function sentCounter(c: Context): (bytes: number) => void {
  return (c.get('countSent' as never) as ((bytes: number) => void) | undefined) ?? (() => undefined);
}

async function write(
  source: AsyncIterable<Uint8Array>,
  outgoing: ServerResponse,
  count: (bytes: number) => void,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (outgoing.destroyed) return;
      const next = await iterator.next();
      if (next.done === true) break;
      count(next.value.byteLength);
      if (!outgoing.write(next.value)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            outgoing.off('drain', done);
            outgoing.off('close', done);
            resolve();
          };
          outgoing.on('drain', done);
          outgoing.on('close', done);
        });
      }
    }
    if (!outgoing.destroyed) outgoing.end();
  } catch (error) {
    outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    if (outgoing.destroyed) await iterator.return?.().catch(() => undefined);
  }
}

/** Reads and writes until done, the client goes away, or a read fails (the response is then cut short). */
async function pump(
  reader: ContentReader,
  outgoing: ServerResponse,
  start: number,
  length: number,
  count: (bytes: number) => void,
) {
  let position = start;
  const end = start + length;
  let owned = 0;
  const free: Buffer[] = [];
  let wake: (() => void) | undefined;
  const signal = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  outgoing.on('close', signal);
  outgoing.on('drain', signal);
  const release = (buffer: Buffer) => {
    if (outgoing.destroyed || position >= end) {
      if (pool.length < POOL_LIMIT) pool.push(buffer);
    } else free.push(buffer);
    signal();
  };
  try {
    while (position < end && !outgoing.destroyed) {
      let buffer = free.pop();
      if (buffer === undefined && owned < BUFFERS_PER_RESPONSE) {
        // Page-aligned: the kernel copies from the page cache fastest into those (aligned-buffers.ts).
        buffer = pool.pop() ?? pageAlignedBuffer();
        owned += 1;
      }
      if (buffer === undefined || outgoing.writableNeedDrain) {
        if (buffer !== undefined) free.push(buffer);
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const n = await reader.read(buffer, Math.min(CHUNK, end - position), position);
      if (n === 0) throw new Error('the stored file is shorter than its manifest says');
      position += n;
      const sent = buffer;
      count(n);
      outgoing.write(n === CHUNK ? sent : sent.subarray(0, n), () => release(sent));
    }
    if (!outgoing.destroyed) outgoing.end();
  } catch (error) {
    outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    outgoing.off('close', signal);
    outgoing.off('drain', signal);
    // Buffers the socket has released already go back to the pool; the rest do on release.
    for (const buffer of free.splice(0)) if (pool.length < POOL_LIMIT) pool.push(buffer);
  }
}

/** An async iterable as a web stream, pulled one chunk at a time (no read-ahead). */
export function webStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done === true) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
