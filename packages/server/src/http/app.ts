import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ANONYMOUS, type Principal } from '../domain/access-control.js';
import type { AuditService } from '../services/audit-service.js';
import { registerAuditRoutes } from './audit-routes.js';
import { RateLimitError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import type { AccessService } from '../services/access-service.js';
import { registerAccessRoutes } from './access-routes.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import type { RegistryService } from '../services/registry-service.js';
import type { LineageService } from '../services/lineage-service.js';
import { registerLineageRoutes } from './lineage-routes.js';
import type { FileService } from '../services/file-service.js';
import { FILE_BODY_ROUTE, registerFileRoutes } from './file-routes.js';
import { errorBody, toErrorResponse } from './error-response.js';
import { API_BASE, registerKubeflowRoutes } from './kubeflow-routes.js';
import { rejectNulInQuery } from './request-parsing.js';
import type { WebAssets } from '../ports/web-assets.js';
import type { BrowseService } from '../services/browse-service.js';
import { registerBrowseRoutes } from './browse-routes.js';
import { registerWebUiRoutes } from './web-ui-routes.js';

export interface AppDeps {
  readonly service: RegistryService;
  readonly lineage: LineageService;
  readonly files: FileService;
  readonly access: AccessService;
  readonly audit: AuditService;
  readonly browse: BrowseService;
  /** The identity headers a gateway sets (lower case). */
  readonly identityHeaders: { readonly user: string; readonly groups: string };
  /** The connection's peer address (undefined when not served over a socket, as in tests). */
  readonly remoteAddress: (c: Context) => string | undefined;
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
}

type Env = { Variables: { requestId: string; principal: Principal } };

/**
 * The HTTP application. It never listens: wiring serves it, tests call `app.request()`.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const { logger } = deps;
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && /^[\w.-]{1,128}$/.test(given) ? given : deps.newRequestId();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('x-request-id', requestId);
    logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  });

  const limitBody = bodyLimit({
    maxSize: deps.maxBodyBytes ?? 16 * 1024 * 1024,
    onError: (c) =>
      c.json(
        errorBody(
          413,
          'BODY_TOO_LARGE',
          'the request body is larger than the server accepts',
          c.get('requestId'),
        ),
        413,
      ),
  });
  for (const method of ['POST', 'PATCH', 'PUT'] as const) {
    app.on(method, `${API_BASE}/*`, (c, next) =>
      // File bytes stream to the artifact store; their size is the declared file size, checked there.
      FILE_BODY_ROUTE.test(c.req.path) ? next() : limitBody(c, next),
    );
  }

  app.use(`${API_BASE}/*`, async (c, next) => {
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
  });

  // Who is calling, as the configured authentication modes decide (AccessService.authenticate).
  app.use(`${API_BASE}/*`, async (c, next) => {
    c.set(
      'principal',
      await deps.access.authenticate({
        authorization: c.req.header('authorization'),
        userHeader: c.req.header(deps.identityHeaders.user),
        groupsHeader: c.req.header(deps.identityHeaders.groups),
        remoteAddress: deps.remoteAddress(c),
      }),
    );
    await next();
  });

  app.onError(async (error, c) => {
    const requestId = c.get('requestId');
    const { status, body } = toErrorResponse(error, requestId);
    if (status >= 500) {
      logger.error('request failed', {
        requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    if (status === 401 || status === 403) {
      // A refused request leaves a trace; failing to write it must not change the answer.
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
    if (error instanceof RateLimitError) c.header('retry-after', String(error.retryAfterSeconds));
    return c.json(body, status as 400);
  });

  app.notFound((c) =>
    c.json(
      errorBody(404, 'ROUTE_NOT_FOUND', `no operation ${c.req.method} ${c.req.path}`, c.get('requestId')),
      404,
    ),
  );

  // Readiness, as Kubeflow's proxy answers it: plain OK, or 503 with what failed.
  app.get('/readyz/health', async (c) => {
    try {
      await deps.store.ping();
    } catch {
      return c.text('database is not reachable', 503);
    }
    return c.text('OK', 200);
  });
  app.get('/readyz/isDirty', async (c) => {
    try {
      if (await deps.store.isDirty()) return c.text('database schema is in dirty state', 503);
    } catch {
      return c.text('database is not reachable', 503);
    }
    return c.text('OK', 200);
  });

  app.get(`${API_BASE}/openapi.yaml`, (c) =>
    c.body(deps.openapiYaml(), 200, { 'content-type': 'application/yaml' }),
  );

  registerKubeflowRoutes(app, deps.service, deps.lineage);
  registerLineageRoutes(app, deps.service, deps.lineage);
  registerFileRoutes(app, deps.files);
  registerAccessRoutes(app, deps.access, deps.clock);
  registerAuditRoutes(app, deps.audit);
  registerBrowseRoutes(app, deps.browse);
  // Last: the UI answers only what no API route does.
  if (deps.webAssets !== undefined) registerWebUiRoutes(app, deps.webAssets);
  return app;
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
