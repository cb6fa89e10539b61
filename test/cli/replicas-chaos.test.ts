import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { replayAlias, replayAliasAudit, replayStages, type WireRow } from './support/lifecycle-replay.js';
import { startServer, type RunningServer } from './support/modelreg-process.js';

// Two replicas on one PostgreSQL, 8 clients registering, moving stages and aliases, deploying and
// undeploying for a 30 s load window, while one replica is SIGKILLed and restarted every 10 s.
// What it checks does not depend on what the window held: every acknowledged write is there, the
// audit chain verifies, every acknowledged mutation has exactly one audit event with its request
// id (a refused one none, an unanswered one at most one), and the lifecycle's invariants hold in
// the histories replayed in commit order.

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const POSTGRES = process.env['MODELREG_TEST_POSTGRES_URL'];
if (POSTGRES === undefined) console.log('skipping the chaos test: MODELREG_TEST_POSTGRES_URL is not set');

const API = '/api/model_registry/v1alpha3';
const CLIENTS = 8;
const WINDOW_MS = 30_000;
const KILL_EVERY_MS = 10_000;
const MODELS = 3;
const STAGES = ['Development', 'Staging', 'Production', 'Archived'];
const ENVIRONMENTS = ['chaos-eu', 'chaos-us'];

type Json = WireRow;
type Kind = 'register' | 'stage' | 'alias' | 'deploy' | 'undeploy';

/** One mutation a client sent, and what became of it. */
interface Sent {
  readonly requestId: string;
  readonly kind: Kind;
  readonly modelId: string;
  /** The version the mutation is about (for a registration: known once it is answered). */
  versionId?: string;
  /** undefined: no answer (the replica died, or the connection broke). */
  status?: number;
  body?: Json;
}

describe.skipIf(!BUILT || POSTGRES === undefined)(
  'two replicas on PostgreSQL, one killed and restarted every 10 s, under 8 writing clients',
  () => {
    let database: TestDatabase;
    const dataDirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'modelreg-chaos-')));
    const replicas: (RunningServer | undefined)[] = [undefined, undefined];
    const start = async (i: number) => {
      replicas[i] = await startServer(dataDirs[i] ?? '', ['--db', database.url]);
    };
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      await start(0);
      await start(1);
    });
    afterAll(async () => {
      for (const replica of replicas) await replica?.stop();
      await database?.drop();
    });

    const live = () => replicas.filter((r): r is RunningServer => r !== undefined);
    const send = async (
      replica: RunningServer,
      method: string,
      path: string,
      body?: unknown,
      requestId?: string,
    ): Promise<{ status: number; body: Json }> => {
      const response = await fetch(`${replica.url}${API}/${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(requestId === undefined ? {} : { 'x-request-id': requestId }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Json };
    };
    /** A read, retried on whichever replica answers (one may be down for a moment). */
    const read = async (path: string): Promise<Json> => {
      for (let attempt = 0; ; attempt++) {
        const replica = live()[attempt % Math.max(1, live().length)];
        try {
          if (replica === undefined) throw new Error('no replica is up');
          const answer = await send(replica, 'GET', path);
          expect(answer.status, `GET ${path}: ${JSON.stringify(answer.body)}`).toBe(200);
          return answer.body;
        } catch (error) {
          if (attempt >= 50 || (error as Error).name === 'AssertionError') throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const readAll = async (path: string): Promise<Json[]> => (await read(path))['items'] as Json[];

    it('loses no acknowledged write, keeps one audit event per mutation with its request id, and keeps every invariant in commit order', async () => {
      const first = live()[0];
      if (first === undefined) throw new Error('no replica started');
      const models: { id: string; name: string; versions: string[] }[] = [];
      for (let m = 0; m < MODELS; m++) {
        const model = await send(first, 'POST', 'registered_models', { name: `chaos-${m}` });
        const versions: string[] = [];
        for (let v = 0; v < 3; v++) {
          const version = await send(first, 'POST', 'model_versions', {
            name: `seed-${v}`,
            registeredModelId: model.body['id'],
          });
          versions.push(String(version.body['id']));
        }
        models.push({ id: String(model.body['id']), name: `chaos-${m}`, versions });
      }
      const auditBefore = Number(((await readAll('audit_events?pageSize=1'))[0] ?? { id: '0' })['id']);

      const sent: Sent[] = [];
      let kills = 0;
      const deadline = Date.now() + WINDOW_MS;
      const client = async (c: number) => {
        let seed = 1000 + c;
        const random = (n: number) => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return Math.floor(seed / 65_536) % n;
        };
        for (let n = 0; Date.now() < deadline; n++) {
          const model = models[random(models.length)];
          const replica = live()[random(2) % Math.max(1, live().length)];
          if (model === undefined || replica === undefined) continue;
          const requestId = `chaos-${c}-${n}`;
          const version = model.versions[random(model.versions.length)] ?? '';
          const roll = random(100);
          let request: { kind: Kind; method: string; path: string; body: unknown };
          if (roll < 15) {
            request = {
              kind: 'register',
              method: 'POST',
              path: 'registrations',
              body: {
                registeredModel: { name: model.name },
                modelVersion: { name: `c${c}-${n}` },
                metrics: [{ name: 'accuracy', value: random(1000) / 1000 }],
              },
            };
          } else if (roll < 50) {
            const stage = STAGES[random(STAGES.length)] ?? 'Staging';
            request = {
              kind: 'stage',
              method: 'POST',
              path: `model_versions/${version}/stage`,
              body: {
                stage,
                comment: requestId,
                ...(stage === 'Production' ? { others: 'archive' } : {}),
                ...(random(2) === 0 ? {} : { from: STAGES[random(STAGES.length)] }),
              },
            };
          } else if (roll < 80) {
            request = {
              kind: 'alias',
              method: 'PUT',
              path: `registered_models/${model.id}/aliases/${random(2) === 0 ? 'champion' : 'challenger'}`,
              body: { modelVersionId: version },
            };
          } else {
            const action = random(3) === 0 ? 'undeploy' : 'deploy';
            request = {
              kind: action,
              method: 'POST',
              path: `registered_models/${model.id}/deployments`,
              body: {
                modelVersionId: version,
                environment: ENVIRONMENTS[random(ENVIRONMENTS.length)],
                action,
                comment: requestId,
              },
            };
          }
          const record: Sent = {
            requestId,
            kind: request.kind,
            modelId: model.id,
            ...(request.kind === 'register' ? {} : { versionId: version }),
          };
          sent.push(record);
          try {
            const answer = await send(replica, request.method, request.path, request.body, requestId);
            record.status = answer.status;
            record.body = answer.body;
            if (request.kind === 'register' && answer.status === 201) {
              record.versionId = String((answer.body['modelVersion'] as Json)['id']);
              model.versions.push(record.versionId);
            }
          } catch {
            // No answer: the replica was killed under it. It may or may not have landed.
          }
        }
      };
      const started = Date.now();
      const chaos = (async () => {
        for (let kill = 1, victim = 0; started + kill * KILL_EVERY_MS < deadline; kill++) {
          const at = started + kill * KILL_EVERY_MS;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
          const replica = replicas[victim];
          if (replica === undefined) continue;
          replicas[victim] = undefined;
          const exited = new Promise((resolve) => replica.child.once('exit', resolve));
          replica.child.kill('SIGKILL');
          await exited;
          kills += 1;
          await start(victim);
          victim = 1 - victim;
        }
      })();
      await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), chaos]);

      expect(kills).toBe(Math.ceil(WINDOW_MS / KILL_EVERY_MS) - 1);
      // Nothing answered a 5xx, and each kind of mutation was acknowledged at least once.
      expect(sent.filter((s) => s.status !== undefined && s.status >= 500)).toEqual([]);
      const acknowledged = sent.filter((s) => s.status !== undefined && s.status < 300);
      const refused = sent.filter((s) => s.status !== undefined && s.status >= 400);
      const unanswered = sent.filter((s) => s.status === undefined);
      for (const kind of ['register', 'stage', 'alias', 'deploy'] as const) {
        expect(acknowledged.filter((s) => s.kind === kind).length, kind).toBeGreaterThan(0);
      }
      console.log(
        `chaos window: ${sent.length} mutations, ${acknowledged.length} acknowledged, ${refused.length} refused (4xx), ${unanswered.length} unanswered`,
      );

      // The audit chain verifies; the events of the window, by request id.
      const check = await read('audit_events/verify');
      expect(check['valid']).toBe(true);
      const events: Json[] = [];
      for (let token = ''; ;) {
        const page = await read(`audit_events?pageSize=1000${token === '' ? '' : `&nextPageToken=${token}`}`);
        const items = (page['items'] as Json[]).filter((e) => Number(e['id']) > auditBefore);
        events.push(...items);
        token = String(page['nextPageToken']);
        if (token === '' || items.length < (page['items'] as Json[]).length) break;
      }
      events.reverse(); // oldest first: the chain's (commit) order
      const byRequest = new Map<string, Json[]>();
      for (const event of events) {
        expect(event['outcome']).toBe('success');
        const id = String(event['requestId']);
        byRequest.set(id, [...(byRequest.get(id) ?? []), event]);
      }
      const sentIds = new Set(sent.map((s) => s.requestId));
      expect([...byRequest.keys()].filter((id) => !sentIds.has(id))).toEqual([]);

      /** The audit events that are the mutation itself (a registration also creates its artifacts, say). */
      const primary = (s: Sent) =>
        (byRequest.get(s.requestId) ?? []).filter((e) => {
          switch (s.kind) {
            case 'register':
              return e['action'] === 'create modelVersion';
            case 'stage':
              return e['action'] === 'transition modelVersion' && e['entityId'] === s.versionId;
            case 'alias':
              return String(e['detail']).includes('"aliases"');
            default:
              return e['action'] === `${s.kind} modelVersion`;
          }
        });
      for (const s of acknowledged) expect(primary(s), s.requestId).toHaveLength(1);
      for (const s of refused) expect(byRequest.get(s.requestId) ?? [], s.requestId).toEqual([]);
      for (const s of unanswered) expect(primary(s).length, s.requestId).toBeLessThanOrEqual(1);

      for (const model of models) {
        // Every acknowledged registration is there.
        for (const s of acknowledged.filter((a) => a.kind === 'register' && a.modelId === model.id)) {
          expect((await read(`model_versions/${s.versionId ?? ''}`))['registeredModelId']).toBe(model.id);
        }

        // Stage moves: each acknowledged one is in the history (its comment is its request id);
        // the history in commit order starts every move from where its version was, never has
        // two versions in Production, and ends where the versions are.
        const stages = await readAll(`registered_models/${model.id}/stage_history`);
        const comments = new Set(stages.map((t) => t['comment']));
        for (const s of acknowledged.filter((a) => a.kind === 'stage' && a.modelId === model.id)) {
          expect(comments.has(s.requestId), s.requestId).toBe(true);
        }
        const replayed = replayStages(stages);
        expect(replayed.violations, `model ${model.id}`).toEqual([]);
        for (const version of await readAll(`registered_models/${model.id}/versions?pageSize=1000`)) {
          expect(version['stage']).toBe(replayed.stages.get(String(version['id'])) ?? 'Development');
        }

        // Aliases: the history in commit order matches the audit trail's moves one to one, and the
        // alias, the list and the last move agree.
        const listed = await readAll(`registered_models/${model.id}/aliases`);
        for (const alias of ['champion', 'challenger']) {
          const history = await readAll(`registered_models/${model.id}/alias_history?alias=${alias}`);
          const { violations, target } = replayAlias(history);
          expect(violations).toEqual([]);
          const audited = events.filter(
            (e) => e['entityId'] === model.id && String(e['detail']).includes(`"${alias}":{`),
          );
          expect(replayAliasAudit(audited, alias)).toEqual([]);
          const moves = audited.map((e) => {
            const detail = JSON.parse(String(e['detail'])) as { aliases: Record<string, { to: unknown }> };
            return String(detail.aliases[alias]?.to);
          });
          expect(
            [...history].reverse().map((h) => String(h['modelVersionId'])),
            `${alias} of model ${model.id}`,
          ).toEqual(moves);
          if (target === undefined) continue;
          expect((await read(`registered_models/${model.id}/aliases/${alias}`))['modelVersionId']).toBe(
            target,
          );
          expect(listed.find((a) => a['alias'] === alias)?.['modelVersionId']).toBe(target);
        }

        // Deployments: each acknowledged one is in the history; replayed in commit order, an
        // undeploy always takes down the version deployed there, and the services end as replayed.
        const deployments = await readAll(`registered_models/${model.id}/deployments`);
        const recorded = new Set(deployments.map((d) => d['id']));
        for (const s of acknowledged.filter(
          (a) => (a.kind === 'deploy' || a.kind === 'undeploy') && a.modelId === model.id,
        )) {
          expect(recorded.has(s.body?.['id']), s.requestId).toBe(true);
        }
        const deployed = new Map<string, string | undefined>();
        const ordered = [...deployments].sort((x, y) => Number(x['sequence']) - Number(y['sequence']));
        for (const event of ordered) {
          const where = String(event['environment']);
          if (event['action'] === 'undeploy') {
            expect(deployed.get(where), `undeploy #${String(event['sequence'])}`).toBe(
              event['modelVersionId'],
            );
            deployed.set(where, undefined);
          } else {
            deployed.set(where, String(event['modelVersionId']));
          }
        }
        for (const [environment, version] of deployed) {
          const env = await read(`serving_environment?name=${environment}`);
          const service = await read(
            `inference_service?name=${model.name}&parentResourceId=${String(env['id'])}`,
          );
          expect(service['desiredState']).toBe(version === undefined ? 'UNDEPLOYED' : 'DEPLOYED');
        }
      }
    });
  },
);
