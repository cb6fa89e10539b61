import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { startServer, type RunningServer } from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const POSTGRES = process.env['MODELREG_TEST_POSTGRES_URL'];
if (POSTGRES === undefined)
  console.log('skipping the replica concurrency test: MODELREG_TEST_POSTGRES_URL is not set');

const API = '/api/model_registry/v1alpha3';
const STAGES = ['Development', 'Staging', 'Production', 'Archived'];

describe.skipIf(!BUILT || POSTGRES === undefined)(
  'two replicas on one PostgreSQL under concurrent lifecycle changes',
  () => {
    let database: TestDatabase;
    const replicas: RunningServer[] = [];

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      for (let i = 0; i < 2; i++) {
        replicas.push(
          await startServer(mkdtempSync(join(tmpdir(), 'modelreg-replica-')), [
            '--db',
            database.url,
            '--log-level',
            'info',
          ]),
        );
      }
    });
    afterAll(async () => {
      for (const replica of replicas) await replica.stop();
      await database?.drop();
    });

    const call = async (replica: number, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${replicas[replica % 2]?.url}${API}/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return {
        status: response.status,
        body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
      };
    };

    it('ends with each alias on exactly one version, one audit event per successful change, and a chain that verifies', async () => {
      const model = (await call(0, 'POST', 'registered_models', { name: 'contended' })).body;
      const versions: string[] = [];
      for (let i = 0; i < 5; i++) {
        versions.push(
          String(
            (await call(i, 'POST', 'model_versions', { name: `v${i}`, registeredModelId: model['id'] })).body[
              'id'
            ],
          ),
        );
      }
      const eventsBefore = (await call(0, 'GET', 'audit_events/verify')).body['events'] as number;
      let seed = 7;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor(seed / 65_536) % n;
      };
      const requests = Array.from({ length: 100 }, (_, i) => {
        const version = versions[random(versions.length)] ?? '';
        if (i % 2 === 0) {
          const alias = ['champion', 'challenger'][random(2)] ?? 'champion';
          return call(i, 'PUT', `registered_models/${String(model['id'])}/aliases/${alias}`, {
            modelVersionId: version,
          });
        }
        return call(i, 'POST', `model_versions/${version}/stage`, { stage: STAGES[random(STAGES.length)] });
      });
      const results = await Promise.all(requests);
      const statuses = results.map((r) => r.status);
      // Every answer is a success or a refused move (409); nothing failed.
      expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
      const successes = statuses.filter((s) => s === 200).length;
      expect(successes).toBeGreaterThan(50);

      const aliases = (await call(1, 'GET', `registered_models/${String(model['id'])}/aliases`)).body[
        'items'
      ] as Record<string, unknown>[];
      expect(aliases.map((a) => a['alias']).sort()).toEqual(['challenger', 'champion']);
      for (const alias of aliases) expect(versions).toContain(alias['modelVersionId']);

      const check = (await call(1, 'GET', 'audit_events/verify')).body;
      expect(check['valid']).toBe(true);
      expect((check['events'] as number) - eventsBefore).toBe(successes);
      // Stage and state agree on every version, whichever replica moved it.
      for (const id of versions) {
        const version = (await call(0, 'GET', `model_versions/${id}`)).body;
        expect(version['state']).toBe(version['stage'] === 'Archived' ? 'ARCHIVED' : 'LIVE');
      }
    });
  },
);
