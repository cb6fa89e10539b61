import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// Two replicas on one database, one clock that the test moves: a token made on one replica works
// on both until its expiry, then neither accepts it (no real waiting for the expiry).

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`token expiry on two replicas [${target.name}]`, () => {
    let elapsed = 0;
    const base = Date.now();
    const clock = () => base + elapsed;
    let a: RegistryHarness;
    let b: RegistryHarness;
    let admin: string;
    beforeAll(async () => {
      a = await startHarness(target.name, { clock, config: { auth: 'token' } });
      b = await startHarness(target.name, { clock, config: { auth: 'token' }, databaseUrl: a.config.db });
      admin = await a.createToken({ name: 'admin', role: 'admin' });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('accepts a token on both replicas until it expires, then neither does', async () => {
      const made = await a.request(
        'POST',
        'tokens',
        { name: 'brief', role: 'viewer', expiresInSeconds: 1 },
        {
          authorization: `Bearer ${admin}`,
        },
      );
      expect(made.status).toBe(201);
      const list = (replica: RegistryHarness) =>
        replica.request('GET', 'registered_models', undefined, {
          authorization: `Bearer ${String(made.body['token'])}`,
        });
      expect(Number(made.body['expireTimeSinceEpoch'])).toBe(clock() + 1000);
      expect((await list(a)).status).toBe(200);
      expect((await list(b)).status).toBe(200);
      elapsed += 999;
      expect((await list(b)).status).toBe(200);
      elapsed += 2;
      expect((await list(a)).status).toBe(401);
      expect((await list(b)).status).toBe(401);
    });
  });
}
