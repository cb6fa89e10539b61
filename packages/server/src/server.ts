import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openMetadataStore } from './adapters/sql/open-metadata-store.js';
import { redactUrl } from './adapters/sql/dialects/sql-dialect.js';
import type { ServerConfig } from './config/config.js';
import { createApp } from './http/app.js';
import { servedDocumentYaml } from './http/openapi-document.js';
import { createLogger, type Logger } from './logger.js';
import type { MetadataStore } from './ports/metadata-store.js';
import { RegistryService } from './services/registry-service.js';
import { AccessService } from './services/access-service.js';
import { nodeSecrets, sha256Hex } from './adapters/crypto/node-secrets.js';
import { LineageService } from './services/lineage-service.js';
import { AuditService } from './services/audit-service.js';
import { joseOidcVerifier } from './adapters/oidc/jose-oidc-verifier.js';
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/** The peer address of the connection a request came on (@hono/node-server puts it in env). */
function socketAddress(c: Context): string | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
}

export interface RunningServer {
  /** The base URL the server answers on, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly store: MetadataStore;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Builds the registry (store → service → HTTP app) from a loaded configuration. */
export async function createRegistry(
  config: ServerConfig,
  logger: Logger,
  options: {
    onQuery?: (sql: string) => void;
    /** Where a request comes from; the socket's peer by default (tests pass their own). */
    remoteAddress?: (c: Context) => string | undefined;
  } = {},
) {
  let store: MetadataStore;
  try {
    store = await openMetadataStore(config.db, { poolSize: config.dbPoolSize, onQuery: options.onQuery });
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new StartupError(`cannot open the database ${redactUrl(config.db)}: ${reason}`, { cause: error });
  }
  const clock = () => Date.now();
  const service = new RegistryService({
    store,
    clock,
    newName: () => randomUUID(),
    sha256: sha256Hex,
    transitions: config.stageTransitions,
  });
  const access = new AccessService({
    store,
    clock,
    secrets: nodeSecrets,
    sha256: sha256Hex,
    authentication: {
      modes: config.auth,
      trustedProxies: config.trustedProxies,
      failuresPerMinute: config.authFailuresPerMinute,
      oidc:
        config.auth.includes('oidc') && config.oidcIssuer !== undefined && config.oidcAudience !== undefined
          ? joseOidcVerifier({
              issuer: config.oidcIssuer,
              audience: config.oidcAudience,
              jwksUrl: config.oidcJwksUrl,
              subjectClaim: config.oidcSubjectClaim,
              groupsClaim: config.oidcGroupsClaim,
              clockSkewSeconds: config.oidcClockSkewSeconds,
              jwksCooldownMs: config.oidcJwksCooldownSeconds * 1000,
            })
          : undefined,
    },
  });
  const audit = new AuditService({ store, clock, sha256: sha256Hex });
  const lineage = new LineageService({ store, clock, sha256: sha256Hex });
  const app = createApp({
    service,
    lineage,
    access,
    audit,
    identityHeaders: { user: config.userHeader, groups: config.groupsHeader },
    remoteAddress: options.remoteAddress ?? socketAddress,
    clock,
    store,
    logger,
    openapiYaml: servedDocumentYaml(),
    newRequestId: () => randomUUID(),
  });
  return { store, service, access, audit, app };
}

/**
 * Starts the registry and listens.
 *
 * @example
 * const server = await startServer(loadServerConfig({ port: 0 }));
 * console.log(server.url);
 * await server.close();
 */
export async function startServer(
  config: ServerConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const { store, app } = await createRegistry(config, logger);
  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolvePromise(s));
    s.once('error', (error) => {
      reject(
        new StartupError(`cannot listen on ${config.host}:${config.port}: ${error.message}`, {
          cause: error,
        }),
      );
    });
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info('modelreg is serving', { url, db: redactUrl(config.db), dialect: store.dialect });
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          // Idle keep-alive connections would hold close() open; in-flight requests still finish.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await store.close();
        logger.info('modelreg stopped');
      })();
      return closing;
    },
  };
}
