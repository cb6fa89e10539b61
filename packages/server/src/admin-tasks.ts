import { hostname, userInfo } from 'node:os';
import { openMetadataStore } from './adapters/sql/open-metadata-store.js';
import {
  createAccessService,
  createFileService,
  environment,
  openStores,
  type RegistryEnvironment,
} from './composition.js';
import { loadServerConfig, type ServerConfig } from './config/config.js';
import { UNRESTRICTED, type ApiToken } from './domain/access-control.js';
import type { NewTokenInput } from './services/access/index.js';
import type { GarbageReport } from './services/content/index.js';

/**
 * Creates an API token straight in the database, for an operator on the server's host: how the
 * first admin token comes to be when authentication is on and no one can call the API yet.
 *
 * @example
 * const { token } = await createTokenInDatabase('postgres://…/registry', { name: 'admin', role: 'admin' });
 */
export async function createTokenInDatabase(
  dbUrl: string,
  input: NewTokenInput,
  given: RegistryEnvironment = {},
): Promise<{ token: string; info: ApiToken }> {
  const store = await openMetadataStore(dbUrl, { poolSize: 1 });
  try {
    // Only the token is made here: how callers authenticate does not matter, the defaults do.
    const access = createAccessService(loadServerConfig({ db: dbUrl }, {}), store, environment(given));
    return await access.createToken(UNRESTRICTED, input);
  } finally {
    await store.close();
  }
}

/**
 * Garbage collection of stored model files, for an operator on a host that reaches the database and
 * the artifact store (what `modelreg gc` runs; `POST /gc` is the same through the API, for admins).
 * Expires OPEN uploads idle for longer than `uploadExpirySeconds`, then removes stored bytes that
 * no version's manifest and no OPEN upload refers to, last written more than `graceSeconds` ago;
 * `dryRun` only reports. Recorded in the audit trail as the host's user.
 *
 * @example
 * const config = loadServerConfig({ dataDir: '/var/lib/modelreg' });
 * const report = await collectGarbage(config, { dryRun: true, graceSeconds: 3600 });
 * console.log(report.removed.length, report.removedBytes);
 */
export async function collectGarbage(
  config: ServerConfig,
  options: { dryRun: boolean; graceSeconds: number },
  given: RegistryEnvironment = {},
): Promise<GarbageReport> {
  const stores = await openStores({ ...config, dbPoolSize: 1 }, given.onQuery);
  try {
    const files = createFileService(config, stores, environment(given));
    const operator = { ...UNRESTRICTED, subject: operatorName() };
    return await files.collectGarbage(operator, options);
  } finally {
    await stores.artifacts.close();
    await stores.store.close();
  }
}

/** Who runs a host task, for the audit trail: the OS user at the host. */
function operatorName(): string {
  let user = 'operator';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): the host alone must do.
  }
  return `${user}@${hostname()}`.slice(0, 255);
}
