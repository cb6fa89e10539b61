import { API_BASE } from './api.js';
import { RegistryError, type RegistryErrorCode } from './errors.js';
import type { TypedClient } from './typed-http.js';

/** What the file functions need from a ModelRegistry. */
export interface TransferContext {
  /** The registry's base URL. */
  readonly url: string;
  /**
   * JSON calls (sessions, manifests) on the generated, typed client and the ordinary transport:
   * per-attempt timeout, GET retries.
   */
  readonly api: TypedClient;
  /** The fetch file bytes go through. */
  readonly fetch: typeof fetch;
  /**
   * No fetch was given: in Node, file bytes (an upload's PUT, a download's GET) may go through
   * node:http instead (no web stream per chunk). A fetch of the caller's own is always used.
   */
  readonly ownTransport?: boolean;
  readonly token: string | undefined;
  /** A transfer is abandoned after this many milliseconds without a byte moving. */
  readonly idleTimeoutMs: number;
}

export interface StreamRequest {
  readonly method: 'GET' | 'PUT';
  /** Below the API base, already encoded. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: ReadableStream<Uint8Array>;
  readonly signal?: AbortSignal | undefined;
  /** The watchdog to use, when the caller must touch it before the answer comes (a request body). */
  readonly idle?: IdleWatchdog;
}

/** An answer being streamed, and the watchdog that must be told each time bytes move. */
export interface StreamExchange {
  readonly response: Response;
  readonly idle: IdleWatchdog;
}

/**
 * Aborts a transfer after `ms` without activity. A whole-request timeout cannot work for files: a
 * 20 GB transfer takes as long as the network needs; what must not happen is hanging forever.
 */
export class IdleWatchdog {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** When bytes last moved (Date.now()); the timer checks it when it fires. */
  private last = 0;
  readonly signal: AbortSignal;

  constructor(
    private readonly ms: number,
    private readonly what: string,
  ) {
    this.signal = this.controller.signal;
    this.touch();
  }

  /**
   * Bytes moved. Called for every chunk (tens of thousands a second), so it only notes the time;
   * the one timer, when it fires, waits again for whatever is left of the idle time.
   */
  touch(): void {
    // A body still being read when the transfer ended must not re-arm the timer.
    if (this.stopped) return;
    this.last = Date.now();
    if (this.timer === undefined) this.arm(this.ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      const left = this.last + this.ms - Date.now();
      if (left > 0) this.arm(left);
      else
        this.controller.abort(new RegistryError(`${this.what}: no progress for ${this.ms} ms`, 'TIMEOUT', 0));
    }, ms);
    // The transfer itself keeps the process alive; the watchdog alone must not (Node; browsers have no unref).
    (this.timer as { unref?: () => void }).unref?.();
  }
}

/** An answer's head, and its body as it arrives, whichever transport brought it. */
export interface IncomingBody {
  readonly status: number;
  readonly headers: Headers;
  /**
   * Hands the body's chunks to `sink` in order; resolves at its end, rejects when it breaks off or
   * the sink fails. A chunk may be memory the transport reuses: it is the sink's during the call
   * only. A sink that returns a promise gets the next chunk once that has settled.
   */
  each(sink: (chunk: Uint8Array) => void | Promise<void>): Promise<void>;
  /** Stops receiving the body (the rest is not wanted). */
  cancel(): void;
}

/** `each` over chunks that arrive one by one (a fetch body, a node:http answer). */
export async function eachChunk(
  chunks: AsyncIterable<Uint8Array>,
  sink: (chunk: Uint8Array) => void | Promise<void>,
): Promise<void> {
  for await (const chunk of chunks) {
    const wait = sink(chunk);
    if (wait !== undefined) await wait;
  }
}

/** A fetch answer as an IncomingBody. */
export function incomingOf(response: Response): IncomingBody {
  const reader = response.body?.getReader();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (reader === undefined) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    each: (sink) => eachChunk(chunks(), sink),
    cancel: () => {
      void reader?.cancel().catch(() => undefined);
    },
  };
}

/**
 * Where a file transfer's request goes, its headers with the bearer token, and one signal that
 * aborts on the caller's signal or the idle watchdog's (whichever transport sends it).
 */
export function transferTarget(
  context: TransferContext,
  request: {
    readonly path: string;
    readonly headers?: Record<string, string>;
    readonly signal?: AbortSignal | undefined;
  },
  idle: IdleWatchdog,
): { url: string; headers: Record<string, string>; signal: AbortSignal } {
  const headers: Record<string, string> = { ...request.headers };
  if (context.token !== undefined && context.token !== '')
    headers['authorization'] = `Bearer ${context.token}`;
  const signals = [idle.signal, ...(request.signal === undefined ? [] : [request.signal])];
  return { url: `${context.url}${API_BASE}/${request.path}`, headers, signal: AbortSignal.any(signals) };
}

/**
 * A streamed request with the bearer token, the caller's signal and an idle watchdog, but without
 * the JSON transport's clone (which would tee, and so buffer, a request body) and its total timeout.
 * An error answer becomes a RegistryError that keeps the parsed body (`upload-offset-mismatch`
 * carries `received`).
 */
export async function streamRequest(
  context: TransferContext,
  request: StreamRequest,
): Promise<StreamExchange> {
  const idle =
    request.idle ??
    new IdleWatchdog(context.idleTimeoutMs, `${request.method} ${context.url}${API_BASE}/${request.path}`);
  const { url, headers, signal } = transferTarget(context, request, idle);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal };
  if (request.body !== undefined) {
    init.body = request.body;
    // Node's fetch streams a request body only in half-duplex mode.
    init.duplex = 'half';
  }
  let response: Response;
  try {
    response = await context.fetch(url, init);
  } catch (error) {
    idle.stop();
    throw failureOf(error, request, idle, url);
  }
  idle.touch();
  if (!response.ok && response.status !== 304) {
    try {
      const text = await response.text();
      throw errorAnswer(response, text);
    } finally {
      idle.stop();
    }
  }
  return { response, idle };
}

/** The error thrown when the body of an answer breaks off, as streamRequest would have thrown it. */
export function failureOf(error: unknown, request: StreamRequest, idle: IdleWatchdog, url: string): unknown {
  if (request.signal?.aborted === true) return request.signal.reason;
  if (idle.signal.aborted) return idle.signal.reason;
  if (error instanceof RegistryError) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new RegistryError(`${request.method} ${url} failed (${detail})`, 'NETWORK_ERROR', 0, undefined, {
    cause: error,
  });
}

/** A successful answer's JSON body. */
export function parseJson<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RegistryError(`${where}: the answer is not JSON`, 'INVALID_RESPONSE', 0, undefined, {
      cause: error,
    });
  }
}

/** An error answer as a RegistryError, with the fields of its JSON body on `details`. */
export function errorAnswer(response: Response, text: string): TransferError {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  const base = RegistryError.fromResponse(response, body);
  return new TransferError(
    base.message,
    base.code,
    base.status,
    base.requestId,
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
  );
}

/** A RegistryError from a file transfer, with the answer's body for the fields the client acts on. */
export class TransferError extends RegistryError {
  constructor(
    message: string,
    code: RegistryErrorCode,
    status: number,
    requestId: string | undefined,
    readonly details: Readonly<Record<string, unknown>>,
  ) {
    super(message, code, status, requestId);
  }
}

/** Whether the error carries the code (`upload-offset-mismatch` and `UPLOAD_OFFSET_MISMATCH` alike). */
export function hasCode(error: unknown, code: string): boolean {
  const normal = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  if (!(error instanceof RegistryError)) return false;
  if (normal(error.code) === normal(code)) return true;
  const details = error instanceof TransferError ? error.details : {};
  return ['errorCode', 'code', 'reason'].some(
    (field) => typeof details[field] === 'string' && normal(details[field]) === normal(code),
  );
}

/** A dropped connection, a stall, or a gateway that could not reach the server: worth another try. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof RegistryError)) return false;
  return error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT' || [502, 503, 504].includes(error.status);
}

/** Waits before attempt `attempt + 1` (250 ms, 500 ms, 1 s, … at most 8 s); the signal cuts it short. */
export function backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
  const ms = Math.min(8_000, 250 * 2 ** (attempt - 1));
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
