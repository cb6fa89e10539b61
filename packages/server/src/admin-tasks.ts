import { nodeSecrets, sha256Hex } from './adapters/crypto/node-secrets.js';
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
      authentication: { modes: ['none'], trustedProxies: [], failuresPerMinute: 1 },
    });
    return await access.createToken(UNRESTRICTED, input);
  } finally {
    await store.close();
  }
}
