import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { AUTHENTICATION_METHODS, type AuthenticationMethod } from '../domain/access-control.js';
import { parseCidr } from '../domain/ip-address.js';
import type { LogLevel } from '../logger.js';
import { parseTransitionRules, type TransitionRule } from '../domain/lifecycle.js';

/**
 * Server configuration. Precedence: defaults < config file < MODELREG_* environment < flags.
 * Loaded once, validated, frozen; only this module reads `process.env`.
 * Every key is documented in docs/config.example.yaml.
 */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Where the embedded defaults keep their files. */
  readonly dataDir: string;
  /** Database URL: sqlite:<file>, postgres://… or mysql://… */
  readonly db: string;
  /** Where model files go: a directory, or s3://bucket/prefix. */
  readonly artifacts: string;
  /** The S3 endpoint of an S3-compatible store (MinIO, Ceph…); AWS's own when absent (or AWS_ENDPOINT_URL_S3). */
  readonly s3Endpoint?: string | undefined;
  /** The S3 region; AWS_REGION (or AWS_DEFAULT_REGION, else us-east-1) when absent. */
  readonly s3Region: string;
  /** Path-style S3 URLs (http://host/bucket/key), as most S3-compatible stores need. */
  readonly s3ForcePathStyle: boolean;
  /**
   * The URL clients reach this server at, for the `uri` of content stored on the disk
   * (`<publicUrl>/api/model_registry/v1alpha3/model_versions/{id}/content.tar`). Default: the
   * address the server listens on.
   */
  readonly publicUrl?: string | undefined;
  readonly logLevel: LogLevel;
  /** Connections per replica to PostgreSQL or MySQL. */
  readonly dbPoolSize: number;
  /**
   * How callers authenticate, one or more of: `none` (everyone has full rights), `token` (API
   * tokens), `oidc` (bearer JWTs of an OIDC issuer), `header` (identity headers set by a gateway).
   */
  readonly auth: readonly AuthMode[];
  /** With auth `none`, binding a non-loopback address must be asked for explicitly. */
  readonly allowRemoteWithoutAuth: boolean;
  readonly oidcIssuer?: string | undefined;
  readonly oidcAudience?: string | undefined;
  /** The issuer's JWKS; discovered through the issuer's openid-configuration when absent. */
  readonly oidcJwksUrl?: string | undefined;
  readonly oidcSubjectClaim: string;
  readonly oidcGroupsClaim: string;
  readonly oidcClockSkewSeconds: number;
  /** Least seconds between two JWKS fetches triggered by an unknown key id. */
  readonly oidcJwksCooldownSeconds: number;
  /** The JWS algorithms an OIDC token may be signed with (asymmetric ones only). */
  readonly oidcAlgorithms: readonly string[];
  /**
   * Addresses or CIDR blocks (IPv4 or IPv6) of the gateways and proxies in front of the server:
   * their identity headers are trusted, and their X-Forwarded-For names the client.
   */
  readonly trustedProxies: readonly string[];
  /** Accept a /0 among trustedProxies: every address may then claim any identity. */
  readonly allowAnyProxy: boolean;
  readonly userHeader: string;
  readonly groupsHeader: string;
  /** Refused authentications (401) allowed per client address and minute before 429. */
  readonly authFailuresPerMinute: number;
  /**
   * Seconds a request's JSON body may take to arrive, from the request's start (408 after);
   * 0: no limit. File uploads are not bound by it: they stop after a minute without a byte.
   */
  readonly requestTimeoutSeconds: number;
  /** Seconds a client may take to send a request's headers. */
  readonly headersTimeoutSeconds: number;
  /** Seconds an idle keep-alive connection stays open (above common client pools' 4 s). */
  readonly keepAliveTimeoutSeconds: number;
  /**
   * Seconds an OPEN upload may go without a byte written to it before it expires (its staged
   * bytes are then discarded by `modelreg gc`); 0: never. Default 7 days, least 600.
   */
  readonly uploadExpirySeconds: number;
  /** Whether the server keeps Prometheus metrics (`GET …/metrics`, admins; default true). */
  readonly metrics: boolean;
  /**
   * A second port that serves only `GET /metrics`, without authentication, for a scraper on the
   * cluster network (on the same host address); 0 for any free port; absent: none.
   */
  readonly metricsPort?: number | undefined;
  /**
   * Seconds between scheduled verifications of all stored content (`serve --verify-interval`);
   * replicas share each run through the database. 0 (the default): none.
   */
  readonly verifyIntervalSeconds: number;
  /** Allowed stage moves, e.g. `Development>Staging,Staging>Production,*>Archived`; the default rules when absent. */
  readonly stageTransitions?: readonly TransitionRule[] | undefined;
  /** Kubernetes namespaces where only versions in stage Production may be deployed (KServe). */
  readonly productionNamespaces: readonly string[];
}

type AuthMode = AuthenticationMethod;
const AUTH_MODES = AUTHENTICATION_METHODS;

export type ConfigOverrides = Partial<Record<keyof ServerConfig, string | number | boolean | undefined>> & {
  readonly config?: string | undefined;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const KEYS = [
  'host',
  'port',
  'dataDir',
  'db',
  'artifacts',
  's3Endpoint',
  's3Region',
  's3ForcePathStyle',
  'publicUrl',
  'uploadExpirySeconds',
  'verifyIntervalSeconds',
  'logLevel',
  'dbPoolSize',
  'auth',
  'allowRemoteWithoutAuth',
  'oidcIssuer',
  'oidcAudience',
  'oidcJwksUrl',
  'oidcSubjectClaim',
  'oidcGroupsClaim',
  'oidcClockSkewSeconds',
  'oidcJwksCooldownSeconds',
  'oidcAlgorithms',
  'trustedProxies',
  'allowAnyProxy',
  'userHeader',
  'groupsHeader',
  'authFailuresPerMinute',
  'requestTimeoutSeconds',
  'headersTimeoutSeconds',
  'keepAliveTimeoutSeconds',
  'stageTransitions',
  'metrics',
  'metricsPort',
  'productionNamespaces',
] as const;
type Key = (typeof KEYS)[number];
/** Each key's environment variable: dataDir → MODELREG_DATA_DIR. */
function envName(key: Key | 'config'): string {
  return `MODELREG_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}
const ENV_NAMES: readonly string[] = [...KEYS, 'config' as const].map(envName);
/** MODELREG_* variables that belong to the clients or the test suite, not to the server. */
const NOT_SERVER_ENV = /^MODELREG_(URL|TOKEN|TEST_.*|DEBUG)$/;
/** Far longer than a writing request goes without recording activity (a claim's renewal). */
const MIN_UPLOAD_EXPIRY_SECONDS = 600;
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
/** Asymmetric JWS algorithms: a token is verified with the issuer's published public key. */
const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

function flag(key: string, value: string | number | undefined): boolean {
  const text = String(value ?? 'false');
  if (text !== 'true' && text !== 'false')
    throw new ConfigError(`${key}: expected true or false, got '${text}'`);
  return text === 'true';
}

function integer(key: string, value: string | number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${key}: expected an integer from ${min} to ${max}, got '${String(value)}'`);
  }
  return n;
}

function stageRules(text: string | undefined): readonly TransitionRule[] | undefined {
  if (text === undefined) return undefined;
  try {
    return Object.freeze(parseTransitionRules(text));
  } catch (error) {
    throw new ConfigError(`stageTransitions: ${(error as Error).message}`);
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The raw values, by precedence: config file, then environment, then flags (overrides). */
function rawValues(
  overrides: ConfigOverrides,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Record<string, string | number | undefined> {
  for (const name of Object.keys(env)) {
    if (name.startsWith('MODELREG_') && !ENV_NAMES.includes(name) && !NOT_SERVER_ENV.test(name)) {
      throw new ConfigError(`unknown environment variable ${name}; known: ${ENV_NAMES.join(', ')}`);
    }
  }
  const raw: Record<string, string | number | undefined> = {};
  const configFile = overrides.config ?? env[envName('config')];
  if (configFile !== undefined && configFile !== '') readConfigFile(configFile, cwd, raw);
  for (const key of KEYS) {
    const fromEnv = env[envName(key)];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
    const fromFlag = overrides[key];
    if (fromFlag !== undefined && fromFlag !== '')
      raw[key] = typeof fromFlag === 'boolean' ? String(fromFlag) : fromFlag;
  }
  return raw;
}

function readConfigFile(
  configFile: string,
  cwd: string,
  raw: Record<string, string | number | undefined>,
): void {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(resolve(cwd, configFile), 'utf8'));
  } catch (error) {
    throw new ConfigError(`config file ${configFile}: ${(error as Error).message}`);
  }
  if (parsed !== null && parsed !== undefined) {
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new ConfigError(`config file ${configFile}: expected a mapping of keys to values`);
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (!(KEYS as readonly string[]).includes(key)) {
        throw new ConfigError(
          `config file ${configFile}: unknown key '${key}'; known keys: ${KEYS.join(', ')}`,
        );
      }
      if (typeof value === 'boolean') {
        raw[key] = String(value);
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        raw[key] = value.join(',');
      } else if (typeof value !== 'string' && typeof value !== 'number') {
        throw new ConfigError(`config file ${configFile}: ${key} must be a string or a number`);
      } else {
        raw[key] = value;
      }
    }
  }
}

type Raw = Readonly<Record<string, string | number | undefined>>;

function textOf(raw: Raw) {
  return (key: Key) => (raw[key] === undefined || raw[key] === '' ? undefined : String(raw[key]));
}

/** Where the registry keeps its data and where it listens. */
function placeSettings(raw: Raw, cwd: string) {
  const dataDir = resolve(cwd, String(raw['dataDir'] ?? 'modelreg-data'));
  const logLevel = String(raw['logLevel'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`logLevel: expected one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  let db = String(raw['db'] ?? `sqlite:${resolve(dataDir, 'registry.db')}`);
  if (db.startsWith('sqlite:') && !db.startsWith('sqlite::memory:')) {
    const file = db.slice('sqlite:'.length);
    if (file !== '' && !isAbsolute(file)) db = `sqlite:${resolve(cwd, file)}`;
  }
  const artifactsRaw = String(raw['artifacts'] ?? resolve(dataDir, 'artifacts'));
  const artifacts = /^[a-z][a-z0-9+.-]*:\/\//i.test(artifactsRaw) ? artifactsRaw : resolve(cwd, artifactsRaw);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(artifacts) && !/^(s3|file):\/\//.test(artifacts)) {
    throw new ConfigError(`artifacts: expected a directory or s3://bucket/prefix, got '${artifacts}'`);
  }
  const s3Endpoint = raw['s3Endpoint'] === undefined ? undefined : String(raw['s3Endpoint']);
  if (s3Endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(s3Endpoint)) {
    throw new ConfigError(`s3Endpoint: expected an http(s):// URL, got '${s3Endpoint}'`);
  }
  const forcePathStyle = String(raw['s3ForcePathStyle'] ?? 'false');
  if (forcePathStyle !== 'true' && forcePathStyle !== 'false') {
    throw new ConfigError(`s3ForcePathStyle: expected true or false, got '${forcePathStyle}'`);
  }
  if (/^s3:\/\//.test(artifacts) && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(artifacts)) {
    throw new ConfigError(
      `artifacts: expected s3://bucket/prefix with a valid bucket name, got '${artifacts}'`,
    );
  }
  const publicUrl = raw['publicUrl'] === undefined ? undefined : String(raw['publicUrl']).replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(publicUrl)) {
    throw new ConfigError(`publicUrl: expected an http(s):// URL, got '${publicUrl}'`);
  }
  const host = String(raw['host'] ?? '127.0.0.1');
  if (host === '' || /\s/.test(host)) throw new ConfigError(`host: expected an address, got '${host}'`);
  return { dataDir, logLevel, db, artifacts, s3Endpoint, forcePathStyle, publicUrl, host };
}

/** Who may call, and how a caller proves it. */
function accessSettings(raw: Raw, host: string) {
  const auth = String(raw['auth'] ?? 'none')
    .split(',')
    .map((mode) => mode.trim())
    .filter((mode) => mode !== '');
  for (const mode of auth) {
    if (!(AUTH_MODES as readonly string[]).includes(mode)) {
      throw new ConfigError(`auth: expected a list of ${AUTH_MODES.join(', ')}; got '${mode}'`);
    }
  }
  const text = textOf(raw);
  if (auth.includes('oidc') && (text('oidcIssuer') === undefined || text('oidcAudience') === undefined)) {
    throw new ConfigError(
      'auth oidc needs oidcIssuer and oidcAudience (MODELREG_OIDC_ISSUER, MODELREG_OIDC_AUDIENCE)',
    );
  }
  const trustedProxies = (text('trustedProxies') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const allowAnyProxy = flag('allowAnyProxy', raw['allowAnyProxy']);
  for (const proxy of trustedProxies) {
    const block = parseCidr(proxy);
    if (block === undefined) {
      throw new ConfigError(
        `trustedProxies: '${proxy}' is not an IP address or CIDR block (IPv4 such as 10.1.0.0/16, or IPv6 such as fd00::/8)`,
      );
    }
    if (block.prefix === 0 && !allowAnyProxy) {
      throw new ConfigError(
        `trustedProxies: '${proxy}' trusts every address, so anyone could claim any identity; name the gateways' addresses, or set allowAnyProxy (MODELREG_ALLOW_ANY_PROXY) if only they can reach the server`,
      );
    }
  }
  const oidcAlgorithms = (text('oidcAlgorithms') ?? OIDC_ALGORITHMS.join(','))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  for (const algorithm of oidcAlgorithms) {
    if (!(OIDC_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new ConfigError(
        `oidcAlgorithms: '${algorithm}' is not accepted; choose from ${OIDC_ALGORITHMS.join(', ')} (asymmetric only)`,
      );
    }
  }
  if (oidcAlgorithms.length === 0) throw new ConfigError('oidcAlgorithms: give at least one algorithm');
  if (auth.includes('header') && trustedProxies.length === 0) {
    throw new ConfigError(
      'auth header needs trustedProxies: the addresses of the gateways that set the headers',
    );
  }
  if (auth.length === 0) throw new ConfigError('auth: give at least one of none, token');
  const allowRemote = String(raw['allowRemoteWithoutAuth'] ?? 'false');
  if (allowRemote !== 'true' && allowRemote !== 'false') {
    throw new ConfigError(`allowRemoteWithoutAuth: expected true or false, got '${allowRemote}'`);
  }
  if (auth.includes('none') && allowRemote !== 'true' && !isLoopback(host)) {
    throw new ConfigError(
      `host ${host}: with auth 'none' anyone who reaches the server has full rights; turn on --auth token, ` +
        'or pass --allow-remote-without-auth if a gateway in front of it authenticates',
    );
  }
  return { auth, trustedProxies, allowAnyProxy, oidcAlgorithms, allowRemote };
}

function uploadExpiry(raw: Raw): number {
  const uploadExpirySeconds = integer(
    'uploadExpirySeconds',
    raw['uploadExpirySeconds'] ?? 7 * 24 * 3600,
    0,
    10 * 365 * 24 * 3600,
  );
  if (uploadExpirySeconds > 0 && uploadExpirySeconds < MIN_UPLOAD_EXPIRY_SECONDS) {
    throw new ConfigError(
      `uploadExpirySeconds: expected 0 (never) or at least ${MIN_UPLOAD_EXPIRY_SECONDS} (an upload being written must not expire), got '${uploadExpirySeconds}'`,
    );
  }
  return uploadExpirySeconds;
}

function oidcSettings(raw: Raw, oidcAlgorithms: readonly string[]) {
  const text = textOf(raw);
  return {
    oidcIssuer: text('oidcIssuer'),
    oidcAudience: text('oidcAudience'),
    oidcJwksUrl: text('oidcJwksUrl'),
    oidcSubjectClaim: text('oidcSubjectClaim') ?? 'sub',
    oidcGroupsClaim: text('oidcGroupsClaim') ?? 'groups',
    oidcClockSkewSeconds: integer('oidcClockSkewSeconds', raw['oidcClockSkewSeconds'] ?? 60, 0, 3600),
    oidcJwksCooldownSeconds: integer(
      'oidcJwksCooldownSeconds',
      raw['oidcJwksCooldownSeconds'] ?? 30,
      0,
      3600,
    ),
    oidcAlgorithms: Object.freeze(oidcAlgorithms),
  };
}

export function loadServerConfig(
  overrides: ConfigOverrides = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const raw = rawValues(overrides, env, cwd);
  const place = placeSettings(raw, cwd);
  const { dataDir, logLevel, db, artifacts, s3Endpoint, forcePathStyle, publicUrl, host } = place;
  const { auth, trustedProxies, allowAnyProxy, oidcAlgorithms, allowRemote } = accessSettings(raw, host);
  const uploadExpirySeconds = uploadExpiry(raw);
  const text = textOf(raw);
  return Object.freeze({
    host,
    port: integer('port', raw['port'] ?? 8080, 0, 65535),
    dataDir,
    db,
    artifacts,
    s3Endpoint,
    s3Region: String(raw['s3Region'] ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1'),
    s3ForcePathStyle: forcePathStyle === 'true',
    publicUrl,
    uploadExpirySeconds,
    verifyIntervalSeconds: integer(
      'verifyIntervalSeconds',
      raw['verifyIntervalSeconds'] ?? 0,
      0,
      10 * 365 * 24 * 3600,
    ),
    logLevel,
    dbPoolSize: integer('dbPoolSize', raw['dbPoolSize'] ?? 10, 1, 1000),
    auth: Object.freeze(auth as AuthMode[]),
    allowRemoteWithoutAuth: allowRemote === 'true',
    ...oidcSettings(raw, oidcAlgorithms),
    trustedProxies: Object.freeze(trustedProxies),
    allowAnyProxy,
    userHeader: (text('userHeader') ?? 'kubeflow-userid').toLowerCase(),
    groupsHeader: (text('groupsHeader') ?? 'kubeflow-groups').toLowerCase(),
    authFailuresPerMinute: integer('authFailuresPerMinute', raw['authFailuresPerMinute'] ?? 10, 1, 100_000),
    requestTimeoutSeconds: integer('requestTimeoutSeconds', raw['requestTimeoutSeconds'] ?? 60, 0, 3600),
    headersTimeoutSeconds: integer('headersTimeoutSeconds', raw['headersTimeoutSeconds'] ?? 20, 1, 600),
    keepAliveTimeoutSeconds: integer(
      'keepAliveTimeoutSeconds',
      raw['keepAliveTimeoutSeconds'] ?? 65,
      5,
      3600,
    ),
    stageTransitions: stageRules(text('stageTransitions')),
    metrics: flag('metrics', raw['metrics'] ?? 'true'),
    metricsPort:
      raw['metricsPort'] === undefined ? undefined : integer('metricsPort', raw['metricsPort'], 0, 65535),
    productionNamespaces: Object.freeze(namespaceList(text('productionNamespaces'))),
  });
}

function namespaceList(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names) {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
      throw new ConfigError(`productionNamespaces: '${name}' is not a Kubernetes namespace name`);
    }
  }
  return names;
}
