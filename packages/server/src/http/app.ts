import { Hono, type Context, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ANONYMOUS, type Principal } from '../domain/access-control.js';
import { clientAddress, clientKey } from '../domain/ip-address.js';
import type { AuditService } from '../services/audit/index.js';
import { registerAuditRoutes } from './routes/audit.js';
import { AuthenticationError, isDomainError, RateLimitError, UnavailableError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import type { AccessService } from '../services/access/index.js';
import type { ClientThrottle } from '../services/access/index.js';
import { registerAccessRoutes } from './routes/access.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import type { Metrics } from '../ports/metrics.js';
import type { KubeflowServices } from './routes/kubeflow.js';
import type { LineageService } from '../services/lineage/index.js';
import { registerLineageRoutes } from './routes/lineage.js';
import type { FileService } from '../services/content/index.js';
import type { VerificationService } from '../services/content/index.js';
import type { ReportService } from '../services/audit/index.js';
import { registerIntegrityRoutes } from './routes/integrity.js';
import { FILE_BODY_ROUTE, registerFileRoutes, type DownloadCaching } from './routes/file.js';
import { errorBody, toErrorResponse } from './error-response.js';
import { API_BASE } from './routes/api-base.js';
import { registerKubeflowRoutes } from './routes/kubeflow.js';
import { createRoutes, hasUnreadBody, type Routes } from './operations.js';
import { rejectNulInQuery } from './request-parsing.js';
import type { WebAssets } from '../ports/web-assets.js';
import type { BrowseService } from '../services/lineage/index.js';
import { registerBrowseRoutes } from './routes/browse.js';
import { registerWebUiRoutes } from './routes/web-ui.js';
import { registerOperationalRoutes } from './routes/operational.js';
import type { KServeService } from '../services/lifecycle/index.js';
import type { KServeSyncService } from '../services/lifecycle/index.js';
import { registerKServeRoutes } from './routes/kserve.js';
import { MAX_URL_BYTES } from './node-connections.js';
import type {
  MlflowArtifactService,
  MlflowRegistryService,
  MlflowTrackingService,
} from '../services/mlflow/index.js';
import { MLFLOW_PREFIXES, registerMlflowRoutes } from './mlflow/mlflow-routes.js';
import { isMlflowPath, mlflowError } from './mlflow/mlflow-errors.js';

export interface AppDeps extends KubeflowServices {
  readonly lineage: LineageService;
  readonly files: FileService;
  readonly verification: VerificationService;
  readonly reports: ReportService;
  readonly access: AccessService;
  readonly audit: AuditService;
  readonly browse: BrowseService;
  readonly kserve: KServeService;
  readonly kserveSync: KServeSyncService;
  /** The MLflow-compatible API's mapping onto the registry (http/mlflow). */
  readonly mlflow: MlflowRegistryService;
  readonly mlflowTracking: MlflowTrackingService;
  readonly mlflowArtifacts: MlflowArtifactService;
  /** Refused authentications per client: 429 past the limit, aggregated in the audit trail. */
  readonly throttle: ClientThrottle;
  /** The identity headers a gateway sets (lower case). */
  readonly identityHeaders: { readonly user: string; readonly groups: string };
  /** The connection's peer address (undefined when not served over a socket, as in tests). */
  readonly remoteAddress: (c: Context) => string | undefined;
  /** Proxies whose X-Forwarded-For names the client (addresses or CIDR blocks). */
  readonly trustedProxies: readonly string[];
  readonly clock: () => number;
  readonly store: MetadataStore;
  readonly logger: Logger;
  /**
   * The served OpenAPI document (reference plus extensions) as YAML, built on first use: parsing
   * and merging it leaves ~30 MB of garbage, which at start-up stays in the idle server's heap.
   */
  readonly openapiYaml: () => string;
  readonly newRequestId: () => string;
  /** Largest accepted request body, bytes. */
  readonly maxBodyBytes?: number;
  /** The built web UI, served at `/` (none: no UI). */
  readonly webAssets?: WebAssets;
  /** How long a JSON body may take to arrive, from the start of the request; 0: no limit. */
  readonly requestTimeoutMs?: number;
  /** `public` only when authentication is off: downloads must never sit in a shared cache otherwise. */
  readonly downloadCaching?: DownloadCaching;
  /** Requests and transferred bytes are counted here (none: not counted). */
  readonly metrics?: Metrics;
  /** The metrics in Prometheus' text format, served to admins at `…/metrics` (none: not served). */
  readonly metricsExposition?: () => Promise<{ text: string; contentType: string }>;
}

type Env = {
  Variables: {
    requestId: string;
    principal: Principal;
    /** What the throttle counts the request's client by. */
    client: string;
    receivedAt: number;
  };
};

/**
 * The HTTP application. It never listens: wiring serves it, tests call `app.request()`.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.use('*', logRequests(deps));
  limitBodies(app, deps.maxBodyBytes);
  app.use(`${API_BASE}/*`, refuseNul);
  for (const base of [API_BASE, ...MLFLOW_PREFIXES]) app.use(`${base}/*`, authenticate(deps));
  app.onError(answerError(deps));
  app.notFound((c) =>
    c.json(
      errorBody(404, 'ROUTE_NOT_FOUND', `no operation ${c.req.method} ${c.req.path}`, c.get('requestId')),
      404,
    ),
  );

  const routes = createRoutes(app, { access: deps.access, requestTimeoutMs: deps.requestTimeoutMs ?? 0 });
  registerApiRoutes(routes, deps);
  registerMlflowRoutes(app, routes, deps);
  // Last: the UI answers only what no API route does.
  if (deps.webAssets !== undefined) registerWebUiRoutes(app, deps.webAssets);
  return app;
}

/** Gives the request its id, answers a too-long URL, logs the request and counts it. */
function logRequests(deps: AppDeps): MiddlewareHandler<Env> {
  const { logger } = deps;
  return async (c, next) => {
    c.set('receivedAt', Date.now());
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && /^[\w.-]{1,128}$/.test(given) ? given : deps.newRequestId();
    c.set('requestId', requestId);
    const started = performance.now();
    const metrics = deps.metrics;
    // Downloads written straight to the socket count their bytes as they go (send-content.ts).
    if (metrics !== undefined)
      c.set('countSent' as never, ((n: number) => metrics.transferred('download', n)) as never);
    // Given before the handler answers, the header goes into the answer it makes through the
    // context. Given after, hono re-creates the finished answer around its body as a stream,
    // and a large JSON list is then piped through a second time (measured: bench/list-bench.ts).
    c.header('x-request-id', requestId);
    const tooLong = refuseLongUrl(c, requestId);
    if (tooLong !== undefined) c.res = tooLong;
    else await next();
    // An answer made without the context (a file, an error) gets it now.
    if (c.res.headers.get('x-request-id') !== requestId) c.header('x-request-id', requestId);
    // Refused before its body was read (or while it trickled in): the connection ends with this
    // answer rather than waiting for the rest of a body nobody will read, and says so, so that no
    // client reuses it (the socket then lingers: see node-connections.ts).
    if (c.res.status >= 400 && hasUnreadBody(c)) c.header('connection', 'close');
    const seconds = (performance.now() - started) / 1000;
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(seconds * 100_000) / 100,
    });
    if (deps.metrics !== undefined) countRequest(c, deps.metrics, seconds);
  };
}

/** A JSON body is refused past the largest accepted size; file bytes are checked where they are stored. */
function limitBodies(app: Hono<Env>, maxBodyBytes: number | undefined): void {
  const maxSize = maxBodyBytes ?? 16 * 1024 * 1024;
  const tooLarge = (c: Context<Env>) =>
    c.json(
      errorBody(
        413,
        'BODY_TOO_LARGE',
        'the request body is larger than the server accepts',
        c.get('requestId'),
      ),
      413,
      // The rest of the body is not read: the connection ends with this answer.
      { connection: 'close' },
    );
  const countBody = bodyLimit({ maxSize, onError: tooLarge });
  // A declared length is all hono's bodyLimit checks too, but it first asks for `c.req.raw.body`,
  // which makes @hono/node-server build a whole Web Request around the socket (a ReadableStream,
  // an AbortController) and the route then reads the body through Web streams rather than from
  // Node's stream: about a tenth of a small write's CPU. Only a chunked body is counted as it comes.
  const limitBody: MiddlewareHandler<Env> = (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return countBody(c, next);
    return parseInt(length, 10) > maxSize ? Promise.resolve(tooLarge(c)) : next();
  };
  for (const method of ['POST', 'PATCH', 'PUT'] as const) {
    app.on(method, `${API_BASE}/*`, (c, next) =>
      // File bytes stream to the artifact store; their size is the declared file size, checked there.
      FILE_BODY_ROUTE.test(c.req.path) ? next() : limitBody(c, next),
    );
  }
  for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
    for (const base of MLFLOW_PREFIXES) app.on(method, `${base}/*`, limitBody);
  }
}

/** A NUL in the query or the path (outside a file path) is refused. */
const refuseNul: MiddlewareHandler<Env> = async (c, next) => {
  rejectNulInQuery(c.req.query());
  const filePath = /\/(uploads\/[^/]+|model_versions\/[^/]+)\/files\//.test(c.req.path);
  // A NUL in a file path is refused by the file routes, as an invalid file path.
  if (!filePath && (c.req.path.includes('\u0000') || c.req.path.includes('%00'))) {
    return c.json(
      errorBody(400, 'NUL_CHARACTER', 'the path contains a NUL character', c.get('requestId')),
      400,
    );
  }
  await next();
};

// Who is calling, as the configured authentication modes decide (AccessService.authenticate).
// A client past its limit of refused requests is answered 429, unless it proves who it is:
// the limit never locks out a valid credential that shares an address with a bad one.
function authenticate(deps: AppDeps): MiddlewareHandler<Env> {
  const { logger, throttle } = deps;
  return async (c, next) => {
    const client = clientKey(
      clientAddress(deps.remoteAddress(c), c.req.header('x-forwarded-for'), deps.trustedProxies),
    );
    c.set('client', client);
    const wait = throttle.retryAfter(client);
    const held = () => {
      const seconds = Math.ceil(wait / 1000);
      return new RateLimitError(
        'TOO_MANY_FAILED_ATTEMPTS',
        `too many refused requests from ${client}; try again in ${seconds} s, with a valid credential`,
        seconds,
      );
    };
    const authorization = c.req.header('authorization');
    const userHeader = c.req.header(deps.identityHeaders.user);
    if (wait > 0 && authorization === undefined && userHeader === undefined) throw held();
    let principal: Principal;
    try {
      principal = await deps.access.authenticate({
        authorization,
        userHeader,
        groupsHeader: c.req.header(deps.identityHeaders.groups),
        remoteAddress: deps.remoteAddress(c),
      });
    } catch (error) {
      if (wait > 0 && error instanceof AuthenticationError) throw held();
      throw error;
    }
    c.set('principal', principal);
    await next();
    if (c.res.status < 400) {
      await deps.access.recordTokenUse(principal).catch((error: unknown) =>
        logger.error('cannot record the use of a token', {
          requestId: c.get('requestId'),
          error: String(error),
        }),
      );
    }
  };
}

/** Every error as its status and body (error-response.ts); refusals counted, denials audited. */
function answerError(deps: AppDeps): ErrorHandler<Env> {
  const { logger, throttle } = deps;
  return async (error, c) => {
    const requestId = c.get('requestId');
    if (!isDomainError(error) && clientWentAway(c, error)) {
      // Nobody reads this answer: the status is for the request log (499, as nginx logs it).
      logger.info('client closed the request', {
        requestId,
        status: CLIENT_CLOSED_REQUEST,
        reason: error instanceof Error ? error.message : String(error),
      });
      return c.body(null, CLIENT_CLOSED_REQUEST as 200);
    }
    const { status, body } = toErrorResponse(error, requestId);
    if (status >= 500) {
      logger.error('request failed', {
        requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    const client = c.get('client') as string | undefined;
    if (status === 401 && client !== undefined) {
      // Counted per client, and written to the audit trail once per client and window.
      throttle.recordFailure(client, { errorCode: body.errorCode, requestId });
    } else if (status === 429 && client !== undefined) {
      throttle.recordThrottled(client);
    } else if (status === 403) {
      // An authenticated caller refused leaves a trace; failing to write it must not change the answer.
      try {
        await deps.audit.recordDenial({
          actor: c.get('principal') ?? ANONYMOUS,
          ...describeTarget(c.req.method, c.req.path),
          requestId,
          errorCode: body.errorCode,
          message: body.message,
        });
      } catch (auditError) {
        logger.error('cannot record a denial in the audit trail', { requestId, error: String(auditError) });
      }
    }
    if (status === 401) c.header('www-authenticate', 'Bearer realm="modelreg"');
    if (error instanceof RateLimitError || error instanceof UnavailableError) {
      c.header('retry-after', String(error.retryAfterSeconds));
    }
    if (isMlflowPath(c.req.path)) {
      const mlflow = mlflowError(status, body);
      return c.json(mlflow.body, mlflow.status as 400);
    }
    return c.json(body, status as 400);
  };
}

/** Every API operation, one line per route module. */
function registerApiRoutes(routes: Routes, deps: AppDeps): void {
  registerOperationalRoutes(routes, deps);
  registerKubeflowRoutes(routes, deps, deps.lineage);
  registerLineageRoutes(routes, deps.registration, deps.lineage);
  registerFileRoutes(routes, deps.files, deps.downloadCaching ?? 'private');
  registerAccessRoutes(routes, deps.access, deps.clock);
  registerAuditRoutes(routes, deps.audit);
  registerIntegrityRoutes(routes, deps.verification, deps.reports);
  registerBrowseRoutes(routes, deps.browse);
  registerKServeRoutes(routes, deps.kserve, deps.kserveSync);
}

/** Operations whose successful answers carry file bytes. */
const DOWNLOADS: ReadonlySet<string> = new Set(['downloadModelVersionFile', 'downloadModelVersionContent']);

/**
 * Counts an answered request by its operation, and the file bytes it moved: an upload's as the
 * file routes received them, a download's as they are sent (the body is counted while it streams).
 */
function countRequest(c: Context, metrics: Metrics, seconds: number): void {
  const operation = (c.get('operation' as never) as string | undefined) ?? 'other';
  const status = c.res.status;
  metrics.requestDone(operation, c.req.method, status, seconds);
  metrics.transferred('upload', (c.get('bodyBytes' as never) as number | undefined) ?? 0);
  if (status < 200 || status >= 300) return;
  if (DOWNLOADS.has(operation) && c.res.body !== null) {
    const counted = c.res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          metrics.transferred('download', chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
    c.res = new Response(counted, c.res);
  }
}

/** The status nginx logs for a request whose client closed the connection first. */
const CLIENT_CLOSED_REQUEST = 499;

/**
 * The request failed because its client disconnected (an upload aborted half-way): the body's
 * stream errs with "aborted" or a reset, and the request's signal is aborted.
 */
function clientWentAway(c: Context, error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
  if (error instanceof Error && error.message === 'aborted') return true;
  return (c.req.raw as Request | undefined)?.signal?.aborted === true;
}

/**
 * A URL over MAX_URL_BYTES is answered 414 on a connection that stays open (it was read whole);
 * long filters go in the body of the `…/search` operations instead.
 */
function refuseLongUrl(c: Context, requestId: string): Response | undefined {
  const { pathname, search } = new URL(c.req.url);
  const length = pathname.length + search.length;
  if (length <= MAX_URL_BYTES) return undefined;
  return c.json(
    errorBody(
      414,
      'URI_TOO_LONG',
      `the URL is ${length} bytes long, more than the ${MAX_URL_BYTES} the server accepts; send a long filterQuery in the body of the POST …/search operation instead`,
      requestId,
    ),
    414,
  );
}

/** What a request was aimed at, for the audit trail: `DELETE registered_models/5` → registered_models 5. */
function describeTarget(method: string, path: string) {
  const rest = path.startsWith(`${API_BASE}/`) ? path.slice(API_BASE.length + 1) : path;
  const [collection, id] = rest.split('/');
  return {
    action: `${method} ${rest}`.slice(0, 128),
    entityType: collection?.slice(0, 32),
    entityId: id !== undefined && /^[0-9]{1,12}$/.test(id) ? id : undefined,
  };
}
