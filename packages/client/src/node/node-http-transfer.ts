/// <reference types="node" />
import type { FileHandle } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import {
  eachChunk,
  errorAnswer,
  failureOf,
  transferTarget,
  type IdleWatchdog,
  type TransferContext,
} from '../transfer-http.js';
import type { IncomingBody } from '../transfer-http.js';
import { alignedBuffers } from './direct-io.js';
import type { WrittenChunks } from './sent-bytes-hash.js';

/** Bytes read from disk per write to the socket. */
const CHUNK_BYTES = 1024 * 1024;
/** Read buffers: each goes back to the pool once the socket has written it. */
const BUFFERS = 4;

/** The answer to a PUT: status, headers and the whole (JSON) body. */
export interface PutAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Where the bytes come from: bytes `offset` to `size` of an open file. */
export interface PutSource {
  readonly handle: FileHandle;
  readonly offset: number;
  readonly size: number;
  /** The error when the file ends early (it changed under the upload). */
  readonly shortened: () => Error;
  /** Takes each chunk once the socket has written it (the upload's hash), and gives its buffer back. */
  readonly written?: WrittenChunks;
}

/**
 * PUTs a range of a file with node:http (https for an https URL): a few read buffers, each reused
 * once the socket has written it (and, with `source.written`, once the upload's hash has taken it
 * and given it back), and no web stream between the file and the socket. Through
 * fetch, every chunk is a fresh buffer that goes through a ReadableStream's promises: 256 MiB to a
 * local sink took 0.8 s that way, 0.25 s for curl, and about as little this way. Used when the
 * registry was given no `fetch` of its own (tests and proxies that bring one keep it). Rejects
 * with the transport's error (an aborted request with the signal's reason); an error status is
 * an answer like any other.
 */
export function putFileRange(
  target: { readonly url: string; readonly headers: Record<string, string>; readonly signal: AbortSignal },
  source: PutSource,
  onSent: (position: number) => void,
): Promise<PutAnswer> {
  const url = new URL(target.url);
  const client = url.protocol === 'https:' ? https : http;
  const request = client.request(url, { method: 'PUT', headers: target.headers, signal: target.signal });
  let answered = false;
  const answer = new Promise<PutAnswer>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const headers = headersOf(response);
        resolve({ status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
  });
  // The body is written beside the wait for the answer; a failure of either ends both.
  const sent = sendBody(request, source, onSent, () => answered, answer).catch((error: unknown) => {
    request.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  return Promise.all([answer, sent]).then(([got]) => {
    // Answered before the whole body went (an offset mismatch, a refusal): the rest is not sent.
    if (!request.writableEnded) request.destroy();
    return got;
  });
}

/** Sets of read buffers no PUT holds, kept for the next PUTs. */
const spareSets: Buffer[][] = [];
const SPARE_SETS = 4;

/**
 * A PUT's read buffers: page-aligned (the kernel's copy from the page cache is fastest there) and
 * shared (the upload's hash reads them on its worker without a transfer). They are a WebAssembly
 * memory, which reserves far more address space than it uses, so the sets are few and reused: a
 * set goes back among the spares once the PUT is over and every one of its buffers is back.
 */
class ReadBuffers {
  readonly free: Buffer[] = spareSets.pop() ?? alignedBuffers(BUFFERS, CHUNK_BYTES, { shared: true });
  private released: (() => void) | undefined;
  private finished = false;
  private spared = false;

  /** A buffer is back (or one in its place). */
  give(buffer: Buffer): void {
    this.free.push(buffer);
    this.released?.();
    this.spareOnceAllBack();
  }

  /** Resolves when a buffer comes back. */
  one(): Promise<void> {
    return new Promise((resolve) => (this.released = resolve));
  }

  /** The PUT takes no more buffers. */
  finish(): void {
    this.finished = true;
    this.spareOnceAllBack();
  }

  private spareOnceAllBack(): void {
    if (!this.finished || this.spared || this.free.length < BUFFERS) return;
    this.spared = true;
    if (spareSets.length < SPARE_SETS) spareSets.push(this.free);
  }
}

async function sendBody(
  request: http.ClientRequest,
  source: PutSource,
  onSent: (position: number) => void,
  answered: () => boolean,
  answer: Promise<unknown>,
): Promise<void> {
  const buffers = new ReadBuffers();
  const { free } = buffers;
  const reuse = (back: Buffer) => buffers.give(back);
  // Settles when the request fails or is answered: no wait below may outlive it.
  const ended = answer.then(
    () => undefined,
    () => undefined,
  );
  try {
    for (let position = source.offset; position < source.size;) {
      if (answered() || request.destroyed) return;
      let buffer = free.pop();
      while (buffer === undefined) {
        await Promise.race([buffers.one(), ended]);
        if (answered() || request.destroyed) return;
        buffer = free.pop();
      }
      const want = Math.min(CHUNK_BYTES, source.size - position);
      const { bytesRead } = await source.handle.read(buffer, 0, want, position).catch((error: unknown) => {
        reuse(buffer);
        throw error;
      });
      if (bytesRead === 0) {
        reuse(buffer);
        throw source.shortened();
      }
      const [chunk, at] = [buffer, position];
      position += bytesRead;
      const ready = request.write(chunk.subarray(0, bytesRead), (error) => {
        // Bytes the socket did not take are not handed on: whoever hashes reads them from the file.
        if (error == null && source.written !== undefined) source.written.take(chunk, at, bytesRead, reuse);
        else reuse(chunk);
      });
      onSent(position);
      if (!ready) await Promise.race([new Promise((resolve) => request.once('drain', resolve)), ended]);
    }
    if (!request.destroyed) request.end();
  } finally {
    buffers.finish();
  }
}

/** A file transfer's request: where, its headers, the caller's signal and the idle watchdog. */
interface NodeHttpRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined;
  readonly idle: IdleWatchdog;
}

/**
 * An upload's PUT through putFileRange, as streamRequest would send it through fetch: the bearer
 * token, the caller's signal and the idle watchdog (touched as bytes go), the same errors (a
 * broken connection is NETWORK_ERROR, an error status a RegistryError with the parsed body).
 * Resolves the answer's text.
 */
export async function putOverNodeHttp(
  context: TransferContext,
  request: NodeHttpRequest,
  source: PutSource,
  onSent: (position: number) => void,
): Promise<string> {
  const { path, idle, signal } = request;
  const target = transferTarget(context, request, idle);
  const { url } = target;
  let got: PutAnswer;
  try {
    got = await putFileRange(target, source, (position) => {
      idle.touch();
      onSent(position);
    });
  } catch (error) {
    throw failureOf(error, { method: 'PUT', path, signal }, idle, url);
  }
  if (got.status < 200 || got.status > 299)
    throw errorAnswer(new Response(got.text, { status: got.status, headers: got.headers }), got.text);
  return got.text;
}

/**
 * A download's GET through node:http (https for an https URL), as streamRequest would send it
 * through fetch: the bearer token, the caller's signal and the idle watchdog, the same errors (a
 * broken connection is NETWORK_ERROR, an error status a RegistryError with the parsed body).
 * Resolves once the head has arrived; the body is the socket's own buffers, in the order they
 * were read. Through fetch, each chunk also goes through a web stream's promises and its
 * garbage: a 1 GiB download cost the CLI 0.5–0.8 s more CPU that way.
 */
export async function getOverNodeHttp(
  context: TransferContext,
  request: NodeHttpRequest,
): Promise<IncomingBody> {
  const { path, idle, signal } = request;
  const { url, headers, signal: signals } = transferTarget(context, request, idle);
  const where = { method: 'GET' as const, path, signal };
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  let response: http.IncomingMessage;
  try {
    response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const sent = client.request(target, { method: 'GET', headers, signal: signals });
      sent.once('error', reject);
      sent.once('response', resolve);
      sent.end();
    });
  } catch (error) {
    idle.stop();
    throw failureOf(error, where, idle, url);
  }
  idle.touch();
  const answerHeaders = headersOf(response);
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 299) {
    let text: string;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      throw failureOf(error, where, idle, url);
    } finally {
      idle.stop();
    }
    // A Response may not carry a body with these statuses.
    const body = [204, 205, 304].includes(status) ? null : text;
    throw errorAnswer(new Response(body, { status, headers: answerHeaders }), text);
  }
  return {
    status,
    headers: answerHeaders,
    each: (sink) => eachChunk(response as AsyncIterable<Uint8Array>, sink),
    cancel: () => {
      response.destroy();
    },
  };
}

function headersOf(response: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
