import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';

// One registry behind two APIs: what the MLflow-compatible API changes, the Kubeflow API shows,
// and the reverse; one audit trail (with the request ids of either API) and one access control.

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };
const ML = '/api/2.0/mlflow';

describeEachDatabase('the MLflow and Kubeflow APIs over one registry', (api) => {
  const ml = (method: string, path: string, body?: unknown, requestId?: string) =>
    api().request<Record<string, unknown>>(
      method,
      `${ML}${path}`,
      body,
      requestId === undefined ? {} : { 'x-request-id': requestId },
    );
  const auditOf = async (requestId: string) =>
    (await api().get<List>(`audit_events?requestId=${requestId}&pageSize=1000`)).body.items;

  it('shows a version made through MLflow, with its stage, aliases, tags and audit events, through Kubeflow', async () => {
    expect(
      (await ml('POST', '/registered-models/create', { name: 'cross-ml' }, 'x-create-model')).status,
    ).toBe(200);
    const created = await ml(
      'POST',
      '/model-versions/create',
      { name: 'cross-ml', source: 's3://bucket/m', run_id: 'r1', tags: [{ key: 'team', value: 'nlp' }] },
      'x-create-version',
    );
    expect(created.body['model_version']).toMatchObject({ version: '1', status: 'READY' });
    await ml(
      'POST',
      '/model-versions/transition-stage',
      { name: 'cross-ml', version: '1', stage: 'staging' },
      'x-stage',
    );
    await ml(
      'POST',
      '/registered-models/alias',
      { name: 'cross-ml', alias: 'champion', version: '1' },
      'x-alias',
    );
    await ml(
      'POST',
      '/model-versions/set-tag',
      { name: 'cross-ml', version: '1', key: 'k', value: 'v' },
      'x-tag',
    );

    const model = (await api().get<Entity>('registered_model?name=cross-ml')).body;
    const version = (await api().get<Entity>(`model_version?name=1&parentResourceId=${model.id}`)).body;
    expect(version['stage']).toBe('Staging');
    expect(version['customProperties']).toMatchObject({
      team: { metadataType: 'MetadataStringValue', string_value: 'nlp' },
      k: { metadataType: 'MetadataStringValue', string_value: 'v' },
    });
    const aliases = (
      await api().get<{ items: { alias: string; modelVersionId: string }[] }>(
        `registered_models/${model.id}/aliases`,
      )
    ).body;
    expect(JSON.stringify(aliases)).toContain('champion');
    const artifacts = (await api().get<List>(`model_versions/${version.id}/artifacts`)).body.items;
    expect(artifacts.map((a) => a['uri'])).toContain('s3://bucket/m');
    for (const [requestId, action] of [
      ['x-create-model', 'create registeredModel'],
      ['x-create-version', 'create modelVersion'],
      ['x-stage', 'transition modelVersion'],
      ['x-alias', 'update registeredModel'],
      ['x-tag', 'update modelVersion'],
    ] as const) {
      const events = await auditOf(requestId);
      expect(
        events.map((e) => e['action']),
        requestId,
      ).toContain(action);
      for (const event of events) expect(event).toMatchObject({ requestId, outcome: 'success' });
    }
  });

  it('shows a version made through Kubeflow, with its stage, aliases and properties, through MLflow', async () => {
    const model = (await api().post<Entity>('registered_models', { name: 'cross-kf' })).body;
    const version = (
      await api().post<Entity>('model_versions', {
        name: '1',
        registeredModelId: model.id,
        description: 'from kubeflow',
        customProperties: { owner: { metadataType: 'MetadataStringValue', string_value: 'ana' } },
      })
    ).body;
    expect((await api().post(`model_versions/${version.id}/stage`, { stage: 'Production' })).status).toBe(
      200,
    );
    await api().request('PUT', `registered_models/${model.id}/aliases/prod`, { modelVersionId: version.id });

    const got = (await ml('GET', '/model-versions/get?name=cross-kf&version=1')).body['model_version'];
    expect(got).toMatchObject({
      name: 'cross-kf',
      version: '1',
      current_stage: 'Production',
      description: 'from kubeflow',
      tags: [{ key: 'owner', value: 'ana' }],
      aliases: ['prod'],
    });
    const byAlias = (await ml('GET', '/registered-models/alias?name=cross-kf&alias=prod')).body[
      'model_version'
    ];
    expect(byAlias).toMatchObject({ version: '1' });
    const latest = (
      await ml('POST', '/registered-models/get-latest-versions', { name: 'cross-kf', stages: ['production'] })
    ).body['model_versions'];
    expect(latest).toMatchObject([{ version: '1' }]);
    // MLflow numbers its next version after the highest numbered one.
    const next = await ml('POST', '/model-versions/create', { name: 'cross-kf' });
    expect(next.body['model_version']).toMatchObject({ version: '2', current_stage: 'None' });
  });

  it('never gives a deleted version number again, and keeps tags and aliases through a rename', async () => {
    await ml('POST', '/registered-models/create', { name: 'cross-del', tags: [{ key: 't', value: '1' }] });
    for (let i = 0; i < 3; i += 1) await ml('POST', '/model-versions/create', { name: 'cross-del' });
    await ml('POST', '/registered-models/alias', { name: 'cross-del', alias: 'best', version: '2' });
    expect((await ml('DELETE', '/model-versions/delete', { name: 'cross-del', version: '3' })).status).toBe(
      200,
    );
    const fourth = await ml('POST', '/model-versions/create', { name: 'cross-del' });
    expect(fourth.body['model_version']).toMatchObject({ version: '4' });
    const renamed = await ml('POST', '/registered-models/rename', {
      name: 'cross-del',
      new_name: 'cross-del-2',
    });
    expect(renamed.body['registered_model']).toMatchObject({
      name: 'cross-del-2',
      tags: [{ key: 't', value: '1' }],
      aliases: [{ alias: 'best', version: '2' }],
    });
    expect((await ml('GET', '/registered-models/get?name=cross-del')).body).toMatchObject({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
    });
    // Deleting what is not there: MLflow's client expects success.
    expect(
      (await ml('DELETE', '/registered-models/alias', { name: 'cross-del-2', alias: 'none' })).status,
    ).toBe(200);
    expect(
      (await ml('DELETE', '/model-versions/delete-tag', { name: 'cross-del-2', version: '1', key: 'no' }))
        .status,
    ).toBe(200);
  });

  it('keeps MLflow experiments and runs as the Kubeflow experiments and runs', async () => {
    const experimentId = (await ml('POST', '/experiments/create', { name: 'cross-exp' })).body[
      'experiment_id'
    ];
    expect((await ml('GET', '/experiments/get-by-name?experiment_name=cross-exp')).body).toMatchObject({
      experiment: { experiment_id: experimentId, name: 'cross-exp', lifecycle_stage: 'active' },
    });
    expect(await ml('GET', '/experiments/get-by-name?experiment_name=none-such')).toMatchObject({
      status: 404,
      body: { error_code: 'RESOURCE_DOES_NOT_EXIST' },
    });
    const created = await ml('POST', '/runs/create', {
      experiment_id: experimentId,
      run_name: 'r-1',
      start_time: 5,
    });
    const runId = String((created.body['run'] as { info: { run_id: string } }).info.run_id);
    await ml('POST', '/runs/log-batch', {
      run_id: runId,
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [{ key: 'acc', value: 0.9, timestamp: 7, step: 1 }],
      tags: [{ key: 'team', value: 'nlp' }],
    });
    await ml('POST', '/runs/update', { run_id: runId, status: 'FINISHED', end_time: 9 });
    const run = (await api().get<Entity>(`experiment_runs/${runId}`)).body;
    expect(run).toMatchObject({ experimentId, name: 'r-1', status: 'FINISHED', endTimeSinceEpoch: '9' });
    const artifacts = (await api().get<List>(`experiment_runs/${runId}/artifacts`)).body.items;
    expect(artifacts.map((a) => [a['artifactType'], a['name']]).sort()).toEqual([
      ['metric', 'acc'],
      ['parameter', 'lr'],
    ]);
    // A version registered from the run has the run as its lineage.
    await ml('POST', '/registered-models/create', { name: 'cross-run' });
    await ml('POST', '/model-versions/create', {
      name: 'cross-run',
      source: `runs:/${runId}/model`,
      run_id: runId,
    });
    const searched = await ml(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent(`run_id = '${runId}'`)}`,
    );
    expect(searched.body['model_versions']).toMatchObject([
      { name: 'cross-run', version: '1', run_id: runId },
    ]);
    const lineage = JSON.stringify((await api().get(`lineage?node=experimentRun:${runId}`)).body);
    expect(lineage).toContain('cross-run');
  });

  it('answers MLflow error bodies, and ENDPOINT_NOT_FOUND for an endpoint it does not serve', async () => {
    const unknown = await api().request('GET', `${ML}/no-such/endpoint`);
    expect(unknown).toMatchObject({ status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND' } });
    const ajax = await api().request('GET', '/ajax-api/2.0/mlflow/registered-models/get?name=none-such');
    expect(ajax).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    const badFilter = await ml(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent("name = 'x' AND")}`,
    );
    expect(badFilter).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const missing = await ml('POST', '/registered-models/create', {});
    expect(missing).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });
});

describe('access control through both APIs', () => {
  let h: RegistryHarness;
  let viewer: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token' } });
    admin = { authorization: `Bearer ${await h.createToken({ name: 'root', role: 'admin' })}` };
    viewer = { authorization: `Bearer ${await h.createToken({ name: 'vera', role: 'viewer' })}` };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a viewer a stage move through either API, and audits both refusals', async () => {
    await h.request('POST', `${ML}/registered-models/create`, { name: 'guarded' }, admin);
    await h.request('POST', `${ML}/model-versions/create`, { name: 'guarded' }, admin);
    const model = (await h.request<Entity>('GET', 'registered_model?name=guarded', undefined, admin)).body;
    const version = (
      await h.request<Entity>('GET', `model_version?name=1&parentResourceId=${model.id}`, undefined, admin)
    ).body;

    const viaMlflow = await h.request(
      'POST',
      `${ML}/model-versions/transition-stage`,
      { name: 'guarded', version: '1', stage: 'Production', archive_existing_versions: false },
      { ...viewer, 'x-request-id': 'deny-mlflow' },
    );
    expect(viaMlflow).toMatchObject({ status: 403, body: { error_code: 'PERMISSION_DENIED' } });
    const viaKubeflow = await h.request(
      'POST',
      `model_versions/${version.id}/stage`,
      { stage: 'Production' },
      { ...viewer, 'x-request-id': 'deny-kubeflow' },
    );
    expect(viaKubeflow).toMatchObject({ status: 403, body: { errorCode: 'PERMISSION_DENIED' } });
    const anonymous = await h.request('GET', `${ML}/registered-models/get?name=guarded`);
    expect(anonymous).toMatchObject({ status: 401, body: { error_code: 'UNAUTHENTICATED' } });

    for (const requestId of ['deny-mlflow', 'deny-kubeflow']) {
      const events = (
        await h.request<List>('GET', `audit_events?requestId=${requestId}&outcome=denied`, undefined, admin)
      ).body.items;
      expect(events, requestId).toHaveLength(1);
    }
    const still = await h.request<Record<string, Record<string, unknown>>>(
      'GET',
      `${ML}/model-versions/get?name=guarded&version=1`,
      undefined,
      viewer,
    );
    expect(still.body['model_version']?.['current_stage']).toBe('None');
  });
});
