import { expect, it } from 'vitest';
import { aModelVersion, aRegisteredModel, stringProperty, unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; size: number; nextPageToken: string };

describeEachDatabase('serving environments, inference services and serve models', (api) => {
  const setup = async () => {
    const model = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const v1 = (await api().post<Entity>('model_versions', aModelVersion(model.id, { name: '1' }))).body;
    api().advanceClock(3);
    const v2 = (await api().post<Entity>('model_versions', aModelVersion(model.id, { name: '2' }))).body;
    const env = (await api().post<Entity>('serving_environments', { name: unique('ns') })).body;
    return { model, v1, v2, env };
  };

  it('manages serving environments', async () => {
    const created = await api().post<Entity>('serving_environments', {
      name: unique('ns'),
      externalId: unique('x'),
      description: 'd',
    });
    expect(created.status).toBe(201);
    expect((await api().get<Entity>(`serving_environments/${created.body.id}`)).body).toEqual(created.body);
    expect((await api().get<Entity>(`serving_environment?name=${created.body.name}`)).body.id).toBe(
      created.body.id,
    );
    expect((await api().get('serving_environment?name=nope')).status).toBe(404);
    const patched = await api().patch<Entity>(`serving_environments/${created.body.id}`, {
      description: 'e',
    });
    expect(patched.body['description']).toBe('e');
    const listed = await api().get<List>('serving_environments');
    expect(listed.body.items.map((e) => e.id)).toContain(created.body.id);
    expect((await api().post('serving_environments', { name: created.body.name })).status).toBe(409);
  });

  it('creates inference services with 200 at the top level and 201 nested, as the reference says', async () => {
    const { model, v1, env } = await setup();
    const top = await api().post<Entity>('inference_services', {
      name: 'isvc-a',
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
      runtime: 'kserve',
      customProperties: { url: stringProperty('http://a') },
    });
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({
      desiredState: 'DEPLOYED',
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
    });
    expect(top.body).not.toHaveProperty('modelVersionId');
    const nested = await api().post<Entity>(`serving_environments/${env.id}/inference_services`, {
      name: 'isvc-b',
      registeredModelId: model.id,
      modelVersionId: v1.id,
    });
    expect(nested.status).toBe(201);
    expect(nested.body['servingEnvironmentId']).toBe(env.id);
    expect((await api().post('inference_services', { registeredModelId: model.id })).status).toBe(400);
    expect(
      (
        await api().post('inference_services', {
          registeredModelId: '987654321',
          servingEnvironmentId: env.id,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api().post(`serving_environments/${env.id}/inference_services`, {
          name: 'isvc-a',
          registeredModelId: model.id,
        })
      ).status,
    ).toBe(409);

    const found = await api().get<Entity>(`inference_service?name=isvc-a&parentResourceId=${env.id}`);
    expect(found.body.id).toBe(top.body.id);
    const inEnv = await api().get<List>(`serving_environments/${env.id}/inference_services`);
    expect(inEnv.body.items.map((i) => i.id)).toEqual([top.body.id, nested.body.id]);
    const byName = await api().get<List>(`serving_environments/${env.id}/inference_services?name=isvc-b`);
    expect(byName.body.items.map((i) => i.id)).toEqual([nested.body.id]);
    const all = await api().get<List>('inference_services');
    expect(all.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([top.body.id, nested.body.id]));
    expect((await api().get<Entity>(`inference_services/${top.body.id}`)).body).toEqual(top.body);
    const undeployed = await api().patch<Entity>(`inference_services/${top.body.id}`, {
      desiredState: 'UNDEPLOYED',
    });
    expect(undeployed.body['desiredState']).toBe('UNDEPLOYED');
    expect((await api().get<Entity>(`inference_services/${top.body.id}/model`)).body.id).toBe(model.id);
  });

  it('answers /version with the pinned version, else the newest version of the model', async () => {
    const { model, v1, v2, env } = await setup();
    const floating = await api().post<Entity>('inference_services', {
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
    });
    expect((await api().get<Entity>(`inference_services/${floating.body.id}/version`)).body.id).toBe(v2.id);
    const pinned = await api().patch<Entity>(`inference_services/${floating.body.id}`, {
      modelVersionId: v1.id,
    });
    expect(pinned.body['modelVersionId']).toBe(v1.id);
    expect((await api().get<Entity>(`inference_services/${floating.body.id}/version`)).body.id).toBe(v1.id);
    const other = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const foreign = await api().patch(`inference_services/${floating.body.id}`, {
      modelVersionId: (await api().post<Entity>('model_versions', aModelVersion(other.id))).body.id,
    });
    expect(foreign.status).toBe(400);
    const empty = (await api().post<Entity>('registered_models', aRegisteredModel())).body;
    const none = await api().post<Entity>('inference_services', {
      registeredModelId: empty.id,
      servingEnvironmentId: env.id,
    });
    expect((await api().get(`inference_services/${none.body.id}/version`)).status).toBe(404);
    expect((await api().get('inference_services/987654321/version')).status).toBe(404);
    expect((await api().get('inference_services/987654321/model')).status).toBe(404);
  });

  it('records serve models under an inference service', async () => {
    const { model, v1, env } = await setup();
    const isvc = (
      await api().post<Entity>('inference_services', {
        registeredModelId: model.id,
        servingEnvironmentId: env.id,
      })
    ).body;
    const serve = await api().post<Entity>(`inference_services/${isvc.id}/serves`, {
      modelVersionId: v1.id,
      name: 'deploy-1',
    });
    expect(serve.status).toBe(201);
    expect(serve.body).toMatchObject({ modelVersionId: v1.id, lastKnownState: 'UNKNOWN', name: 'deploy-1' });
    const running = await api().patch<Entity>(`serve_models/${serve.body.id}`, { lastKnownState: 'RUNNING' });
    expect(running.body['lastKnownState']).toBe('RUNNING');
    expect((await api().get<Entity>(`serve_models/${serve.body.id}`)).body['lastKnownState']).toBe('RUNNING');
    const listed = await api().get<List>(`inference_services/${isvc.id}/serves`);
    expect(listed.body.items.map((s) => s.id)).toEqual([serve.body.id]);
    expect((await api().get<List>(`inference_services/${isvc.id}/serves?name=nope`)).body.items).toEqual([]);
    expect((await api().post(`inference_services/${isvc.id}/serves`, {})).status).toBe(400);
    expect(
      (await api().post(`inference_services/${isvc.id}/serves`, { modelVersionId: '987654321' })).status,
    ).toBe(404);
    expect((await api().post('inference_services/987654321/serves', { modelVersionId: v1.id })).status).toBe(
      404,
    );
    // Deleting the environment takes its inference services and their serve models with it.
    expect((await api().del(`serving_environments/${env.id}`)).status).toBe(204);
    expect((await api().get(`inference_services/${isvc.id}`)).status).toBe(404);
    expect((await api().get(`serve_models/${serve.body.id}`)).status).toBe(404);
  });
});
