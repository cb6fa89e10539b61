import type { Context, Handler, Hono } from 'hono';
import { ANONYMOUS, ROLE_PERMISSIONS, type Permission, type Principal } from '../domain/access-control.js';
import { TimeoutError } from '../domain/errors.js';
import { ruleOf, SEARCH_OPERATIONS, type OperationId } from '../domain/permissions.js';
import { authenticationRequired } from '../services/access/index.js';
import type { AccessService } from '../services/access/index.js';
import type { Caller } from '../services/use-case.js';
import { parseJsonBody, parseSearchBody, type Query } from './request-parsing.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's env type is the wiring's concern
type App = Hono<any>;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteOptions {
  /**
   * The operation takes a JSON body, which the gate reads (within the request timeout) once what
   * it can refuse without the body is refused; `optional` accepts an empty one as `{}`.
   */
  readonly body?: 'json' | 'optional';
  /** A NUL or a lone surrogate in the body is the route's own to refuse (file paths, with a more precise error). */
  readonly ownStringChecks?: boolean;
}

/** An operation as the app serves it. */
export interface ServedOperation {
  readonly operation: OperationId;
  readonly method: Method;
  readonly path: string;
}

/**
 * Registers routes, each under the operation of the permission table it serves: no route is
 * served without one, and no route decides rights on its own.
 */
export interface Routes {
  route(method: Method, path: string, operation: OperationId, handler: Handler, options?: RouteOptions): void;
}

export interface GateDeps {
  readonly access: Pick<AccessService, 'authorizeBeforeBody'>;
  /** How long a JSON body may take to arrive, counted from the request's start; 0: no limit. */
  readonly requestTimeoutMs: number;
}

const SERVED = new WeakMap<App, ServedOperation[]>();

/** The operations an app serves, as its routes registered them (for the table's completeness test). */
export function servedOperations(app: App): readonly ServedOperation[] {
  return SERVED.get(app) ?? [];
}

function principalOf(c: Context): Principal {
  return (c.get('principal') as Principal | undefined) ?? ANONYMOUS;
}

/**
 * The caller of a use case, from a request the gate let through: who, the request's id, and its
 * operation and inputs, which the use case's transaction authorizes by the permission table.
 */
export function callerOf(c: Context): Caller {
  const operation = c.get('operation') as OperationId | undefined;
  return {
    ...principalOf(c),
    requestId: c.get('requestId') as string,
    request:
      operation === undefined
        ? undefined
        : { operation, path: c.req.param(), query: c.req.query(), body: c.get('body') as unknown },
  };
}

/**
 * The query parameters of a list: from the URL, or, on its `POST …/search` twin, from the body
 * (the same names, the same parsing and the same errors).
 */
export function queryOf(c: Context): Query {
  return (c.get('searchQuery') as Query | undefined) ?? c.req.query();
}

/** The JSON body the gate read for the route (an object: the gate refuses anything else). */
export function bodyOf(c: Context): Record<string, unknown> {
  return c.get('body') as Record<string, unknown>;
}

/** Whether the request came with a body the server has not read to its end. */
export function hasUnreadBody(c: Context): boolean {
  const declared = c.req.header('content-length');
  const sends =
    (declared !== undefined && declared !== '0') || c.req.header('transfer-encoding') !== undefined;
  return sends && c.get('bodyRead') !== true;
}

/**
 * A credential whose own role allows the operation on the whole registry (authentication off, a
 * global admin token, an editor token for a write…) is refused nothing the path decides: no
 * need to look before the body.
 */
function refusesNothing(principal: Principal, action: Permission): boolean {
  return (principal.credentialRoles ?? []).some(
    (r) =>
      r.registeredModelId === undefined && (r.role === 'admin' || ROLE_PERMISSIONS[r.role].includes(action)),
  );
}

async function readBody(c: Context, timeoutMs: number): Promise<string> {
  if (timeoutMs <= 0) return c.req.text();
  const started = (c.get('receivedAt') as number | undefined) ?? Date.now();
  const left = Math.max(0, started + timeoutMs - Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TimeoutError(
            'REQUEST_TIMEOUT',
            `the request body did not arrive within ${Math.round(timeoutMs / 1000)} s (the request timeout)`,
          ),
        ),
      left,
    );
  });
  try {
    return await Promise.race([c.req.text(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createRoutes(app: App, deps: GateDeps): Routes {
  const served: ServedOperation[] = [];
  SERVED.set(app, served);
  const routes: Routes = {
    route(method, path, operation, handler, options = {}) {
      const search = method === 'GET' ? SEARCH_OPERATIONS[operation] : undefined;
      if (search !== undefined) {
        routes.route(
          'POST',
          `${path}/search`,
          search,
          (c, next) => {
            c.set('searchQuery', parseSearchBody(bodyOf(c)));
            return handler(c, next);
          },
          { body: 'optional' },
        );
      }
      const rule = ruleOf(operation);
      served.push({ operation, method, path });
      app.on(
        method,
        path,
        async (c, next) => {
          c.set('operation', operation);
          if (rule.action !== 'public') {
            const principal = principalOf(c);
            // Refused before a byte of the body is read: no credential, or no right the path allows.
            if (principal.method === 'anonymous') throw authenticationRequired();
            const needs = rule.action === 'authenticated' ? 'read' : rule.action;
            if (options.body !== undefined && !refusesNothing(principal, needs)) {
              await deps.access.authorizeBeforeBody(callerOf(c));
            }
          }
          if (options.body !== undefined) {
            const text = await readBody(c, deps.requestTimeoutMs);
            c.set('bodyRead', true);
            c.set(
              'body',
              options.body === 'optional' && text.trim() === ''
                ? {}
                : parseJsonBody(text, { ownStringChecks: options.ownStringChecks === true }),
            );
          }
          await next();
        },
        handler,
      );
    },
  };
  return routes;
}
