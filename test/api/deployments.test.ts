import { expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

describeEachDatabase('deployment history and what is in production', (api) => {
  it('records deployments in one call as Kubeflow entities and as history, and answers what is in production', async () => {
    const model = (await api().post<Entity>('registered_models', { name: unique('served') })).body;
    const v1 = (await api().post<Entity>('model_versions', { name: '1', registeredModelId: model.id })).body;
    const v2 = (await api().post<Entity>('model_versions', { name: '2', registeredModelId: model.id })).body;
    await api().post(`model_versions/${v1.id}/stage`, { stage: 'Production' });
    const deploy = (version: string, environment: string, action = 'deploy', endpoint?: string) =>
      api().post<Entity>(`registered_models/${model.id}/deployments`, {
        modelVersionId: version,
        environment,
        action,
        ...(endpoint === undefined ? {} : { endpoint }),
        comment: `${action} ${version}`,
      });
    const first = await deploy(v1.id, 'prod-eu', 'deploy', 'https://eu.example/v1');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      action: 'deploy',
      environment: 'prod-eu',
      actor: 'anonymous',
      modelVersionId: v1.id,
    });
    await deploy(v1.id, 'prod-us', 'deploy', 'https://us.example/v1');

    // The Kubeflow view: a serving environment and an inference service pinned to the version.
    const env = await api().get<Entity>('serving_environment?name=prod-eu');
    const isvc = await api().get<Entity>(
      `inference_service?name=${model.name}&parentResourceId=${env.body.id}`,
    );
    expect(isvc.body).toMatchObject({ modelVersionId: v1.id, desiredState: 'DEPLOYED' });
    expect(isvc.body['customProperties']).toMatchObject({ url: { string_value: 'https://eu.example/v1' } });

    const production = await api().get<List>(`production?registeredModelId=${model.id}`);
    expect(production.body.items).toHaveLength(1);
    expect(production.body.items[0]).toMatchObject({
      modelVersionId: v1.id,
      version: '1',
      model: model.name,
    });
    const where = (production.body.items[0]?.['deployments'] as Entity[]).map((d) => [
      d['environment'],
      d['endpoint'],
    ]);
    expect(where.sort()).toEqual([
      ['prod-eu', 'https://eu.example/v1'],
      ['prod-us', 'https://us.example/v1'],
    ]);

    // Roll out v2 in the EU: the same inference service now serves v2; v1 stays in the US.
    await api().post(`model_versions/${v2.id}/stage`, { stage: 'Production' });
    await deploy(v2.id, 'prod-eu', 'deploy', 'https://eu.example/v2');
    await deploy(v1.id, 'prod-us', 'undeploy');
    const now = await api().get<List>(`production?registeredModelId=${model.id}`);
    const byVersion = Object.fromEntries(
      now.body.items.map((i) => [i['version'], (i['deployments'] as Entity[]).map((d) => d['environment'])]),
    );
    expect(byVersion).toEqual({ '1': [], '2': ['prod-eu'] });

    const history = await api().get<List>(`registered_models/${model.id}/deployments`);
    expect(history.body.items.map((e) => [e['action'], e['version'], e['environment']])).toEqual([
      ['undeploy', '1', 'prod-us'],
      ['deploy', '2', 'prod-eu'],
      ['deploy', '1', 'prod-us'],
      ['deploy', '1', 'prod-eu'],
    ]);
    expect(history.body.items[0]).toMatchObject({ actor: 'anonymous', comment: `undeploy ${v1.id}` });

    const other = (await api().post<Entity>('registered_models', { name: unique('x') })).body;
    const foreign = await api().post(`registered_models/${other.id}/deployments`, {
      modelVersionId: v1.id,
      environment: 'prod-eu',
      action: 'deploy',
    });
    expect(foreign.status).toBe(400);
    expect(
      (
        await api().post(`registered_models/${model.id}/deployments`, {
          modelVersionId: v1.id,
          environment: 'x',
          action: 'explode',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses to undeploy a version that is not the one deployed, naming the one that is, and changes nothing', async () => {
    const model = (await api().post<Entity>('registered_models', { name: unique('rep') })).body;
    const a = (await api().post<Entity>('model_versions', { name: 'a', registeredModelId: model.id })).body;
    const b = (await api().post<Entity>('model_versions', { name: 'b', registeredModelId: model.id })).body;
    const record = (version: string, action: string, environment = 'us') =>
      api().post<Entity>(`registered_models/${model.id}/deployments`, {
        modelVersionId: version,
        environment,
        action,
      });
    const service = async () => {
      const env = await api().get<Entity>('serving_environment?name=us');
      return (await api().get<Entity>(`inference_service?name=${model.name}&parentResourceId=${env.body.id}`))
        .body;
    };
    expect((await record(a.id, 'deploy')).status).toBe(201);
    expect((await record(b.id, 'deploy')).status).toBe(201);
    const refused = await record(a.id, 'undeploy');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ errorCode: 'VERSION_NOT_DEPLOYED' });
    expect(String(refused.body['message'])).toMatch(
      new RegExp(`version 'a' of '${model.name}' is not deployed in us .*version 'b' is deployed there`),
    );
    expect(await service()).toMatchObject({ modelVersionId: b.id, desiredState: 'DEPLOYED' });
    const history = async () =>
      (await api().get<List>(`registered_models/${model.id}/deployments`)).body.items.map((e) => [
        e['action'],
        e['version'],
      ]);
    expect(await history()).toEqual([
      ['deploy', 'b'],
      ['deploy', 'a'],
    ]);

    // Undeploying the deployed version works once; then nothing is deployed there.
    expect((await record(b.id, 'undeploy')).status).toBe(201);
    expect(await service()).toMatchObject({ modelVersionId: b.id, desiredState: 'UNDEPLOYED' });
    const again = await record(b.id, 'undeploy');
    expect(again.status).toBe(409);
    expect(String(again.body['message'])).toMatch(/nothing is deployed there/);
    // An environment never deployed to is not created by an undeploy.
    expect((await record(a.id, 'undeploy', 'nowhere')).status).toBe(409);
    expect((await api().get('serving_environment?name=nowhere')).status).toBe(404);
    expect(await history()).toEqual([
      ['undeploy', 'b'],
      ['deploy', 'b'],
      ['deploy', 'a'],
    ]);
  });
});
