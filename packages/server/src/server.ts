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
import { hostname } from 'node:os';
import { openArtifactStore } from './adapters/artifacts/open-artifact-store.js';
import { pageCache } from './adapters/artifacts/page-cache.js';
import { streamHashStatus } from './adapters/artifacts/stream-hash.js';
import type { ArtifactStore } from './ports/artifact-store.js';
import { FileService } from './services/file-service.js';
import { BrowseService } from './services/browse-service.js';
import { ClientThrottle } from './services/client-throttle.js';
import { API_BASE } from './http/kubeflow-routes.js';
import { diskWebAssets } from './adapters/web/disk-web-assets.js';
import type { WebAssets } from './ports/web-assets.js';

/** `make()` once, on the first call. */
function memoize<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The peer address of the connection a request came on (@hono/node-server puts it in env). */
function socketAddress(c: Context): string | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;
}

export interface RunningServer {
  /** The base URL the server answers on, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly store: MetadataStore;
  readonly artifacts: ArtifactStore;
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
    /** Epoch milliseconds; the system clock by default (tests pass one that runs ahead or behind). */
    clock?: () => number;
    /** The web UI's files; those built into this package by default. */
    webAssets?: WebAssets;
  } = {},
) {
  let store: MetadataStore;
  try {
    store = await openMetadataStore(config.db, { poolSize: config.dbPoolSize, onQuery: options.onQuery });
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new StartupError(`cannot open the database ${redactUrl(config.db)}: ${reason}`, { cause: error });
  }
  let artifacts: ArtifactStore;
  try {
    artifacts = await openArtifactStore(config);
  } catch (error) {
    await store.close();
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new StartupError(`cannot open the artifact store ${config.artifacts}: ${reason}`, { cause: error });
  }
  // The address content URIs name: the configured public URL, else where the server listens.
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  let publicUrl =
    config.publicUrl ??
    `http://${wildcard ? hostname() : config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const clock = options.clock ?? (() => Date.now());
  const files = new FileService({
    store,
    artifacts,
    clock,
    sha256: sha256Hex,
    newKey: () => randomUUID(),
    contentUrl: (modelVersionId) => `${publicUrl}${API_BASE}/model_versions/${modelVersionId}/content.tar`,
    uploadExpiryMs: config.uploadExpirySeconds * 1000,
  });
  // SQLite is one process by design: a claim on an upload's file left by a killed process is dead.
  if (store.dialect === 'sqlite') await files.releaseStaleClaims();
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
              algorithms: config.oidcAlgorithms,
              clock,
            })
          : undefined,
    },
  });
  const audit = new AuditService({ store, clock, sha256: sha256Hex });
  const lineage = new LineageService({ store, clock, sha256: sha256Hex });
  const browse = new BrowseService({ store, clock, sha256: sha256Hex, transitions: config.stageTransitions });
  const throttle = new ClientThrottle({
    maxFailures: config.authFailuresPerMinute,
    windowMs: 60_000,
    clock,
  });
  const app = createApp({
    service,
    lineage,
    files,
    access,
    audit,
    browse,
    throttle,
    identityHeaders: { user: config.userHeader, groups: config.groupsHeader },
    remoteAddress: options.remoteAddress ?? socketAddress,
    trustedProxies: config.trustedProxies,
    clock,
    store,
    logger,
    openapiYaml: memoize(servedDocumentYaml),
    newRequestId: () => randomUUID(),
    webAssets: options.webAssets ?? diskWebAssets(),
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    // Anyone may read everything only with authentication off: then a shared cache may keep files.
    downloadCaching: config.auth.includes('none') ? 'public' : 'private',
  });
  return {
    store,
    artifacts,
    service,
    files,
    access,
    audit,
    app,
    /**
     * Writes the refused authentications of the windows that closed (all of them with `all`, at
     * shutdown) to the audit trail: one event per client and window.
     */
    async flushAuthenticationFailures(all = false) {
      try {
        await audit.recordFailedAuthentications(throttle.takeClosedWindows(all));
      } catch (error) {
        logger.error('cannot record refused authentications in the audit trail', { error: String(error) });
      }
    },
    /** Once listening on a port the configuration left open (0), content URIs name the real one. */
    listeningAt(url: string) {
      if (config.publicUrl === undefined && config.port === 0) publicUrl = url;
    },
  };
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
  const { store, artifacts, app, listeningAt, flushAuthenticationFailures } = await createRegistry(
    config,
    logger,
  );
  const server = await new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: config.host,
        port: config.port,
        // Node's request timeout counts until the whole body is in: an upload of tens of GB
        // takes longer, so it is off here. JSON bodies are timed by the routes instead
        // (requestTimeoutSeconds), and a file upload is abandoned after a minute without a byte.
        serverOptions: {
          requestTimeout: 0,
          headersTimeout: config.headersTimeoutSeconds * 1000,
          // How often Node looks for connections past the headers timeout (30 s by default).
          connectionsCheckingInterval: Math.min(30_000, config.headersTimeoutSeconds * 500),
        },
      },
      () => resolvePromise(s),
    );
    const http = s as unknown as { headersTimeout: number; keepAliveTimeout: number };
    http.headersTimeout = config.headersTimeoutSeconds * 1000;
    // Longer than client pools keep an idle connection (undici: 4 s), so the server is never the
    // one to close a connection a client is about to reuse.
    http.keepAliveTimeout = config.keepAliveTimeoutSeconds * 1000;
    s.once('error', (error) => {
      reject(
        new StartupError(`cannot listen on ${config.host}:${config.port}: ${error.message}`, {
          cause: error,
        }),
      );
    });
  }).catch(async (error: unknown) => {
    await store.close();
    await artifacts.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  listeningAt(url);
  logger.info('modelreg is serving', {
    url,
    db: redactUrl(config.db),
    dialect: store.dialect,
    artifacts: artifacts.display,
    ...(artifacts.kind === 'disk'
      ? { pageCache: pageCache.status }
      : { resumeAfterRestart: streamHashStatus === 'exportable' ? 'yes' : `no: ${streamHashStatus}` }),
  });
  // Refused authentications reach the audit trail once their client's window closes.
  const flushing = setInterval(() => void flushAuthenticationFailures(), 10_000);
  flushing.unref();
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    artifacts,
    close() {
      closing ??= (async () => {
        clearInterval(flushing);
        await new Promise<void>((done) => {
          server.close(() => done());
          // Idle keep-alive connections would hold close() open; in-flight requests still finish.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await flushAuthenticationFailures(true);
        await store.close();
        await artifacts.close();
        logger.info('modelreg stopped');
      })();
      return closing;
    },
  };
}
