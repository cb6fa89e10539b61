import { RegistryError } from './errors.js';

export interface TransportOptions {
  /** Bearer token; defaults to MODELREG_TOKEN where an environment exists. An empty string sends none. */
  readonly token?: string | undefined;
  /** Milliseconds before a request is abandoned (default 30 000). */
  readonly timeoutMs?: number | undefined;
  /** Extra attempts for idempotent requests (GET, HEAD) after a network error or a 502/503/504 (default 2). */
  readonly retries?: number | undefined;
  /**
   * The fetch to use. Default: on Node, node:http through its global agents (node/http-fetch.ts:
   * Node's own fetch makes every short-lived process dearer); elsewhere the global fetch. Give
   * Node's global fetch here to keep an undici dispatcher of your own (a proxy's).
   */
  readonly fetch?: typeof fetch | undefined;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRY_STATUSES = new Set([502, 503, 504]);

/** Reads MODELREG_* from the environment on Node; in a browser there is none. */
export function fromEnvironment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A fetch with the bearer token, a timeout on every attempt, and retries for requests that are
 * safe to repeat. Failures that never got an answer become a RegistryError.
 */
export function createTransport(options: TransportOptions = {}): typeof fetch {
  const baseFetch = options.fetch ?? defaultFetch();
  const token = options.token ?? fromEnvironment('MODELREG_TOKEN');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;

  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (token !== undefined && token !== '' && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${token}`);
    }
    const attempts = IDEMPOTENT.has(request.method) ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        // The caller's own signal (openapi-fetch puts it on the request) must still abort.
        const signal = AbortSignal.any([request.signal, timeoutSignal(timeoutMs)]);
        const response = await baseFetch(request.clone(), { signal });
        if (attempt < attempts && RETRY_STATUSES.has(response.status)) {
          // Release the connection of the answer we drop.
          await response.body?.cancel().catch(() => undefined);
          await backoff(attempt);
          continue;
        }
        return response;
      } catch (error) {
        // The caller gave up: neither retry nor disguise its AbortError.
        if (request.signal.aborted) throw error;
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
        if (attempt < attempts) {
          await backoff(attempt);
          continue;
        }
        const where = `${request.method} ${request.url}`;
        throw timedOut
          ? new RegistryError(`${where} timed out after ${timeoutMs} ms`, 'TIMEOUT', 0, undefined, {
              cause: error,
            })
          : new RegistryError(
              `cannot reach ${new URL(request.url).origin} (${describe(error)})`,
              'NETWORK_ERROR',
              0,
              undefined,
              {
                cause: error,
              },
            );
      }
    }
  };
}

/** Node's node:http fetch (loaded on first use, so browsers never import `node:`), else the global fetch. */
function defaultFetch(): typeof fetch {
  const onNode =
    typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ===
    'string';
  if (!onNode) return globalThis.fetch.bind(globalThis);
  let loaded: Promise<typeof fetch> | undefined;
  return async (input, init) => {
    loaded ??= import('./node/http-fetch.js').then((module) => module.httpFetch);
    return (await loaded)(input, init);
  };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A signal that aborts with a TimeoutError after `ms`, like `AbortSignal.timeout(ms)` but held
 * strongly by its timer. Node's timeout signal is held only weakly by its timer, and a composite
 * (`AbortSignal.any`) holds its sources weakly too: under garbage-collection pressure the timeout
 * could be collected before it fired, and a request to a server that never answers would then
 * hang for good. The timer is unref'd like Node's, so it never keeps a finished process alive.
 */
function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  const timer: unknown = setTimeout(
    () => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')),
    ms,
  );
  (timer as { unref?: () => void }).unref?.();
  return controller.signal;
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** (attempt - 1))));
}
