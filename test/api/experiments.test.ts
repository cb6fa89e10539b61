import { expect, it } from 'vitest';
import { aModelVersion, aRegisteredModel, stringProperty, unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; size: number; nextPageToken: string };

describeEachDatabase('experiments, runs and metric history', (api) => {
  const newExperiment = async () =>
    (await api().post<Entity>('experiments', { name: unique('exp'), owner: 'alice' })).body;

  it('creates, gets, finds, lists and patches experiments', async () => {
    const created = await api().post<Entity>('experiments', { name: unique('exp'), externalId: unique('x') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'LIVE' });
    expect((await api().get<Entity>(`experiments/${created.body.id}`)).body).toEqual(created.body);
    expect((await api().get<Entity>(`experiment?name=${created.body.name}`)).body.id).toBe(created.body.id);
    expect(
      (await api().get<Entity>(`experiment?externalId=${String(created.body['externalId'])}`)).body.id,
    ).toBe(created.body.id);
    expect((await api().get('experiment?name=none-such')).status).toBe(404);
    const listed = await api().get<List>('experiments');
    expect(listed.body.items.map((e) => e.id)).toContain(created.body.id);
    const patched = await api().patch<Entity>(`experiments/${created.body.id}`, {
      state: 'ARCHIVED',
      owner: 'bob',
    });
    expect(patched.body).toMatchObject({ state: 'ARCHIVED', owner: 'bob' });
    expect((await api().post('experiments', { name: created.body.name })).status).toBe(409);
    expect((await api().post('experiments', { owner: 'x' })).status).toBe(400);
  });

  it('creates runs (422 without experimentId), nested or not, and finds them within their experiment', async () => {
    const experiment = await newExperiment();
    const run = await api().post<Entity>('experiment_runs', {
      experimentId: experiment.id,
      name: 'run-1',
      startTimeSinceEpoch: '1700000000000',
    });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({
      experimentId: experiment.id,
      status: 'RUNNING',
      state: 'LIVE',
      startTimeSinceEpoch: '1700000000000',
    });
    const nested = await api().post<Entity>(`experiments/${experiment.id}/experiment_runs`, {
      name: 'run-2',
    });
    expect(nested.status).toBe(201);
    const unnamed = await api().post<Entity>(`experiments/${experiment.id}/experiment_runs`, {});
    expect(unnamed.body.name).toMatch(/.+/);
    expect((await api().post('experiment_runs', { name: 'x' })).status).toBe(422);
    expect((await api().post('experiment_runs', { experimentId: '987654321' })).status).toBe(404);
    expect((await api().post('experiments/987654321/experiment_runs', {})).status).toBe(404);
    expect((await api().post(`experiments/${experiment.id}/experiment_runs`, { name: 'run-1' })).status).toBe(
      409,
    );

    const found = await api().get<Entity>(`experiment_run?name=run-1&parentResourceId=${experiment.id}`);
    expect(found.body.id).toBe(run.body.id);
    const listed = await api().get<List>(`experiments/${experiment.id}/experiment_runs?orderBy=NAME`);
    expect(listed.body.items.map((r) => r.id)).toEqual(
      [run.body, nested.body, unnamed.body].sort((a, b) => (a.name < b.name ? -1 : 1)).map((r) => r.id),
    );
    const filtered = await api().get<List>(`experiments/${experiment.id}/experiment_runs?name=run-2`);
    expect(filtered.body.items.map((r) => r.id)).toEqual([nested.body.id]);
    const all = await api().get<List>('experiment_runs');
    expect(all.body.items.map((r) => r.id)).toEqual(expect.arrayContaining([run.body.id, nested.body.id]));
    const finished = await api().patch<Entity>(`experiment_runs/${run.body.id}`, {
      status: 'FINISHED',
      endTimeSinceEpoch: '1700000005000',
    });
    expect(finished.body).toMatchObject({ status: 'FINISHED', endTimeSinceEpoch: '1700000005000' });
    expect((await api().get<Entity>(`experiment_runs/${run.body.id}`)).body['status']).toBe('FINISHED');
    expect((await api().patch(`experiment_runs/${run.body.id}`, { status: 'DONE' })).status).toBe(400);
  });

  it('links run artifacts to the run and its experiment, and records every logged metric in the history', async () => {
    const experiment = await newExperiment();
    const run = (await api().post<Entity>('experiment_runs', { experimentId: experiment.id })).body;
    const logged: Entity[] = [];
    for (const [step, value] of [
      [1, 0.5],
      [2, 0.7],
      [3, 0.9],
    ] as const) {
      const response = await api().post<Entity>(`experiment_runs/${run.id}/artifacts`, {
        artifactType: 'metric',
        name: 'accuracy',
        value,
        step,
        customProperties: { split: stringProperty('val') },
      });
      expect(response.status).toBe(step === 1 ? 201 : 200);
      logged.push(response.body);
    }
    expect(logged[2]).toMatchObject({
      value: 0.9,
      step: 3,
      experimentId: experiment.id,
      experimentRunId: run.id,
    });
    const param = await api().post<Entity>(`experiment_runs/${run.id}/artifacts`, {
      artifactType: 'parameter',
      name: 'lr',
      value: '0.01',
    });
    expect(param.status).toBe(201);
    const dataset = await api().post<Entity>(`experiment_runs/${run.id}/artifacts`, {
      artifactType: 'dataset-artifact',
      name: 'train',
      uri: 's3://d',
    });
    expect(dataset.body['experimentRunId']).toBe(run.id);

    const artifacts = await api().get<List>(`experiment_runs/${run.id}/artifacts`);
    expect(artifacts.body.items.map((a) => a.name).sort()).toEqual(['accuracy', 'lr', 'train']);
    const onlyMetrics = await api().get<List>(`experiment_runs/${run.id}/artifacts?artifactType=metric`);
    expect(onlyMetrics.body.items).toHaveLength(1);

    const history = await api().get<List>(
      `experiment_runs/${run.id}/metric_history?name=accuracy&orderBy=ID`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items.map((m) => [m['step'], m['value']])).toEqual([
      [1, 0.5],
      [2, 0.7],
      [3, 0.9],
    ]);
    expect(history.body.items[0]).toMatchObject({
      artifactType: 'metric',
      name: 'accuracy',
      experimentRunId: run.id,
    });
    const steps = await api().get<List>(`experiment_runs/${run.id}/metric_history?stepIds=1,3`);
    expect(steps.body.items.map((m) => m['step'])).toEqual([1, 3]);
    const filtered = await api().get<List>(
      `experiment_runs/${run.id}/metric_history?filterQuery=${encodeURIComponent('value > 0.6')}`,
    );
    expect(filtered.body.items.map((m) => m['step'])).toEqual([2, 3]);
    expect((await api().get(`experiment_runs/${run.id}/metric_history?stepIds=a,b`)).status).toBe(400);
    expect((await api().get('experiment_runs/987654321/metric_history')).status).toBe(404);

    const across = await api().get<List>(
      `experiment_runs/metric_history?name=accuracy&filterQuery=${encodeURIComponent(`experimentRunId = ${run.id}`)}`,
    );
    expect(across.body.items).toHaveLength(3);
  });

  it('deletes an experiment with its runs, their artifacts and history, keeping artifacts a model version holds', async () => {
    const experiment = await newExperiment();
    const run = (await api().post<Entity>('experiment_runs', { experimentId: experiment.id })).body;
    const metric = await api().post<Entity>(`experiment_runs/${run.id}/artifacts`, {
      artifactType: 'metric',
      name: 'm',
      value: 1,
    });
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    const version = await api().post<Entity>('model_versions', aModelVersion(model.body.id));
    const produced = await api().post<Entity>(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'model-artifact',
      uri: 's3://m',
      experimentRunId: run.id,
    });
    expect(produced.body).toMatchObject({ experimentRunId: run.id, experimentId: experiment.id });
    expect((await api().del(`experiments/${experiment.id}`)).status).toBe(204);
    expect((await api().get(`experiment_runs/${run.id}`)).status).toBe(404);
    expect((await api().get(`artifacts/${metric.body.id}`)).status).toBe(404);
    const kept = await api().get<Entity>(`artifacts/${produced.body.id}`);
    expect(kept.status).toBe(200);
    expect(kept.body).not.toHaveProperty('experimentRunId');
    expect(kept.body).not.toHaveProperty('experimentId');
  });
});
