import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import {
  createRegistry,
  loadServerConfig,
  UNRESTRICTED,
  type ConfigOverrides,
  type ServerConfig,
  type Role,
} from '@modelreg/server';
import { dialectForUrl } from '../../packages/server/src/adapters/sql/open-metadata-store.js';
import { createResponseValidator } from './openapi-validator.js';
import { createTestDatabase, type DatabaseTarget } from './test-databases.js';

export const BASE = '/api/model_registry/v1alpha3';

/** Paths of the MLflow-compatible API, which MLflow's proto describes rather than our OpenAPI document. */
function isMlflowApi(pathname: string): boolean {
  return /^\/(api|ajax-api)\/2\.0\/mlflow(-artifacts)?(\/|$)/.test(pathname);
}

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** The registry app in-process on a fresh database; every response is validated against our OpenAPI document. */
export interface RegistryHarness {
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  patch<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>>;
  del<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>>;
  /** A request whose body and answer may be bytes (file transfers); JSON answers are parsed into `body`. */
  bytes(
    method: string,
    path: string,
    body?: Uint8Array | ReadableStream<Uint8Array>,
    headers?: Record<string, string>,
  ): Promise<ApiResponse & { readonly bytes: Uint8Array }>;
  /** The operationIds of the served document that this harness has called. */
  readonly operationsSeen: () => ReadonlySet<string>;
  /** Requests that hit the database, counted by the store's query log (for the no-N+1 check). */
  readonly queryCount: () => number;
  /** The SQL of every statement the store runs while `work` runs (in-process, so only the work's own). */
  sqlDuring(work: () => Promise<unknown>): Promise<readonly string[]>;
  /** Creates an API token directly through the access service (how an operator bootstraps the first admin). */
  createToken(input: {
    name: string;
    role: Role;
    registeredModelId?: number;
    subject?: string;
  }): Promise<string>;
  /** Grants a role directly through the access service. */
  grant(input: {
    principalType: 'user' | 'group';
    principal: string;
    role: Role;
    registeredModelId?: number;
  }): Promise<void>;
  /** Writes the refused authentications the throttle holds to the audit trail (every window with `all`). */
  flushAuthenticationFailures(all?: boolean): Promise<void>;
  /**
   * Moves the registry's clock forward by `ms` (it otherwise follows the system clock), so two
   * changes get different times without the test sleeping between them.
   */
  advanceClock(ms: number): void;
  /** The registry's time now (epoch ms). */
  now(): number;
  /** The database behind the app, for tests that must reach under the API (tampering). */
  readonly database: () => Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tables by name
  close(): Promise<void>;
  /** The directory the disk artifact store writes to (unused when the test names another store). */
  readonly artifactsDir: string;
  /** The server's configuration (its database URL and artifact store), for host tasks such as GC. */
  readonly config: ServerConfig;
}

export interface HarnessOptions {
  /** Server settings, e.g. `{ auth: 'token' }`; authentication is 'none' by default. */
  readonly config?: ConfigOverrides;
  /** The registry's clock (epoch ms); the system clock by default. */
  readonly clock?: () => number;
  /**
   * Serve this database (another harness's `config.db`) instead of a fresh one, as a second
   * replica would; closing this harness leaves it to its owner.
   */
  readonly databaseUrl?: string;
}

const validator = createResponseValidator();

export async function startHarness(
  target: DatabaseTarget['name'],
  options: HarnessOptions = {},
): Promise<RegistryHarness> {
  const database =
    options.databaseUrl === undefined
      ? await createTestDatabase(target)
      : { url: options.databaseUrl, drop: () => Promise.resolve() };
  // Model files go to a directory of the harness's own, unless the test names a store (S3).
  const artifactsDir = mkdtempSync(join(tmpdir(), 'modelreg-artifacts-'));
  const config = loadServerConfig(
    { artifacts: artifactsDir, ...options.config, db: database.url, port: 0, logLevel: 'silent' },
    {},
  );
  let queries = 0;
  let capturing: string[] | undefined;
  const seen = new Set<string>();
  let ahead = 0;
  const base = options.clock ?? (() => Date.now());
  const now = () => base() + ahead;
  const { app, store, access, artifacts, flushAuthenticationFailures } = await createRegistry(config, {
    onQuery: (sql) => {
      queries += 1;
      capturing?.push(sql);
    },
    // In-process requests have no socket; tests say where they come from with this header.
    remoteAddress: (c) => c.req.header('x-test-peer') ?? '127.0.0.1',
    clock: now,
  });
  // A connection of the test's own, for reaching under the API (the store exposes none).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables by name
  const underneath: Kysely<any> = await dialectForUrl(database.url).open();
  const validate = (method: string, path: string, response: Response, body: unknown) => {
    const url = new URL(path.startsWith('/') ? path : `${BASE}/${path}`, 'http://test');
    // A route the app does not have is not in the document either; nothing to validate.
    const unrouted = (body as { errorCode?: unknown } | undefined)?.errorCode === 'ROUTE_NOT_FOUND';
    if (unrouted || isMlflowApi(url.pathname)) return;
    validator.validate(method, url.pathname, response.status, response.headers.get('content-type'), body);
    const operation = validator.resolve(method, url.pathname);
    if (operation.operationId !== undefined) seen.add(operation.operationId);
  };
  const bytes = async (
    method: string,
    path: string,
    body?: Uint8Array | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers: { 'content-type': 'application/octet-stream', ...headers },
    };
    if (body !== undefined) {
      init.body = body as BodyInit;
      init.duplex = 'half';
    }
    const response = await app.request(path.startsWith('/') ? path : `${BASE}/${path}`, init);
    const data = new Uint8Array(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    const text = new TextDecoder().decode(data);
    const parsed: unknown = contentType?.includes('json') && text !== '' ? JSON.parse(text) : undefined;
    validate(method, path, response, parsed ?? (data.length === 0 ? '' : '(bytes)'));
    return {
      status: response.status,
      body: (parsed ?? {}) as Record<string, unknown>,
      headers: response.headers,
      bytes: data,
    };
  };
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => {
    const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.request(path.startsWith('/') ? path : `${BASE}/${path}`, init);
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    let parsed: unknown = text;
    if (contentType?.includes('json') && text !== '') parsed = JSON.parse(text);
    const url = new URL(path.startsWith('/') ? path : `${BASE}/${path}`, 'http://test');
    // A route the app does not have is not in the document either; nothing to validate.
    const unrouted = (parsed as { errorCode?: unknown } | undefined)?.errorCode === 'ROUTE_NOT_FOUND';
    // The MLflow-compatible API is not part of the OpenAPI document (MLflow's proto describes it).
    if (!unrouted && !isMlflowApi(url.pathname)) {
      validator.validate(
        method,
        url.pathname,
        response.status,
        contentType,
        text === '' ? undefined : parsed,
      );
      const operation = validator.resolve(method, url.pathname);
      if (operation.operationId !== undefined) seen.add(operation.operationId);
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  };
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
    del: (path) => request('DELETE', path),
    bytes,
    queryCount: () => queries,
    async sqlDuring(work) {
      const statements: string[] = [];
      capturing = statements;
      try {
        await work();
      } finally {
        capturing = undefined;
      }
      return statements;
    },
    advanceClock: (ms) => {
      ahead += ms;
    },
    now,
    database: () => underneath,
    operationsSeen: () => seen,
    createToken: async (input) => (await access.createToken(UNRESTRICTED, input)).token,
    flushAuthenticationFailures,
    grant: async (input) => {
      await access.createGrant(UNRESTRICTED, input);
    },
    close: async () => {
      await underneath.destroy();
      await store.close();
      await artifacts.close();
      await database.drop();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
    artifactsDir,
    config,
  };
}
