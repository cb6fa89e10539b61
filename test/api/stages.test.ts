import { loadServerConfig } from '@modelreg/server';
import { describe, expect, it } from 'vitest';
import { startHarness } from '../support/registry-harness.js';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

describeEachDatabase('stages of model versions', (api) => {
  const newModel = async () =>
    (await api().post<Entity>('registered_models', { name: unique('staged') })).body;
  const newVersion = async (modelId: string, name = unique('v')) =>
    (await api().post<Entity>('model_versions', { name, registeredModelId: modelId })).body;
  const move = (id: string, stage: string, extra: Record<string, unknown> = {}) =>
    api().post<Entity>(`model_versions/${id}/stage`, { stage, ...extra });

  it('starts every version in Development and allows each default move, refusing the others with 409', async () => {
    const model = await newModel();
    const version = await newVersion(model.id);
    expect(version).toMatchObject({ stage: 'Development', state: 'LIVE' });
    const allowed: [string, string][] = [
      ['Development', 'Staging'],
      ['Staging', 'Production'],
      ['Production', 'Archived'],
      ['Archived', 'Development'],
      ['Development', 'Production'],
      ['Production', 'Archived'],
      ['Archived', 'Development'],
      ['Development', 'Archived'],
    ];
    for (const [from, to] of allowed) {
      const moved = await move(version.id, to);
      expect(moved.status, `${from} -> ${to}`).toBe(200);
      expect(moved.body['stage']).toBe(to);
      expect(moved.body['state']).toBe(to === 'Archived' ? 'ARCHIVED' : 'LIVE');
    }
    const refused: [string, string][] = [
      ['Archived', 'Staging'],
      ['Archived', 'Production'],
      ['Archived', 'Archived'],
    ];
    for (const [from, to] of refused) {
      const response = await move(version.id, to);
      expect(response.status, `${from} -> ${to}`).toBe(409);
      expect(response.body['errorCode']).toBe('STAGE_TRANSITION_NOT_ALLOWED');
      expect(String(response.body['message'])).toContain('it may move to Development');
    }
    await move(version.id, 'Development');
    await move(version.id, 'Production');
    const backwards = await move(version.id, 'Staging');
    expect(backwards.status).toBe(409);
    expect(String(backwards.body['message'])).toContain('from Production to Staging');
    expect((await move(version.id, 'Shipped')).status).toBe(400);
    expect((await move('987654321', 'Staging')).status).toBe(404);
  });

  it('archives or demotes the other versions in the target stage when asked, and keeps them by default', async () => {
    const model = await newModel();
    const [a, b, c, d] = [
      await newVersion(model.id, 'a'),
      await newVersion(model.id, 'b'),
      await newVersion(model.id, 'c'),
      await newVersion(model.id, 'd'),
    ];
    await move(a.id, 'Production');
    await move(b.id, 'Production');
    const stages = async () =>
      Object.fromEntries(
        (await api().get<List>(`registered_models/${model.id}/versions?orderBy=NAME`)).body.items.map((v) => [
          v.name,
          v['stage'],
        ]),
      );
    expect(await stages()).toMatchObject({ a: 'Production', b: 'Production' });
    expect((await move(c.id, 'Production', { others: 'archive', comment: 'c wins' })).status).toBe(200);
    expect(await stages()).toEqual({ a: 'Archived', b: 'Archived', c: 'Production', d: 'Development' });
    expect((await move(d.id, 'Production', { others: 'demote' })).status).toBe(200);
    expect(await stages()).toEqual({ a: 'Archived', b: 'Archived', c: 'Staging', d: 'Production' });
    const archivedA = await api().get<Entity>(`model_versions/${a.id}`);
    expect(archivedA.body['state']).toBe('ARCHIVED');
  });

  it('keeps the Kubeflow state and the stage one fact through PATCH, and a PATCH cannot set a stage', async () => {
    const model = await newModel();
    const version = await newVersion(model.id);
    await move(version.id, 'Staging');
    const archived = await api().patch<Entity>(`model_versions/${version.id}`, { state: 'ARCHIVED' });
    expect(archived.body).toMatchObject({ state: 'ARCHIVED', stage: 'Archived' });
    const restored = await api().patch<Entity>(`model_versions/${version.id}`, { state: 'LIVE' });
    expect(restored.body).toMatchObject({ state: 'LIVE', stage: 'Development' });
    const sneaky = await api().patch(`model_versions/${version.id}`, { stage: 'Production' });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body['errorCode']).toBe('STAGE_CHANGE_NEEDS_TRANSITION');
    // Sending back what was read is fine.
    expect(
      (await api().patch(`model_versions/${version.id}`, { stage: 'Development', author: 'x' })).status,
    ).toBe(200);
    const bornArchived = await api().post<Entity>('model_versions', {
      name: unique('old'),
      registeredModelId: model.id,
      state: 'ARCHIVED',
    });
    expect(bornArchived.body).toMatchObject({ state: 'ARCHIVED', stage: 'Archived' });
    expect(
      (
        await api().post('model_versions', {
          name: unique('x'),
          registeredModelId: model.id,
          stage: 'Production',
        })
      ).status,
    ).toBe(400);
    const inProduction = await api().get<List>(
      `model_versions?filterQuery=${encodeURIComponent(`stage = 'Archived' AND registeredModelId = ${model.id}`)}`,
    );
    expect(inProduction.body.items.map((v) => v.id)).toEqual([bornArchived.body.id]);
  });

  it('moves from the stage the caller saw (from), and refuses with 409 naming the stage the version is in now', async () => {
    const model = await newModel();
    const version = await newVersion(model.id);
    const refused = await move(version.id, 'Production', { from: 'Staging' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errorCode: 'STAGE_MISMATCH' });
    expect(String(refused.body['message'])).toMatch(/is in Development, not Staging/);
    expect((await move(version.id, 'Staging', { from: 'Development' })).status).toBe(200);
    // A second client that also saw Development does not move it again.
    const late = await move(version.id, 'Production', { from: 'Development' });
    expect(late.status).toBe(409);
    expect(String(late.body['message'])).toMatch(/is in Staging, not Development/);
    const history = await api().get<List>(`model_versions/${version.id}/stage_history`);
    expect(history.body.items.map((t) => [t['fromStage'], t['toStage']])).toEqual([
      ['Development', 'Staging'],
    ]);
    expect((await move(version.id, 'Production', { from: 'Bogus' })).status).toBe(400);
  });

  it('keeps the history of moves per version and per model: who, when, from, to and why', async () => {
    const model = await newModel();
    const version = await newVersion(model.id);
    const other = await newVersion(model.id);
    await move(version.id, 'Staging', { comment: 'passed offline eval' });
    await move(version.id, 'Production', { comment: 'A/B test won' });
    await move(other.id, 'Archived');
    const history = await api().get<List>(`model_versions/${version.id}/stage_history`);
    expect(history.body.items.map((t) => [t['fromStage'], t['toStage'], t['comment']])).toEqual([
      ['Staging', 'Production', 'A/B test won'],
      ['Development', 'Staging', 'passed offline eval'],
    ]);
    expect(history.body.items[0]).toMatchObject({
      actor: 'anonymous',
      modelVersionId: version.id,
      registeredModelId: model.id,
    });
    expect(Number(history.body.items[0]?.['timeSinceEpoch'])).toBeGreaterThan(0);
    const forModel = await api().get<List>(`registered_models/${model.id}/stage_history`);
    expect(forModel.body.items).toHaveLength(3);
    const audit = await api().get<List>(
      `audit_events?entityType=modelVersion&entityId=${version.id}&action=${encodeURIComponent('transition modelVersion')}`,
    );
    expect(audit.body.items).toHaveLength(2);
    expect((await api().del(`model_versions/${version.id}`)).status).toBe(204);
    expect((await api().get<List>(`registered_models/${model.id}/stage_history`)).body.items).toHaveLength(1);
  });
});

describe('configured stage transitions', () => {
  it('allow exactly the configured moves', async () => {
    const h = await startHarness('sqlite', {
      config: { stageTransitions: 'Development>Staging, Staging>Production, Production>Archived' },
    });
    try {
      const model = await h.post<Entity>('registered_models', { name: 'strict' });
      const version = await h.post<Entity>('model_versions', {
        name: 'v1',
        registeredModelId: model.body.id,
      });
      const move = (stage: string) => h.post(`model_versions/${version.body.id}/stage`, { stage });
      expect((await move('Production')).status).toBe(409);
      expect((await move('Archived')).status).toBe(409);
      expect((await move('Staging')).status).toBe(200);
      expect((await move('Production')).status).toBe(200);
      expect((await move('Archived')).status).toBe(200);
      const stuck = await move('Development');
      expect(stuck.status).toBe(409);
      expect(String(stuck.body['message'])).toContain('it may move to nothing');
    } finally {
      await h.close();
    }
  });

  it('refuse a malformed rule at start-up, naming it', () => {
    expect(() => loadServerConfig({ stageTransitions: 'Development->Staging' }, {})).toThrow(
      /stageTransitions/,
    );
    expect(() => loadServerConfig({ stageTransitions: 'Dev>Prod' }, {})).toThrow(/Dev>Prod/);
  });
});
