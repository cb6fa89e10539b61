import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// Two replicas on one database whose clocks are 5 s apart: the lifecycle histories are in commit
// order (their sequence), times never go back along it, and "now" is the last move, whichever
// replica is asked (docs/adr/0015-one-lock-per-model.md).

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

/** A history list (newest first): times never go back along it, and its sequence says the same order. */
function expectTimesNeverGoBack(items: readonly Entity[]) {
  const times = items.map((row) => Number(row['timeSinceEpoch'])).reverse();
  expect(times).toEqual([...times].sort((x, y) => x - y));
  const sequences = items.map((row) => Number(row['sequence'])).reverse();
  expect(sequences.every((sequence, i) => i === 0 || sequence > (sequences[i - 1] ?? 0))).toBe(true);
}

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`replica clocks apart [${target.name}]`, () => {
    const base = Date.now();
    let elapsed = 0;
    let ahead: RegistryHarness;
    let behind: RegistryHarness;
    beforeAll(async () => {
      ahead = await startHarness(target.name, { clock: () => base + elapsed });
      behind = await startHarness(target.name, {
        clock: () => base + elapsed - 5000,
        databaseUrl: ahead.config.db,
      });
    });
    afterAll(async () => {
      await behind?.close();
      await ahead?.close();
    });
    // Each request happens a millisecond after the one before, on either replica's clock.
    const on = (replica: RegistryHarness) => {
      elapsed += 1;
      return replica;
    };

    it('agree on where an alias points now and at a time, after moves by either replica', async () => {
      const model = (await on(ahead).post<Entity>('registered_models', { name: unique('skew') })).body;
      const versions: Entity[] = [];
      for (const name of ['v1', 'v2', 'v3']) {
        versions.push(
          (await on(ahead).post<Entity>('model_versions', { name, registeredModelId: model.id })).body,
        );
      }
      const moves: [RegistryHarness, number][] = [
        [ahead, 0],
        [behind, 1],
        [ahead, 2],
        [behind, 0],
        [behind, 2],
        [ahead, 1],
      ];
      for (const [replica, index] of moves) {
        const target = versions[index]?.id;
        const moved = await on(replica).request<Entity>(
          'PUT',
          `registered_models/${model.id}/aliases/champion`,
          { modelVersionId: target },
        );
        expect(moved.status).toBe(200);
        for (const reader of [ahead, behind]) {
          const now = await on(reader).get<Entity>(`registered_models/${model.id}/aliases/champion`);
          expect(now.body['modelVersionId']).toBe(target);
          const listed = await on(reader).get<List>(`registered_models/${model.id}/aliases`);
          expect(listed.body.items.find((a) => a.alias === 'champion')?.['modelVersionId']).toBe(target);
        }
        const history = (await on(behind).get<List>(`registered_models/${model.id}/alias_history`)).body
          .items;
        expect(history[0]?.['modelVersionId']).toBe(target);
        expectTimesNeverGoBack(history);
        // At the time the last move was recorded, the alias is where that move put it.
        const at = await on(behind).get<Entity>(
          `registered_models/${model.id}/aliases/champion?at=${String(history[0]?.['timeSinceEpoch'])}`,
        );
        expect(at.body['modelVersionId']).toBe(target);
      }
    });

    it('keep stage moves, deployments and the audit trail in commit order, times never going back', async () => {
      const model = (await on(ahead).post<Entity>('registered_models', { name: unique('skew') })).body;
      const v1 = (await on(ahead).post<Entity>('model_versions', { name: 'v1', registeredModelId: model.id }))
        .body;
      const v2 = (await on(ahead).post<Entity>('model_versions', { name: 'v2', registeredModelId: model.id }))
        .body;
      const auditBefore = (await on(ahead).get<List>('audit_events?pageSize=1')).body.items[0]?.id ?? '0';

      expect((await on(ahead).post(`model_versions/${v1.id}/stage`, { stage: 'Staging' })).status).toBe(200);
      expect((await on(behind).post(`model_versions/${v1.id}/stage`, { stage: 'Production' })).status).toBe(
        200,
      );
      expect(
        (await on(ahead).post(`model_versions/${v2.id}/stage`, { stage: 'Production', others: 'archive' }))
          .status,
      ).toBe(200);
      const stages = (await on(behind).get<List>(`registered_models/${model.id}/stage_history`)).body.items;
      expect(stages.map((t) => [t['modelVersionId'], t['fromStage'], t['toStage']])).toEqual([
        [v2.id, 'Development', 'Production'],
        [v1.id, 'Production', 'Archived'],
        [v1.id, 'Staging', 'Production'],
        [v1.id, 'Development', 'Staging'],
      ]);
      expectTimesNeverGoBack(stages);

      const deploy = (replica: RegistryHarness, version: string) =>
        on(replica).post(`registered_models/${model.id}/deployments`, {
          modelVersionId: version,
          environment: unique('env'),
          action: 'deploy',
        });
      for (const [replica, version] of [
        [ahead, v1.id],
        [behind, v2.id],
        [ahead, v2.id],
        [behind, v1.id],
      ] as const) {
        expect((await deploy(replica, version)).status).toBe(201);
      }
      const deployments = (await on(ahead).get<List>(`registered_models/${model.id}/deployments`)).body.items;
      expect(deployments.map((d) => d['modelVersionId'])).toEqual([v1.id, v2.id, v2.id, v1.id]);
      expectTimesNeverGoBack(deployments);

      // The audit trail: ids are the chain's order, and times never go back along it.
      const events = (await on(ahead).get<List>(`audit_events?pageSize=1000`)).body.items.filter(
        (e) => Number(e.id) > Number(auditBefore),
      );
      expect(events.length).toBeGreaterThan(8);
      const times = events.map((e) => Number(e['timeSinceEpoch'])).reverse();
      expect(times).toEqual([...times].sort((x, y) => x - y));
    });
  });
}
