import {
  MlflowRegistryService,
  MlflowArtifactService,
  MlflowTrackingService,
} from './services/mlflow/index.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { openArtifactStore } from './adapters/artifacts/open-artifact-store.js';
import { PrometheusMetrics } from './adapters/metrics/prometheus-metrics.js';
import { nodeSecrets, sha256Hex } from './adapters/crypto/node-secrets.js';
import { joseOidcVerifier } from './adapters/oidc/jose-oidc-verifier.js';
import { redactUrl } from './adapters/sql/dialects/sql-dialect.js';
import { openMetadataStore } from './adapters/sql/open-metadata-store.js';
import type { ServerConfig } from './config/config.js';
import { API_BASE } from './http/routes/api-base.js';
import { silentLogger, type Logger } from './logger.js';
import type { ArtifactStore } from './ports/artifact-store.js';
import type { MetadataStore } from './ports/metadata-store.js';
import { NO_METRICS, type Metrics } from './ports/metrics.js';
import { AccessService } from './services/access/index.js';
import { AuditService } from './services/audit/index.js';
import { BrowseService } from './services/lineage/index.js';
import { ClientThrottle } from './services/access/index.js';
import { FileService } from './services/content/index.js';
import { ContentIntegrity } from './services/content/index.js';
import { VerificationService } from './services/content/index.js';
import { ReportService } from './services/audit/index.js';
import { pageAlignedBuffer } from './adapters/artifacts/aligned-buffers.js';
import { workerByteHash } from './adapters/artifacts/worker-byte-hash.js';
import { nativeSegmentCrc } from './adapters/artifacts/segment-crc.js';
import type { SegmentCrc } from './services/content/index.js';
import { LineageService } from './services/lineage/index.js';
import { CatalogService, RegistrationService } from './services/catalog/index.js';
import {
  AliasService,
  DeploymentService,
  KServeService,
  KServeSyncService,
  StageService,
} from './services/lifecycle/index.js';

/**
 * What the registry takes from its surroundings, injectable so tests control it: the time, new
 * identifiers, and where logs go. The system clock, random UUIDs and no logging by default.
 */
export interface RegistryEnvironment {
  /** Epoch milliseconds (tests pass a clock they move). */
  readonly clock?: () => number;
  /** A new unique identifier (upload keys, generated version names, request ids). */
  readonly ids?: () => string;
  readonly logger?: Logger;
  /** Called with each SQL statement the store runs and its time in ms (the tests' query counter). */
  readonly onQuery?: (sql: string, durationMs: number) => void;
}

/** The environment with its defaults filled in. */
export interface Environment {
  readonly clock: () => number;
  readonly ids: () => string;
  readonly logger: Logger;
}

export function environment(given: RegistryEnvironment = {}): Environment {
  return {
    clock: given.clock ?? (() => Date.now()),
    ids: given.ids ?? (() => randomUUID()),
    logger: given.logger ?? silentLogger,
  };
}

export class StartupError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The configured database and artifact store, opened; a failure names which and why. */
export async function openStores(
  config: Pick<
    ServerConfig,
    'db' | 'dbPoolSize' | 'artifacts' | 's3Endpoint' | 's3Region' | 's3ForcePathStyle'
  >,
  onQuery?: (sql: string, durationMs: number) => void,
  othersBusy?: () => boolean,
): Promise<{ store: MetadataStore; artifacts: ArtifactStore }> {
  let store: MetadataStore;
  try {
    store = await openMetadataStore(config.db, { poolSize: config.dbPoolSize, onQuery, othersBusy });
  } catch (error) {
    throw new StartupError(`cannot open the database ${redactUrl(config.db)}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  try {
    return { store, artifacts: await openArtifactStore(config) };
  } catch (error) {
    await store.close();
    throw new StartupError(`cannot open the artifact store ${config.artifacts}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** The base URL content URIs name: the configured public URL, else where the server listens. */
export function defaultPublicUrl(config: Pick<ServerConfig, 'host' | 'port' | 'publicUrl'>): string {
  if (config.publicUrl !== undefined) return config.publicUrl;
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const host = wildcard ? hostname() : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** Checks of stored content against the manifests: for downloads and verification runs. */
export function createContentIntegrity(
  stores: { store: MetadataStore; artifacts: ArtifactStore },
  env: Environment,
  options: { checkDownloads?: boolean; segmentCrc?: SegmentCrc | null } = {},
): ContentIntegrity {
  return new ContentIntegrity({
    ...stores,
    clock: env.clock,
    sha256: sha256Hex,
    newHash: workerByteHash,
    readBuffer: pageAlignedBuffer,
    log: (message, fields) => env.logger.error(message, fields),
    checkDownloads: options.checkDownloads ?? true,
    // null: sha256 alone (tests of that path); undefined: the native helper, where it is built.
    segmentCrc: options.segmentCrc === null ? undefined : (options.segmentCrc ?? nativeSegmentCrc),
  });
}

/** The file service: uploads, manifests, content and GC over the two stores. */
export function createFileService(
  config: Pick<ServerConfig, 'uploadExpirySeconds' | 'host' | 'port' | 'publicUrl'>,
  stores: { store: MetadataStore; artifacts: ArtifactStore },
  env: Environment,
  publicUrl: () => string = () => defaultPublicUrl(config),
  metrics: Metrics = NO_METRICS,
  integrity: ContentIntegrity = createContentIntegrity(stores, env),
): FileService {
  return new FileService({
    metrics,
    ...stores,
    integrity,
    clock: env.clock,
    sha256: sha256Hex,
    newKey: env.ids,
    contentUrl: (modelVersionId) => `${publicUrl()}${API_BASE}/model_versions/${modelVersionId}/content.tar`,
    uploadExpiryMs: config.uploadExpirySeconds * 1000,
  });
}

/** The access service: tokens, grants, and how callers authenticate. */
export function createAccessService(
  config: Pick<
    ServerConfig,
    | 'auth'
    | 'trustedProxies'
    | 'oidcIssuer'
    | 'oidcAudience'
    | 'oidcJwksUrl'
    | 'oidcSubjectClaim'
    | 'oidcGroupsClaim'
    | 'oidcClockSkewSeconds'
    | 'oidcJwksCooldownSeconds'
    | 'oidcAlgorithms'
  >,
  store: MetadataStore,
  env: Environment,
): AccessService {
  const { clock } = env;
  const oidc =
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
      : undefined;
  return new AccessService({
    store,
    clock,
    secrets: nodeSecrets,
    sha256: sha256Hex,
    authentication: { modes: config.auth, trustedProxies: config.trustedProxies, oidc },
  });
}

/**
 * The registry's Prometheus metrics when the configuration keeps them: statements are timed
 * through the store's query observer (chained with `onQuery`), pool use read from the store.
 */
export function createMetrics(
  config: Pick<ServerConfig, 'metrics'>,
  onQuery?: (sql: string, durationMs: number) => void,
): {
  metrics: PrometheusMetrics | undefined;
  onQuery: ((sql: string, durationMs: number) => void) | undefined;
  watchStore: (store: MetadataStore) => void;
} {
  if (!config.metrics) return { metrics: undefined, onQuery, watchStore: () => undefined };
  let watched: MetadataStore | undefined;
  const metrics = new PrometheusMetrics(() => watched?.poolUsage?.());
  return {
    metrics,
    onQuery: (sql, ms) => {
      onQuery?.(sql, ms);
      metrics.queryDone(sql, ms / 1000);
    },
    watchStore: (store) => {
      watched = store;
    },
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * Every service of the registry over opened stores: the one place they are built, for the HTTP
 * server (and, service by service through the factories above, for the host tasks).
 */
export function createServices(
  config: ServerConfig,
  stores: { store: MetadataStore; artifacts: ArtifactStore },
  env: Environment,
  publicUrl: () => string = () => defaultPublicUrl(config),
  metrics: Metrics = NO_METRICS,
  options: { checkDownloads?: boolean } = {},
) {
  const { store, artifacts } = stores;
  const { clock } = env;
  const contextDeps = {
    store,
    clock,
    newName: env.ids,
    sha256: sha256Hex,
    transitions: config.stageTransitions,
  };
  const deployments = new DeploymentService(contextDeps);
  const catalog = new CatalogService(contextDeps);
  const registration = new RegistrationService(contextDeps);
  const stages = new StageService(contextDeps);
  const aliases = new AliasService(contextDeps);
  const productionNamespaces = new Set(config.productionNamespaces);
  const integrity = createContentIntegrity(stores, env, options);
  const audit = new AuditService({ store, clock, sha256: sha256Hex });
  const mlflowArtifacts = new MlflowArtifactService({
    ...{ catalog, store, artifacts, integrity, clock },
    sha256: sha256Hex,
    newKey: env.ids,
    contentUrl: (modelVersionId) => `${publicUrl()}${API_BASE}/model_versions/${modelVersionId}/content.tar`,
  });
  return {
    store,
    artifacts,
    files: createFileService(config, stores, env, publicUrl, metrics, integrity),
    verification: new VerificationService({
      store,
      integrity,
      clock,
      sha256: sha256Hex,
      newKey: env.ids,
      monotonic: () => performance.now(),
      pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }),
    catalog,
    registration,
    stages,
    aliases,
    deployments,
    kserve: new KServeService({
      store,
      clock,
      sha256: sha256Hex,
      deployments,
      productionNamespaces,
    }),
    kserveSync: new KServeSyncService({ store, clock, sha256: sha256Hex, productionNamespaces }),
    access: createAccessService(config, store, env),
    audit,
    reports: new ReportService({ store, clock, auditChain: (actor) => audit.verify(actor) }),
    lineage: new LineageService({ store, clock, sha256: sha256Hex }),
    mlflow: new MlflowRegistryService({
      catalog,
      registration,
      stages,
      aliases,
      store,
      clock,
      sha256: sha256Hex,
      runFiles: mlflowArtifacts,
    }),
    mlflowTracking: new MlflowTrackingService(catalog),
    mlflowArtifacts,
    browse: new BrowseService({ store, clock, sha256: sha256Hex, transitions: config.stageTransitions }),
    throttle: new ClientThrottle({ maxFailures: config.authFailuresPerMinute, windowMs: 60_000, clock }),
  };
}
