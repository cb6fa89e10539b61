import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';

type Entity = Record<string, unknown> & { id: string; name: string };

describeEachDatabase('promotion policies', (api) => {
  it('refuses a move until the version records the lineage the policy requires', async () => {
    const name = unique('lineage-guarded');
    const registered = await api().post<{ modelVersion: Entity; registeredModel: Entity }>('registrations', {
      registeredModel: { name },
      modelVersion: { name: 'v1' },
    });
    const model = registered.body.registeredModel;
    const version = registered.body.modelVersion;
    await api().request('PUT', `registered_models/${model.id}/policies/Staging`, {
      conditions: [{ type: 'lineage', require: ['dataset', 'code'] }],
    });
    const refused = await api().post(`model_versions/${version.id}/stage`, { stage: 'Staging' });
    expect(refused.status).toBe(412);
    expect(String(refused.body['message'])).toContain('lineage must record dataset, code');
    await api().post(`model_versions/${version.id}/artifacts`, {
      artifactType: 'dataset-artifact',
      name: 'train',
      uri: 's3://data/train',
    });
    const stillRefused = await api().post(`model_versions/${version.id}/stage`, { stage: 'Staging' });
    expect(String(stillRefused.body['message'])).toContain('lineage must record code');
    await api().request('PUT', `model_versions/${version.id}/lineage`, { code: { commit: 'abc123' } });
    expect((await api().post(`model_versions/${version.id}/stage`, { stage: 'Staging' })).status).toBe(200);
    const bad = await api().request('PUT', `registered_models/${model.id}/policies/Production`, {
      conditions: [{ type: 'lineage', require: ['vibes'] }],
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a move with 412 naming every unmet condition, and allows it once they are met', async () => {
    const model = (await api().post<Entity>('registered_models', { name: unique('guarded') })).body;
    const version = (
      await api().post<Entity>('model_versions', {
        name: 'v1',
        registeredModelId: model.id,
        customProperties: { accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.85 } },
      })
    ).body;
    const set = await api().request<{ items: Entity[] }>(
      'PUT',
      `registered_models/${model.id}/policies/Production`,
      {
        conditions: [
          { type: 'metric', name: 'accuracy', op: '>=', value: 0.9 },
          { type: 'property', name: 'dataset' },
          { type: 'metric', name: 'latency_ms', op: '<', value: 50 },
        ],
      },
    );
    expect(set.status).toBe(200);
    expect(set.body.items.map((p) => p['stage'])).toEqual(['Production']);
    const refused = await api().post(`model_versions/${version.id}/stage`, { stage: 'Production' });
    expect(refused.status).toBe(412);
    expect(refused.body['errorCode']).toBe('PROMOTION_POLICY_NOT_MET');
    const message = String(refused.body['message']);
    expect(message).toContain('accuracy >= 0.9 (it is 0.85)');
    expect(message).toContain('property dataset is required');
    expect(message).toContain('latency_ms < 50 (no such metric)');
    expect((await api().get<Entity>(`model_versions/${version.id}`)).body['stage']).toBe('Development');
    // Staging has no policy.
    expect((await api().post(`model_versions/${version.id}/stage`, { stage: 'Staging' })).status).toBe(200);

    await api().patch(`model_versions/${version.id}`, {
      customProperties: {
        accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.93 },
        dataset: { metadataType: 'MetadataStringValue', string_value: 's3://data/v3' },
      },
    });
    // A metric artifact of the version counts as well.
    await api().post(`model_versions/${version.id}/artifacts`, {
      artifactType: 'metric',
      name: 'latency_ms',
      value: 31,
    });
    expect((await api().post(`model_versions/${version.id}/stage`, { stage: 'Production' })).status).toBe(
      200,
    );

    expect(
      (await api().request('PUT', `registered_models/${model.id}/policies/Production`, { conditions: [] }))
        .status,
    ).toBe(200);
    expect(
      (await api().get<{ items: unknown[] }>(`registered_models/${model.id}/policies`)).body.items,
    ).toEqual([]);
    expect(
      (
        await api().request('PUT', `registered_models/${model.id}/policies/Production`, {
          conditions: [{ type: 'vibes' }],
        })
      ).status,
    ).toBe(400);
    expect(
      (await api().request('PUT', `registered_models/${model.id}/policies/Shipped`, { conditions: [] }))
        .status,
    ).toBe(400);
  });
});

describe('approvals by distinct users', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('count each user once, and let the move through at the required number', async () => {
    const admin = await h.createToken({ name: 'admin', role: 'admin' });
    const [alice, bob] = [
      await h.createToken({ name: 'alice', role: 'promoter' }),
      await h.createToken({ name: 'bob', role: 'promoter' }),
    ];
    const as = (token: string) => (method: string, path: string, body?: unknown) =>
      h.request(method, path, body, { authorization: `Bearer ${token}` });
    const model = (await as(admin)('POST', 'registered_models', { name: 'needs-two' })).body;
    const version = (
      await as(admin)('POST', 'model_versions', { name: 'v1', registeredModelId: model['id'] })
    ).body;
    await as(admin)('PUT', `registered_models/${String(model['id'])}/policies/Production`, {
      conditions: [{ type: 'approvals', count: 2 }],
    });
    const move = () =>
      as(alice)('POST', `model_versions/${String(version['id'])}/stage`, { stage: 'Production' });
    expect((await move()).status).toBe(412);
    await as(alice)('POST', `model_versions/${String(version['id'])}/approvals`, {
      stage: 'Production',
      comment: 'looks good',
    });
    const twice = await as(alice)('POST', `model_versions/${String(version['id'])}/approvals`, {
      stage: 'Production',
    });
    expect(twice.body['size']).toBe(1);
    const stillRefused = await move();
    expect(stillRefused.status).toBe(412);
    expect(String(stillRefused.body['message'])).toContain('2 approvals by distinct users (it has 1)');
    await as(bob)('POST', `model_versions/${String(version['id'])}/approvals`, { stage: 'Production' });
    expect((await move()).status).toBe(200);
    // A promoter may approve but not set policies.
    expect(
      (await as(bob)('PUT', `registered_models/${String(model['id'])}/policies/Staging`, { conditions: [] }))
        .status,
    ).toBe(403);
  });
});
