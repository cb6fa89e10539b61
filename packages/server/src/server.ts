import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { pageCache } from './adapters/artifacts/page-cache.js';
import { segmentCrcStatus } from './adapters/artifacts/segment-crc.js';
import { streamHashStatus } from './adapters/artifacts/stream-hash.js';
import { redactUrl } from './adapters/sql/dialects/sql-dialect.js';
import { diskWebAssets } from './adapters/web/disk-web-assets.js';
import {
  createMetrics,
  createServices,
  defaultPublicUrl,
  environment,
  openStores,
  StartupError,
  type RegistryEnvironment,
} from './composition.js';
import type { ServerConfig } from './config/config.js';
import { createApp } from './http/app.js';
import { guardConnections, MAX_HEAD_BYTES } from './http/node-connections.js';
import { servedDocumentYaml } from './http/openapi-document.js';
import { createLogger, type Logger } from './logger.js';
import type { ArtifactStore } from './ports/artifact-store.js';
import type { MetadataStore } from './ports/metadata-store.js';
import type { WebAssets } from './ports/web-assets.js';
import { listenForMetrics } from './metrics-server.js';
import { VerificationSchedule } from './services/content/index.js';

export { StartupError } from './composition.js';

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
  /** Where `--metrics-port` serves `GET /metrics` (absent without one). */
  readonly metricsUrl?: string | undefined;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

/** Builds the registry (stores → services → HTTP app) from a loaded configuration. */
export async function createRegistry(
  config: ServerConfig,
  options: RegistryEnvironment & {
    /** Where a request comes from; the socket's peer by default (tests pass their own). */
    remoteAddress?: (c: Context) => string | undefined;
    /** The web UI's files; those built into this package by default. */
    webAssets?: WebAssets;
    /** Serve downloads unchecked: only for the bench's baseline of what verified serving costs. */
    uncheckedDownloads?: boolean;
  } = {},
) {
  const env = environment(options);
  const { logger } = env;
  const { metrics, onQuery, watchStore } = createMetrics(config, options.onQuery);
  // Client connections open (counted by listen). The store syncs a lone writer's commit on its own
  // thread only while one client at most is connected (SqlMetadataStore's othersBusy): a request
  // is handled without yielding to the event loop until that sync, so the requests in flight
  // would always look like one; the connections tell that other clients may be sending meanwhile.
  const clients = { connections: 0 };
  const stores = await openStores(config, onQuery, () => clients.connections > 1);
  watchStore(stores.store);
  let publicUrl = defaultPublicUrl(config);
  const services = createServices(config, stores, env, () => publicUrl, metrics, {
    checkDownloads: options.uncheckedDownloads !== true,
  });
  const { store, files, audit, throttle } = services;
  // SQLite is one process by design: a claim on an upload's file left by a killed process is dead.
  if (store.dialect === 'sqlite') await files.releaseStaleClaims();
  const app = createApp({
    ...services,
    identityHeaders: { user: config.userHeader, groups: config.groupsHeader },
    remoteAddress: options.remoteAddress ?? socketAddress,
    trustedProxies: config.trustedProxies,
    clock: env.clock,
    logger,
    openapiYaml: memoize(servedDocumentYaml),
    newRequestId: env.ids,
    webAssets: options.webAssets ?? diskWebAssets(),
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    // Anyone may read everything only with authentication off: then a shared cache may keep files.
    downloadCaching: config.auth.includes('none') ? 'public' : 'private',
    metrics,
    metricsExposition: metrics === undefined ? undefined : () => metrics.exposition(),
  });
  return {
    ...services,
    app,
    metrics,
    clients,
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
  options: { uncheckedDownloads?: boolean } = {},
): Promise<RunningServer> {
  const { store, artifacts, app, listeningAt, flushAuthenticationFailures, metrics, verification, clients } =
    await createRegistry(config, { logger, ...options });
  const server = await listen(config, app.fetch, logger, clients).catch(async (error: unknown) => {
    await store.close();
    await artifacts.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  listeningAt(url);
  const scraped =
    config.metricsPort === undefined || metrics === undefined
      ? undefined
      : await listenForMetrics(config.host, config.metricsPort, metrics).catch(async (error: unknown) => {
          await new Promise((done) => server.close(done));
          await store.close();
          await artifacts.close();
          throw error;
        });
  // Before the line that says it is serving: whoever waits for that line has read this one too.
  await tellHowToCreateTheFirstToken(config, store, logger);
  logger.info('modelreg is serving', {
    url,
    auth: config.auth.join(','),
    db: redactUrl(config.db),
    dialect: store.dialect,
    artifacts: artifacts.display,
    downloadCheck: segmentCrcStatus,
    ...(artifacts.kind === 'disk'
      ? { pageCache: pageCache.status }
      : { resumeAfterRestart: streamHashStatus === 'exportable' ? 'yes' : `no: ${streamHashStatus}` }),
    ...(scraped === undefined ? {} : { metrics: scraped.url }),
  });
  const schedule = verificationSchedule(config, verification, logger);
  schedule?.start();
  // Refused authentications reach the audit trail once their client's window closes.
  const flushing = setInterval(() => void flushAuthenticationFailures(), 10_000);
  flushing.unref();
  let closing: Promise<void> | undefined;
  return {
    url,
    store,
    artifacts,
    metricsUrl: scraped?.url,
    close() {
      closing ??= (async () => {
        clearInterval(flushing);
        await scraped?.close();
        await schedule?.stop();
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

/** Serves the app on the configured address, with the connection limits of the configuration. */
function listen(
  config: ServerConfig,
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>,
  logger: Logger,
  clients: { connections: number },
): Promise<ReturnType<typeof serve>> {
  return new Promise<ReturnType<typeof serve>>((resolvePromise, reject) => {
    const s = serve(
      {
        fetch,
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
          // Above the app's URL limit, so a long URL gets the app's 414 on a connection that stays open.
          maxHeaderSize: MAX_HEAD_BYTES,
        },
      },
      () => resolvePromise(s),
    );
    guardConnections(s as unknown as Server, { newRequestId: () => randomUUID(), logger });
    s.on('connection', (socket: Socket) => {
      clients.connections += 1;
      socket.once('close', () => (clients.connections -= 1));
    });
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
  });
}

/** Periodic verification of stored content, when an interval is configured. */
function verificationSchedule(
  config: ServerConfig,
  verification: ConstructorParameters<typeof VerificationSchedule>[0]['verification'],
  logger: Logger,
) {
  return config.verifyIntervalSeconds > 0
    ? new VerificationSchedule({
        verification,
        intervalMs: config.verifyIntervalSeconds * 1000,
        clock: () => Date.now(),
        pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        log: (message, fields) => logger.error(message, fields),
      })
    : undefined;
}

/**
 * With token authentication and no token yet, nobody can call the API: the log says how the
 * operator creates the first admin token, on this host, against this database.
 */
async function tellHowToCreateTheFirstToken(
  config: ServerConfig,
  store: MetadataStore,
  logger: Logger,
): Promise<void> {
  if (!config.auth.includes('token')) return;
  const tokens = await store.transaction((tx) => tx.listTokens());
  if (tokens.length > 0) return;
  logger.warn('no API token exists yet: every request without one is refused', {
    firstAdmin: `modelreg token create --name admin --role admin --db ${redactUrl(config.db)}`,
  });
}
