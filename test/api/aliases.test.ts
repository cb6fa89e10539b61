import { expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

describeEachDatabase('aliases', (api) => {
  const setup = async () => {
    const model = (await api().post<Entity>('registered_models', { name: unique('aliased') })).body;
    const v1 = (await api().post<Entity>('model_versions', { name: '1', registeredModelId: model.id })).body;
    const v2 = (await api().post<Entity>('model_versions', { name: '2', registeredModelId: model.id })).body;
    return { model, v1, v2 };
  };
  const aliases = async (modelId: string) =>
    Object.fromEntries(
      (await api().get<List>(`registered_models/${modelId}/aliases`)).body.items.map((a) => [
        a['alias'],
        a['modelVersionId'],
      ]),
    );

  it('points each alias at exactly one version of its model, moves it, and resolves name@alias in find', async () => {
    const { model, v1, v2 } = await setup();
    const set = await api().request<Entity>('PUT', `registered_models/${model.id}/aliases/champion`, {
      modelVersionId: v1.id,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ alias: 'champion', modelVersionId: v1.id });
    await api().request('PUT', `registered_models/${model.id}/aliases/champion`, { modelVersionId: v2.id });
    expect(await aliases(model.id)).toEqual({ champion: v2.id });
    const found = await api().get<Entity>(
      `model_version?name=${encodeURIComponent('@champion')}&parentResourceId=${model.id}`,
    );
    expect(found.body.id).toBe(v2.id);
    expect(
      (await api().get(`model_version?name=${encodeURIComponent('@nobody')}&parentResourceId=${model.id}`))
        .status,
    ).toBe(404);

    const other = (await api().post<Entity>('registered_models', { name: unique('other') })).body;
    const foreign = await api().request('PUT', `registered_models/${other.id}/aliases/champion`, {
      modelVersionId: v1.id,
    });
    expect(foreign.status).toBe(400);
    expect(
      (
        await api().request(
          'PUT',
          `registered_models/${model.id}/aliases/${encodeURIComponent('bad alias')}`,
          { modelVersionId: v1.id },
        )
      ).status,
    ).toBe(400);
    expect(
      (await api().request('PUT', `registered_models/${model.id}/aliases/x`, { modelVersionId: '987654321' }))
        .status,
    ).toBe(404);
    expect((await api().del(`registered_models/${model.id}/aliases/nobody`)).status).toBe(404);
  });

  it('moves several aliases in one transaction: all of them or none', async () => {
    const { model, v1, v2 } = await setup();
    await api().post(`registered_models/${model.id}/aliases`, {
      aliases: { champion: v1.id, challenger: v2.id },
    });
    const swapped = await api().post<List>(`registered_models/${model.id}/aliases`, {
      aliases: { champion: v2.id, challenger: v1.id },
    });
    expect(swapped.status).toBe(200);
    expect(await aliases(model.id)).toEqual({ champion: v2.id, challenger: v1.id });
    // One bad move refuses the whole request.
    const refused = await api().post(`registered_models/${model.id}/aliases`, {
      aliases: { champion: v1.id, 'no good': v2.id },
    });
    expect(refused.status).toBe(400);
    expect(await aliases(model.id)).toEqual({ champion: v2.id, challenger: v1.id });
    const removed = await api().post<List>(`registered_models/${model.id}/aliases`, {
      aliases: { challenger: null },
    });
    expect(removed.body.items.map((a) => a['alias'])).toEqual(['champion']);
  });

  it('answers which version held an alias at a time, from its history', async () => {
    const { model, v1, v2 } = await setup();
    const pause = () => api().advanceClock(15);
    await api().request('PUT', `registered_models/${model.id}/aliases/production`, { modelVersionId: v1.id });
    pause();
    const t1 = api().now();
    pause();
    await api().request('PUT', `registered_models/${model.id}/aliases/production`, { modelVersionId: v2.id });
    pause();
    const t2 = api().now();
    pause();
    await api().del(`registered_models/${model.id}/aliases/production`);
    const at = async (t: number) =>
      api().get<Entity>(`registered_models/${model.id}/aliases/production?at=${t}`);
    expect((await at(t1)).body['modelVersionId']).toBe(v1.id);
    expect((await at(t2)).body['modelVersionId']).toBe(v2.id);
    expect((await at(api().now())).status).toBe(404);
    expect((await at(0)).status).toBe(404);
    const history = await api().get<List>(`registered_models/${model.id}/alias_history?alias=production`);
    expect(history.body.items.map((m) => m['modelVersionId'] ?? null)).toEqual([null, v2.id, v1.id]);
    expect(history.body.items[0]).toMatchObject({ actor: 'anonymous', alias: 'production' });
  });

  it('drops the aliases of a deleted version, keeping their history', async () => {
    const { model, v1 } = await setup();
    await api().request('PUT', `registered_models/${model.id}/aliases/canary`, { modelVersionId: v1.id });
    expect((await api().del(`model_versions/${v1.id}`)).status).toBe(204);
    expect(await aliases(model.id)).toEqual({});
    const history = await api().get<List>(`registered_models/${model.id}/alias_history`);
    expect(history.body.items).toHaveLength(2);
  });
});
