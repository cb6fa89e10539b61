import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';
import { replayAlias, replayAliasAudit, replayStages, type WireRow } from './support/lifecycle-replay.js';
import { apiCall, startServer, type RunningServer } from './support/modelreg-process.js';

// The races that broke the lifecycle's invariants (issue 16), run many times against server
// processes: two on PostgreSQL and on MariaDB, one on SQLite (single-process by design). Each
// invariant is checked on the histories replayed in commit order, not only on the end state.

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the lifecycle races: packages/cli/dist is missing (npm run build)');

const TRIALS = 30;
const ARTIFACT_TRIALS = 20;
const ALIAS_ROUNDS = 40;
const MOVES_PER_ROUND = 8;

type Entity = WireRow & { id: string };
type List = { items: Entity[] };

announceSkips();
for (const target of DATABASE_TARGETS) {
  const processes = target.name === 'sqlite' ? 1 : 2;
  describe.skipIf(!BUILT || target.skipReason !== undefined)(
    `lifecycle races on ${processes} server process(es) [${target.name}]`,
    () => {
      let database: TestDatabase;
      const replicas: RunningServer[] = [];
      beforeAll(async () => {
        database = await createTestDatabase(target.name);
        for (let i = 0; i < processes; i++) {
          replicas.push(
            await startServer(mkdtempSync(join(tmpdir(), 'modelreg-race-')), ['--db', database.url]),
          );
        }
      });
      afterAll(async () => {
        for (const replica of replicas) await replica.stop();
        await database?.drop();
      });

      /** A request to replica `i` (modulo their number), so concurrent pairs meet on different processes. */
      const call = <T = Entity>(i: number, method: string, path: string, body?: unknown) =>
        apiCall<T>(replicas[i % replicas.length], method, path, body);
      const created = async (i: number, path: string, body: unknown) => {
        const response = await call(i, 'POST', path, body);
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return response.body;
      };
      let models = 0;
      const newModel = async (versions: number) => {
        const model = await created(0, 'registered_models', { name: `race-${target.name}-${++models}` });
        const made: Entity[] = [];
        for (let v = 0; v < versions; v++) {
          made.push(await created(v, 'model_versions', { name: `v${v}`, registeredModelId: model.id }));
        }
        return { model, versions: made };
      };
      const stageHistory = async (modelId: string) =>
        (await call<List>(1, 'GET', `registered_models/${modelId}/stage_history`)).body.items;

      it('never has two versions in Production when two are promoted at once with others: archive', async () => {
        for (let trial = 0; trial < TRIALS; trial++) {
          const { model, versions } = await newModel(2);
          const answers = await Promise.all(
            versions.map((version, i) =>
              call(i, 'POST', `model_versions/${version.id}/stage`, {
                stage: 'Production',
                others: 'archive',
              }),
            ),
          );
          expect(answers.map((a) => a.status)).toEqual([200, 200]);
          const ends: unknown[] = [];
          for (const version of versions) {
            ends.push((await call(0, 'GET', `model_versions/${version.id}`)).body['stage']);
          }
          expect([...ends].sort(), `trial ${trial}`).toEqual(['Archived', 'Production']);
          const { violations, stages } = replayStages(await stageHistory(model.id));
          expect(violations, `trial ${trial}`).toEqual([]);
          expect(versions.map((v) => stages.get(v.id))).toEqual(ends);
        }
      });

      it('moves a version once when two clients move it at once; the other gets a 409', async () => {
        for (let trial = 0; trial < TRIALS; trial++) {
          const { model, versions } = await newModel(1);
          const id = versions[0]?.id ?? '';
          // First half: both ask for the same move. Second half: each states the stage it saw.
          const stated = trial >= TRIALS / 2;
          const bodies = !stated
            ? [{ stage: 'Staging' }, { stage: 'Staging' }]
            : [
                { stage: 'Staging', from: 'Development' },
                { stage: 'Production', from: 'Development' },
              ];
          const answers = await Promise.all(
            bodies.map((body, i) => call(i, 'POST', `model_versions/${id}/stage`, body)),
          );
          expect(answers.map((a) => a.status).sort(), `trial ${trial}`).toEqual([200, 409]);
          const refused = answers.find((a) => a.status === 409)?.body;
          expect(refused?.['errorCode']).toBe(stated ? 'STAGE_MISMATCH' : 'STAGE_TRANSITION_NOT_ALLOWED');
          const history = await stageHistory(model.id);
          expect(history, `trial ${trial}`).toHaveLength(1);
          const { violations, stages } = replayStages(history);
          expect(violations).toEqual([]);
          const moved = answers.find((a) => a.status === 200)?.body;
          expect(stages.get(id)).toBe(moved?.['stage']);
        }
      });

      it('numbers versions one after another when registrations into one model bump at once', async () => {
        const name = `bumped-${target.name}`;
        const register = (i: number) =>
          call(i, 'POST', 'registrations', { registeredModel: { name }, modelVersion: { bump: 'patch' } });
        expect((await register(0)).status).toBe(201);
        const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => register(i)));
        expect(answers.map((a) => a.status)).toEqual(Array<number>(8).fill(201));
        const names = answers.map((a) => String((a.body['modelVersion'] as Entity)['name'])).sort();
        expect(names).toEqual(['0.0.2', '0.0.3', '0.0.4', '0.0.5', '0.0.6', '0.0.7', '0.0.8', '0.0.9']);
      });

      it("creates an artifact under a version being deleted only before the delete, as the audit trail's order tells", async () => {
        for (let trial = 0; trial < ARTIFACT_TRIALS; trial++) {
          const { model, versions } = await newModel(3);
          // Even trials delete the middle version, odd ones the whole model, on one replica
          // while two artifacts per version are created on both.
          const doomed = trial % 2 === 0 ? versions.slice(1, 2) : versions;
          const [deleted, ...answers] = await Promise.all([
            trial % 2 === 0
              ? call(1, 'DELETE', `model_versions/${versions[1]?.id}`)
              : call(1, 'DELETE', `registered_models/${model.id}`),
            ...versions.flatMap((version, v) =>
              [0, 1].map((k) =>
                call(v + k, 'POST', `model_versions/${version.id}/artifacts`, {
                  artifactType: 'model-artifact',
                  name: `a${k}`,
                  uri: `s3://race/${trial}/${v}/${k}`,
                }),
              ),
            ),
          ]);
          expect(deleted?.status, `trial ${trial}: ${JSON.stringify(deleted?.body)}`).toBe(204);
          const doomedIds = new Set(doomed.map((version) => version.id));
          answers.forEach((answer, i) => {
            const versionId = versions[Math.floor(i / 2)]?.id ?? '';
            const why = `trial ${trial}, artifact ${i}: ${JSON.stringify(answer.body)}`;
            // Refused only where its version went: not found, or gone while it waited for the lock.
            if (!doomedIds.has(versionId)) expect(answer.status, why).toBe(201);
            else if (answer.status !== 201)
              expect(`${answer.status} ${String(answer.body['errorCode'])}`, why).toMatch(
                /^(404 MODEL_VERSION_NOT_FOUND|409 ARTIFACT_REFERENCE_CONFLICT)$/,
              );
          });
          // In commit order: each artifact answered 201 has one create event, before its version's
          // delete when its version was deleted; a refused one has none.
          const events = (await call<List>(0, 'GET', 'audit_events?pageSize=200')).body.items.reverse();
          const position = (action: string, entityId: string) =>
            events.flatMap((e, at) => (e['action'] === action && e['entityId'] === entityId ? [at] : []));
          const deleteAt = position(
            trial % 2 === 0 ? 'delete modelVersion' : 'delete registeredModel',
            trial % 2 === 0 ? (versions[1]?.id ?? '') : model.id,
          );
          expect(deleteAt, `trial ${trial}`).toHaveLength(1);
          const createdUnder = events.filter((e) => {
            if (e['action'] !== 'create artifact') return false;
            const detail = JSON.parse(String(e['detail'])) as { after?: { modelVersionId?: string } };
            return versions.some((version) => version.id === String(detail.after?.modelVersionId));
          });
          expect(createdUnder.length, `trial ${trial}`).toBe(answers.filter((a) => a.status === 201).length);
          answers.forEach((answer, i) => {
            if (answer.status !== 201) return;
            const at = position('create artifact', String(answer.body.id));
            expect(at, `trial ${trial}, artifact ${i}`).toHaveLength(1);
            if (doomedIds.has(versions[Math.floor(i / 2)]?.id ?? ''))
              expect(at[0], `trial ${trial}, artifact ${i}`).toBeLessThan(deleteAt[0] ?? -1);
          });
          // And what is left agrees: the artifacts of the versions that stay, none of the others.
          for (const [v, version] of versions.entries()) {
            const listed = await call<List>(v, 'GET', `model_versions/${version.id}/artifacts`);
            const made = answers.slice(2 * v, 2 * v + 2).filter((a) => a.status === 201);
            if (doomedIds.has(version.id)) expect(listed.status).toBe(404);
            else
              expect(listed.body.items.map((a) => a.id).sort()).toEqual(
                made.map((a) => String(a.body.id)).sort(),
              );
          }
        }
      });

      it('agrees on where an alias points after every round of concurrent moves: the alias, the list and the history', async () => {
        const { model, versions } = await newModel(5);
        let seed = 16;
        const random = (n: number) => {
          seed = (seed * 1103515245 + 12345) % 2 ** 31;
          return Math.floor(seed / 65_536) % n;
        };
        for (let round = 0; round < ALIAS_ROUNDS; round++) {
          const answers = await Promise.all(
            Array.from({ length: MOVES_PER_ROUND }, (_, i) =>
              call(i, 'PUT', `registered_models/${model.id}/aliases/champion`, {
                modelVersionId: versions[random(versions.length)]?.id,
              }),
            ),
          );
          expect(answers.map((a) => a.status)).toEqual(Array<number>(MOVES_PER_ROUND).fill(200));
          const history = (
            await call<List>(round, 'GET', `registered_models/${model.id}/alias_history?alias=champion`)
          ).body.items;
          expect(history).toHaveLength((round + 1) * MOVES_PER_ROUND);
          // The alias, the list and the last move of the history (newest first) agree, on every replica.
          const last: Entity | undefined = history[0];
          for (let i = 0; i < replicas.length; i++) {
            const now = (await call(i, 'GET', `registered_models/${model.id}/aliases/champion`)).body;
            const listed = (await call<List>(i, 'GET', `registered_models/${model.id}/aliases`)).body.items;
            expect(
              [
                now['id'],
                now['modelVersionId'],
                listed.find((a) => a['alias'] === 'champion')?.['modelVersionId'],
              ],
              `round ${round}, replica ${i}`,
            ).toEqual([last?.['id'], last?.['modelVersionId'], last?.['modelVersionId']]);
          }
          const replayed = replayAlias(history);
          expect(replayed.violations, `round ${round}`).toEqual([]);
          expect(replayed.target).toBe(last?.['modelVersionId']);
        }
        // The audit trail, in its own commit order, tells the same story: each move from where the last left it.
        const events = (
          await call<List>(
            0,
            'GET',
            `audit_events?entityType=registeredModel&entityId=${model.id}&pageSize=1000`,
          )
        ).body.items.reverse();
        expect(replayAliasAudit(events, 'champion')).toEqual([]);
        expect(events.filter((e) => String(e['detail']).includes('"aliases"'))).toHaveLength(
          ALIAS_ROUNDS * MOVES_PER_ROUND,
        );
      });
    },
  );
}
