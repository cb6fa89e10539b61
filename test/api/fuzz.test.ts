import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createTokenInDatabase,
  loadServerConfig,
  startServer,
  type RunningServer,
} from '@modelreg/server';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import { fuzzClient, type FuzzAnswer } from '../support/fuzz-client.js';
import {
  documentOperations,
  fuzzRequest,
  HOSTILE_FILTERS,
  manyCustomProperties,
  seededRandom,
} from '../support/fuzz-requests.js';
import { BASE } from '../support/registry-harness.js';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';

// What a fuzzer sends, replayed from a fixed seed on every engine against a listening server:
// malformed and oversized JSON, 5,000-entry maps, ids out of every integer range, long URLs,
// NUL bytes and injection-shaped filters. No answer may be a 5xx, every refusal is a JSON error
// body with a code, the server logs no error, and it never drops a keep-alive connection it did
// not announce closing.

const SEED = 15;
const FUZZ_CLASSES = ['ids', 'query', 'malformed', 'fields', 'map'] as const;
/** Passes over every operation, each with other random picks. */
const ROUNDS = 4;

interface Failure {
  readonly request: string;
  readonly status: number;
  readonly body: string;
}

function problem(request: string, answer: FuzzAnswer): Failure | undefined {
  const short = { request, status: answer.status, body: answer.text.slice(0, 300) };
  if (answer.status >= 500 || answer.status === 0) return short;
  if (answer.status >= 400 && request.includes(BASE)) {
    let code: unknown;
    try {
      code = (JSON.parse(answer.text) as { errorCode?: unknown }).errorCode;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string') return short;
  }
  return undefined;
}

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`fuzzed requests [${target.name}]`, () => {
    const artifactsDir = mkdtempSync(join(tmpdir(), 'modelreg-fuzz-'));
    const errors: string[] = [];
    let database: TestDatabase;
    let server: RunningServer;
    let admin: string;
    let client: ReturnType<typeof fuzzClient>;

    beforeAll(async () => {
      database = await createTestDatabase(target.name);
      const config = loadServerConfig(
        { db: database.url, artifacts: artifactsDir, port: 0, auth: 'token', logLevel: 'info' },
        {},
      );
      const logger = createLogger('error', (line) => errors.push(line));
      admin = (await createTokenInDatabase(config.db, { name: 'fuzz-admin', role: 'admin' })).token;
      server = await startServer(config, logger);
      client = fuzzClient(server.url);
    });
    afterAll(async () => {
      client?.close();
      await server?.close();
      await database?.drop();
      rmSync(artifactsDir, { recursive: true, force: true });
    });

    const call = (method: string, path: string, body?: unknown, token = admin) =>
      client.send(method, `${BASE}/${path}`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const created = async (path: string, body: unknown): Promise<string> => {
      const answer = await call('POST', path, body);
      expect([200, 201], `${path}: ${answer.text}`).toContain(answer.status);
      return String((JSON.parse(answer.text) as { id: string }).id);
    };

    it('answers every operation of the document without a 5xx, with a JSON error body', async () => {
      const model = await created('registered_models', { name: 'fuzz-model' });
      const version = await created('model_versions', { name: 'v1', registeredModelId: model });
      const artifact = await created(`model_versions/${version}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'weights',
        uri: 's3://bucket/w',
      });
      const experiment = await created('experiments', { name: 'fuzz-experiment' });
      const run = await created('experiment_runs', { name: 'run', experimentId: experiment });
      const environment = await created('serving_environments', { name: 'fuzz-env' });
      const service = await created('inference_services', {
        name: 'svc',
        servingEnvironmentId: environment,
        registeredModelId: model,
      });
      const scoped = JSON.parse(
        (await call('POST', 'tokens', { name: 'scoped', role: 'viewer', registeredModelId: model })).text,
      ) as { token: string };
      const realIds = [model, version, artifact, experiment, run, environment, service];

      const random = seededRandom(SEED);
      const failures: Failure[] = [];
      let sent = 0;
      const operations = documentOperations(loadServedDocument());
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const operation of operations) {
          for (const fuzzClass of FUZZ_CLASSES) {
            // The 5,000-entry map where the body takes custom properties, in the first round only (it is slow).
            if (
              fuzzClass === 'map' &&
              (round > 0 || operation.bodyProperties?.['customProperties'] === undefined)
            ) {
              continue;
            }
            const request = fuzzRequest(random, operation, realIds, fuzzClass);
            const token = random.pick([admin, admin, scoped.token]);
            const label = `${request.fuzzClass} ${request.method} ${request.path.slice(0, 200)}`;
            sent += 1;
            try {
              const answer = await client.send(request.method, request.path, {
                headers: {
                  authorization: `Bearer ${token}`,
                  ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }),
                },
                ...(request.body === undefined ? {} : { body: request.body }),
              });
              const found = problem(label, answer);
              if (found !== undefined) failures.push(found);
            } catch (error) {
              const body = typeof request.body === 'string' ? request.body.slice(0, 100) : '';
              failures.push({ request: label, status: 0, body: `${String(error)} (sent ${body})` });
            }
          }
        }
      }
      expect(sent).toBeGreaterThan(1500);
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      expect(client.dropped()).toEqual([]);
    });

    it('refuses oversized bodies and long URLs with a JSON error, and keeps serving the connection', async () => {
      const failures: Failure[] = [];
      const check = (label: string, answer: FuzzAnswer, status: number) => {
        const found = problem(`${label} ${BASE}`, answer);
        if (found !== undefined) failures.push(found);
        else if (answer.status !== status)
          failures.push({ request: label, status: answer.status, body: answer.text });
      };
      const auth = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
      const huge = JSON.stringify({ name: 'x', description: 'y'.repeat(17 * 1024 * 1024) });
      check(
        '17 MB body',
        await client.send('POST', `${BASE}/registered_models`, { body: huge, headers: auth }),
        413,
      );
      const longFilter = `name = '${'x'.repeat(20_000)}'`;
      for (const list of ['registered_models', 'model_versions', 'artifacts', 'experiments']) {
        const path = `${BASE}/${list}?filterQuery=${encodeURIComponent(longFilter)}`;
        check(`long URL ${list}`, await client.send('GET', path, { headers: auth }), 414);
        check(`after long URL ${list}`, await client.send('GET', `${BASE}/${list}`, { headers: auth }), 200);
      }
      const bigHeaders = { ...auth, 'x-fill': 'z'.repeat(100 * 1024) };
      check(
        '100 kB header',
        await client.send('GET', `${BASE}/registered_models`, { headers: bigHeaders }),
        431,
      );
      check(
        'after 100 kB header',
        await client.send('GET', `${BASE}/registered_models`, { headers: auth }),
        200,
      );
      const map = { name: 'many-properties', customProperties: manyCustomProperties(5000) };
      check(
        '5,000 properties',
        await client.send('POST', `${BASE}/registered_models`, { body: JSON.stringify(map), headers: auth }),
        201,
      );
      for (const filter of HOSTILE_FILTERS) {
        const path = `${BASE}/model_versions?filterQuery=${encodeURIComponent(filter)}`;
        const answer = await client.send('GET', path, { headers: auth });
        const found = problem(`filter ${filter.slice(0, 80)} ${BASE}`, answer);
        if (found !== undefined) failures.push(found);
      }
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      expect(client.dropped()).toEqual([]);
    });
  });
}
