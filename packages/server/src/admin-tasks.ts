import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { nodeSecrets, sha256Hex } from './adapters/crypto/node-secrets.js';
import { openArtifactStore } from './adapters/artifacts/open-artifact-store.js';
import type { ServerConfig } from './config/config.js';
import { FileService, type GarbageReport } from './services/file-service.js';
import { openMetadataStore } from './adapters/sql/open-metadata-store.js';
import { UNRESTRICTED } from './domain/access-control.js';
import { AccessService, type NewTokenInput } from './services/access-service.js';
import type { ApiToken } from './domain/access-control.js';

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
): Promise<{ token: string; info: ApiToken }> {
  const store = await openMetadataStore(dbUrl, { poolSize: 1 });
  try {
    const access = new AccessService({
      store,
      clock: () => Date.now(),
      secrets: nodeSecrets,
      sha256: sha256Hex,
      authentication: { modes: ['none'], trustedProxies: [] },
    });
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
  config: Pick<
    ServerConfig,
    'db' | 'artifacts' | 's3Endpoint' | 's3Region' | 's3ForcePathStyle' | 'uploadExpirySeconds'
  >,
  options: { dryRun: boolean; graceSeconds: number },
): Promise<GarbageReport> {
  const store = await openMetadataStore(config.db, { poolSize: 1 });
  try {
    const artifacts = await openArtifactStore(config);
    try {
      const files = new FileService({
        store,
        artifacts,
        clock: () => Date.now(),
        sha256: sha256Hex,
        newKey: () => randomUUID(),
        contentUrl: () => '',
        uploadExpiryMs: config.uploadExpirySeconds * 1000,
      });
      const operator = { ...UNRESTRICTED, subject: operatorName() };
      return await files.collectGarbage(operator, options);
    } finally {
      await artifacts.close();
    }
  } finally {
    await store.close();
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
