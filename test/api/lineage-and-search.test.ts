import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = {
  items: (Entity & { metrics?: Record<string, number>; params?: Record<string, unknown> })[];
  nextPageToken: string;
};
type Graph = {
  root: string;
  nodes: { id: string; kind: string; depth: number; label: string; attributes: Record<string, unknown> }[];
  edges: { from: string; to: string; type: string }[];
  truncated: boolean;
};
type Registration = {
  registeredModel: Entity;
  createdRegisteredModel: boolean;
  modelVersion: Entity;
  modelArtifact?: Entity;
  metrics: Entity[];
  params: Entity[];
  datasets: Entity[];
  lineage: Record<string, unknown>;
};

/** Digests are unique per test run, since the suite's tests share one database. */
const commit = (seed: string, n: string) => createHash('sha1').update(`${seed}:${n}`).digest('hex');
const digest = (seed: string, n: number) =>
  `sha256:${createHash('sha256').update(`${seed}:${n}`).digest('hex')}`;

describeEachDatabase('lineage, search and comparison', (api) => {
  const register = async (body: Record<string, unknown>, status = 201) => {
    const response = await api().post<Registration>('registrations', body);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response.body;
  };

  /** One model with four versions whose metrics, params, datasets, labels and code differ. */
  const seed = async () => {
    const name = unique('searched');
    const train = `s3://data/${name}/train.parquet`;
    const v1 = await register({
      registeredModel: { name },
      modelVersion: {
        name: '1.0.0',
        customProperties: { nlp: { metadataType: 'MetadataStringValue', string_value: '' } },
      },
      modelArtifact: { uri: `s3://models/${name}/1`, modelFormatName: 'onnx' },
      metrics: [
        { name: 'accuracy', value: 0.91 },
        { name: 'loss', value: 0.3 },
      ],
      params: { optimizer: 'adam', lr: 0.01, early_stop: true },
      datasets: [{ name: 'train', uri: train, digest: digest(name, 1) }],
      code: { repository: 'https://git.example/ml.git', commit: commit(name, 'a'), path: 'train.py' },
      pipelineRun: { id: `run-${name}-1`, kind: 'kfp', group: 'team-a' },
    });
    const model = v1.registeredModel;
    const v2 = await register({
      registeredModel: { name },
      modelVersion: { name: '1.1.0' },
      metrics: [
        { name: 'accuracy', value: 0.96 },
        { name: 'loss', value: 0.2 },
      ],
      params: { optimizer: 'sgd', lr: 0.001, early_stop: false },
      datasets: [{ name: 'train', uri: train, digest: digest(name, 1) }],
      code: { repository: 'https://git.example/ml.git', commit: commit(name, 'b') },
    });
    const v3 = await register({
      registeredModel: { name },
      modelVersion: {
        name: '1.2.0',
        customProperties: { nlp: { metadataType: 'MetadataStringValue', string_value: '' } },
      },
      metrics: [
        { name: 'accuracy', value: 0.97 },
        { name: 'loss', value: 0.25 },
      ],
      params: { optimizer: 'adam', lr: 0.005 },
      datasets: [{ name: 'train', uri: `s3://data/${name}/train-v2.parquet`, digest: digest(name, 2) }],
      parents: [{ modelVersionId: v2.modelVersion.id, relation: 'fine-tuned-from' }],
    });
    // No metrics, params or lineage at all.
    const v4 = await register({ registeredModel: { name }, modelVersion: { name: '2.0.0' } });
    return {
      d1: digest(name, 1),
      cA: commit(name, 'a'),
      cB: commit(name, 'b'),
      d2: digest(name, 2),
      name,
      model,
      train,
      v1: v1.modelVersion,
      v2: v2.modelVersion,
      v3: v3.modelVersion,
      v4: v4.modelVersion,
    };
  };

  const search = async (modelId: string, filterQuery: string, extra = '') => {
    const response = await api().get<List>(
      `registered_models/${modelId}/versions?filterQuery=${encodeURIComponent(filterQuery)}${extra}`,
    );
    expect(response.status, `${filterQuery}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body.items.map((v) => v.name).sort();
  };

  it('registers a version with metrics, params, datasets, code, pipeline run and parents in one call', async () => {
    const { name, model, v1, v3, d1 } = await seed();
    const artifacts = (await api().get<List>(`model_versions/${v1.id}/artifacts?pageSize=100`)).body.items;
    const byType = (type: string) => artifacts.filter((a) => a['artifactType'] === type);
    expect(byType('metric').map((m) => [m.name, m['value']])).toEqual(
      expect.arrayContaining([
        ['accuracy', 0.91],
        ['loss', 0.3],
      ]),
    );
    expect(byType('parameter').map((p) => [p.name, p['value'], p['parameterType']])).toEqual(
      expect.arrayContaining([
        ['optimizer', 'adam', 'string'],
        ['lr', '0.01', 'number'],
        ['early_stop', 'true', 'boolean'],
      ]),
    );
    expect(byType('dataset-artifact')[0]).toMatchObject({ name: 'train', digest: d1 });
    // Kubeflow clients find the model artifact under the model's name; the pipeline run is its modelSource*.
    expect(byType('model-artifact')[0]).toMatchObject({
      name,
      modelFormatName: 'onnx',
      modelSourceKind: 'kfp',
      modelSourceClass: 'pipelinerun',
      modelSourceGroup: 'team-a',
      modelSourceId: `run-${name}-1`,
    });
    expect(model.name).toBe(name);

    const bumped = await register({ registeredModel: { name }, modelVersion: { bump: 'minor' } });
    expect(bumped.createdRegisteredModel).toBe(false);
    expect(bumped.modelVersion.name).toBe('2.1.0');

    // A missing parent refuses the whole registration: no model, no version is left behind.
    const orphan = unique('orphan');
    const refused = await api().post<Entity>('registrations', {
      registeredModel: { name: orphan },
      modelVersion: { name: '1' },
      metrics: [{ name: 'accuracy', value: 0.5 }],
      parents: [{ modelVersionId: '987654321' }],
    });
    expect(refused.status).toBe(404);
    expect(refused.body['errorCode']).toBe('LINEAGE_REFERENCE_NOT_FOUND');
    expect((await api().get(`registered_model?name=${orphan}`)).status).toBe(404);

    const bad = await api().post<Entity>('registrations', {
      registeredModel: { name: orphan },
      modelVersion: { name: '1' },
      metrics: [{ name: 'accuracy', value: 'high' }],
    });
    expect(bad.status).toBe(400);
    expect(String(bad.body['message'])).toContain('metrics');
    expect((await api().get(`registered_model?name=${orphan}`)).status).toBe(404);
    expect((await api().post('registrations', { registeredModel: { name: orphan } })).status).toBe(400);
    expect(v3.id).toBeDefined();
  });

  it('searches versions by metrics, params, labels, alias, datasets, code and pipeline run', async () => {
    const { model, name, train, v1, v3, d1, cA } = await seed();
    expect(await search(model.id, 'metrics.accuracy > 0.95')).toEqual(['1.1.0', '1.2.0']);
    expect(await search(model.id, "metrics.accuracy >= 0.95 AND params.optimizer = 'adam'")).toEqual([
      '1.2.0',
    ]);
    expect(await search(model.id, 'metrics.accuracy BETWEEN 0.9 AND 0.961')).toEqual(['1.0.0', '1.1.0']);
    expect(await search(model.id, 'metrics.loss IN (0.2, 0.3)')).toEqual(['1.0.0', '1.1.0']);
    expect(await search(model.id, 'metrics.accuracy IS NULL')).toEqual(['2.0.0']);
    expect(await search(model.id, 'metrics.accuracy IS NOT NULL AND NOT metrics.loss < 0.25')).toEqual([
      '1.0.0',
      '1.2.0',
    ]);
    expect(await search(model.id, 'metrics.accuracy NOT BETWEEN 0.9 AND 0.961')).toEqual(['1.2.0', '2.0.0']);
    expect(await search(model.id, 'params.lr < 0.006')).toEqual(['1.1.0', '1.2.0']);
    expect(await search(model.id, "params.optimizer LIKE 'ad%'")).toEqual(['1.0.0', '1.2.0']);
    expect(await search(model.id, "params.optimizer != 'adam'")).toEqual(['1.1.0']);
    expect(await search(model.id, 'params.early_stop = true')).toEqual(['1.0.0']);
    expect(await search(model.id, 'params.early_stop IS NULL')).toEqual(['1.2.0', '2.0.0']);
    expect(await search(model.id, "labels = 'nlp'")).toEqual(['1.0.0', '1.2.0']);
    expect(await search(model.id, "labels != 'nlp'")).toEqual(['1.1.0', '2.0.0']);
    expect(await search(model.id, 'labels IS NULL')).toEqual(['1.1.0', '2.0.0']);
    expect(await search(model.id, `dataset.digest = '${d1}'`)).toEqual(['1.0.0', '1.1.0']);
    expect(await search(model.id, `dataset.uri = '${train}'`)).toEqual(['1.0.0', '1.1.0']);
    expect(await search(model.id, `dataset.uri LIKE '%train-v2%'`)).toEqual(['1.2.0']);
    expect(await search(model.id, `dataset.digest != '${d1}'`)).toEqual(['1.2.0', '2.0.0']);
    expect(await search(model.id, "dataset.name = 'train' AND metrics.accuracy < 0.95")).toEqual(['1.0.0']);
    expect(await search(model.id, `code.commit = '${cA}'`)).toEqual(['1.0.0']);
    expect(await search(model.id, "code.repository = 'https://git.example/ml.git'")).toEqual([
      '1.0.0',
      '1.1.0',
    ]);
    expect(await search(model.id, 'code.commit IS NULL')).toEqual(['1.2.0', '2.0.0']);
    expect(await search(model.id, `pipelineRun = 'run-${name}-1'`)).toEqual(['1.0.0']);

    await api().request('PUT', `registered_models/${model.id}/aliases/champion`, { modelVersionId: v3.id });
    expect(await search(model.id, "alias = 'champion'")).toEqual(['1.2.0']);
    expect(await search(model.id, "alias IN ('champion', 'challenger') OR metrics.accuracy < 0.92")).toEqual([
      '1.0.0',
      '1.2.0',
    ]);
    expect(await search(model.id, 'alias IS NULL')).toEqual(['1.0.0', '1.1.0', '2.0.0']);

    // A backticked name is a custom property, as before.
    await api().patch(`model_versions/${v1.id}`, {
      customProperties: { 'metrics.accuracy': { metadataType: 'MetadataDoubleValue', double_value: 0.1 } },
    });
    expect(await search(model.id, '`metrics.accuracy` < 0.5')).toEqual(['1.0.0']);

    // Wrong types are a 400 that names the term.
    for (const [query, text] of [
      ["metrics.accuracy = 'high'", "metric 'accuracy' is a number"],
      ["metrics.accuracy LIKE 'x%'", 'only applies to strings'],
      ['labels > 3', "'labels' allows"],
      ['params.flag > true', 'allows only = and !='],
    ] as const) {
      const response = await api().get<Entity>(`model_versions?filterQuery=${encodeURIComponent(query)}`);
      expect(response.status, query).toBe(400);
      expect(String(response.body['message']), query).toContain(text);
    }
  });

  it('searches registered models by what any of their versions has, and by their own labels and aliases', async () => {
    const { name, model, v2, d2 } = await seed();
    const other = await register({
      registeredModel: { name: `${name}-other` },
      modelVersion: { name: '1' },
      metrics: [{ name: 'accuracy', value: 0.5 }],
    });
    const models = async (query: string) => {
      const response = await api().get<List>(
        `registered_models?filterQuery=${encodeURIComponent(`name LIKE '${name}%' AND (${query})`)}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items.map((m) => m.name).sort();
    };
    expect(await models('metrics.accuracy > 0.95')).toEqual([name]);
    expect(await models('metrics.accuracy < 0.95')).toEqual([name, `${name}-other`]);
    expect(await models(`dataset.digest = '${d2}'`)).toEqual([name]);
    await api().post(`model_versions/${v2.id}/stage`, { stage: 'Staging' });
    expect(await models("stage = 'Staging'")).toEqual([name]);
    expect(await models("stage = 'Development'")).toEqual([name, `${name}-other`]);
    await api().request('PUT', `registered_models/${other.registeredModel.id}/aliases/prod`, {
      modelVersionId: other.modelVersion.id,
    });
    expect(await models("alias = 'prod'")).toEqual([`${name}-other`]);
    expect(model.id).toBeDefined();
  });

  it('orders versions by a metric or a numeric parameter, across pages, versions without it last', async () => {
    const { model } = await seed();
    const pages = async (query: string) => {
      const names: string[] = [];
      let token = '';
      for (let i = 0; i < 10; i++) {
        const response = await api().get<List>(
          `registered_models/${model.id}/versions?pageSize=1&${query}&nextPageToken=${token}`,
        );
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        names.push(...response.body.items.map((v) => v.name));
        token = response.body.nextPageToken;
        if (token === '') break;
      }
      return names;
    };
    expect(await pages('orderBy=metrics.accuracy&sortOrder=DESC')).toEqual([
      '1.2.0',
      '1.1.0',
      '1.0.0',
      '2.0.0',
    ]);
    expect(await pages('orderBy=metrics.accuracy&sortOrder=ASC')).toEqual([
      '1.0.0',
      '1.1.0',
      '1.2.0',
      '2.0.0',
    ]);
    expect(await pages('orderBy=params.lr&sortOrder=ASC')).toEqual(['1.1.0', '1.2.0', '1.0.0', '2.0.0']);
    expect(
      await pages(
        `orderBy=metrics.accuracy&sortOrder=DESC&filterQuery=${encodeURIComponent('metrics.accuracy > 0.92')}`,
      ),
    ).toEqual(['1.2.0', '1.1.0']);
    const all = await api().get<List>(
      `model_versions?orderBy=metrics.loss&sortOrder=ASC&pageSize=3&filterQuery=${encodeURIComponent(
        `registeredModelId = ${model.id} AND metrics.loss < 1`,
      )}`,
    );
    expect(all.body.items.map((v) => v.name)).toEqual(['1.1.0', '1.2.0', '1.0.0']);

    expect((await api().get(`registered_models?orderBy=metrics.accuracy`)).status).toBe(400);
    expect((await api().get(`model_versions?orderBy=metrics.`)).status).toBe(400);
    const first = await api().get<List>(
      `registered_models/${model.id}/versions?pageSize=1&orderBy=metrics.accuracy`,
    );
    const reused = await api().get(
      `registered_models/${model.id}/versions?pageSize=1&orderBy=metrics.loss&nextPageToken=${first.body.nextPageToken}`,
    );
    expect(reused.status).toBe(400);
  });

  it('a metric filter answers the same whether few versions match (driven from the metric index) or many', async () => {
    // 1,010 versions with metric `name` = i / 1010. A filter that more than 1,000 values satisfy is
    // tested version by version; one that fewer satisfy is driven from the metric index: the two
    // forms must select the same versions.
    const h = api();
    const name = unique('sel').replace(/\W/g, '_');
    const count = 1010;
    const ids: number[] = [];
    let modelId = '';
    for (let i = 0; i < count; i++) {
      const registration = await register({
        registeredModel: { name },
        modelVersion: { name: `v${i}` },
        metrics: [{ name, value: i / count }],
      });
      modelId = String(registration.registeredModel['id']);
      ids.push(Number(registration.modelVersion['id']));
    }
    const all = async (filter: string) => {
      const found: number[] = [];
      let token = '';
      do {
        const page = (
          await h.get<{ items: { id: string }[]; nextPageToken: string }>(
            `model_versions?registeredModelId=${modelId}&pageSize=300&filterQuery=${encodeURIComponent(filter)}${token === '' ? '' : `&nextPageToken=${token}`}`,
          )
        ).body;
        found.push(...page.items.map((v) => Number(v.id)));
        token = page.nextPageToken;
      } while (token !== '');
      return found;
    };
    const cases: [string, (i: number) => boolean][] = [
      [`metrics.${name} > 0.99`, (i) => i / count > 0.99], // 10 values: from the index
      [`metrics.${name} >= 0`, () => true], // 1,010: version by version
      [`metrics.${name} BETWEEN 0.25 AND 0.5`, (i) => i / count >= 0.25 && i / count <= 0.5], // from the index
      [`metrics.${name} < 0.999 AND name != 'v3'`, (i) => i / count < 0.999 && i !== 3], // 1,009: by version
      [`metrics.${name} > 2`, () => false],
    ];
    for (const [filter, keep] of cases) {
      const want = ids.filter((_, i) => keep(i)).sort((a, b) => a - b);
      expect(await all(filter), filter).toEqual(want);
    }
  });

  it('includes each version’s metrics and params in list results on request', async () => {
    const { model } = await seed();
    const response = await api().get<List>(
      `registered_models/${model.id}/versions?include=metrics,params&orderBy=NAME`,
    );
    expect(response.status).toBe(200);
    const [v1, , , v4] = response.body.items;
    expect(v1).toMatchObject({
      name: '1.0.0',
      metrics: { accuracy: 0.91, loss: 0.3 },
      params: { optimizer: 'adam', lr: 0.01, early_stop: true },
    });
    expect(v4).toMatchObject({ name: '2.0.0', metrics: {}, params: {} });
    const plain = await api().get<List>(`registered_models/${model.id}/versions`);
    expect(plain.body.items[0]).not.toHaveProperty('metrics');
    expect((await api().get(`registered_models?include=metrics`)).status).toBe(400);
    expect((await api().get(`model_versions?include=everything`)).status).toBe(400);
  });

  it('walks lineage upstream and downstream to a depth, and refuses cycles', async () => {
    const { model, v1, v2, v3, d1, d2, cA, cB } = await seed();
    const graph = async (node: string, direction: string, depth: number) => {
      const response = await api().get<Graph>(
        `lineage?node=${encodeURIComponent(node)}&direction=${direction}&depth=${depth}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    const ids = (g: Graph) => g.nodes.map((n) => n.id).sort();

    // What produced v1: its dataset, commit and pipeline run.
    const up = await graph(`modelVersion:${v1.id}`, 'upstream', 1);
    expect(ids(up)).toEqual(
      [
        `modelVersion:${v1.id}`,
        `dataset:${d1}`,
        `commit:${cA}`,
        `pipelineRun:${String((await api().get<List>(`model_versions/${v1.id}/artifacts?artifactType=model-artifact`)).body.items[0]?.['modelSourceId'])}`,
      ].sort(),
    );
    expect(up.edges).toContainEqual({
      from: `dataset:${d1}`,
      to: `modelVersion:${v1.id}`,
      type: 'trained-on',
    });
    expect(up.nodes.find((n) => n.kind === 'commit')?.attributes).toMatchObject({
      repository: 'https://git.example/ml.git',
      path: 'train.py',
    });
    expect(up.nodes.find((n) => n.id === `modelVersion:${v1.id}`)?.label).toBe(`${model.name}:1.0.0`);

    // v3 was fine-tuned from v2: depth 1 reaches v2, depth 2 also v2's own dataset and commit.
    const one = await graph(`modelVersion:${v3.id}`, 'upstream', 1);
    expect(ids(one)).toEqual([`dataset:${d2}`, `modelVersion:${v2.id}`, `modelVersion:${v3.id}`].sort());
    expect(one.edges).toContainEqual({
      from: `modelVersion:${v2.id}`,
      to: `modelVersion:${v3.id}`,
      type: 'fine-tuned-from',
    });
    const two = await graph(`modelVersion:${v3.id}`, 'upstream', 2);
    expect(ids(two)).toEqual(
      [
        `dataset:${d1}`,
        `dataset:${d2}`,
        `commit:${cB}`,
        `modelVersion:${v2.id}`,
        `modelVersion:${v3.id}`,
      ].sort(),
    );
    expect(two.nodes.find((n) => n.id === `commit:${cB}`)?.depth).toBe(2);

    // Which versions were trained on dataset D: one call; and what came of them at depth 2.
    const down = await graph(`dataset:${d1}`, 'downstream', 1);
    expect(ids(down)).toEqual([`dataset:${d1}`, `modelVersion:${v1.id}`, `modelVersion:${v2.id}`].sort());
    const deeper = await graph(`dataset:${d1}`, 'downstream', 2);
    expect(ids(deeper)).toContain(`modelVersion:${v3.id}`);
    const byCommit = await graph(`commit:${cA}`, 'downstream', 1);
    expect(ids(byCommit)).toEqual([`commit:${cA}`, `modelVersion:${v1.id}`]);

    // Cycles are refused; removing a link removes it from the graph.
    const cycle = await api().post<Entity>(`model_versions/${v2.id}/parents`, { parentVersionId: v3.id });
    expect(cycle.status).toBe(409);
    expect(cycle.body['errorCode']).toBe('LINEAGE_CYCLE');
    expect((await api().post(`model_versions/${v2.id}/parents`, { parentVersionId: v2.id })).status).toBe(
      409,
    );
    const linked = await api().post<Entity>(`model_versions/${v2.id}/parents`, {
      parentVersionId: v1.id,
      relation: 'distilled-from',
    });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      modelVersionId: v2.id,
      parentVersionId: v1.id,
      relation: 'distilled-from',
    });
    expect((await api().post(`model_versions/${v1.id}/parents`, { parentVersionId: v3.id })).status).toBe(
      409,
    );
    const chain = await graph(`modelVersion:${v1.id}`, 'downstream', 5);
    expect(chain.nodes.find((n) => n.id === `modelVersion:${v3.id}`)?.depth).toBe(2);
    expect((await api().del(`model_versions/${v2.id}/parents/${v1.id}`)).status).toBe(204);
    expect((await api().del(`model_versions/${v2.id}/parents/${v1.id}`)).status).toBe(404);
    expect(ids(await graph(`modelVersion:${v1.id}`, 'downstream', 5))).toEqual([`modelVersion:${v1.id}`]);

    for (const bad of [
      'lineage?node=nothing',
      'lineage?node=modelVersion:abc',
      'lineage',
      `lineage?node=modelVersion:${v1.id}&depth=0`,
      `lineage?node=modelVersion:${v1.id}&depth=26`,
      `lineage?node=modelVersion:${v1.id}&direction=sideways`,
    ]) {
      expect((await api().get(bad)).status, bad).toBe(400);
    }
    expect((await api().get('lineage?node=modelVersion:987654321')).status).toBe(404);
  });

  it('records the code and run of an existing version, and forgets a deleted run', async () => {
    const { v4 } = await seed();
    const experiment = (await api().post<Entity>('experiments', { name: unique('exp') })).body;
    const run = (await api().post<Entity>(`experiments/${experiment.id}/experiment_runs`, { name: 'r1' }))
      .body;
    const saved = await api().request<Entity>('PUT', `model_versions/${v4.id}/lineage`, {
      code: { repository: 'https://git.example/other.git', commit: 'c'.repeat(40) },
      experimentRunId: run.id,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      modelVersionId: v4.id,
      experimentRunId: run.id,
      code: { commit: 'c'.repeat(40) },
    });
    const fromRun = await api().get<Graph>(
      `lineage?node=experimentRun:${run.id}&direction=downstream&depth=1`,
    );
    expect(fromRun.body.nodes.map((n) => n.id).sort()).toEqual([
      `experimentRun:${run.id}`,
      `modelVersion:${v4.id}`,
    ]);
    expect(fromRun.body.nodes.find((n) => n.kind === 'experimentRun')?.label).toBe('r1');
    expect((await api().del(`experiment_runs/${run.id}`)).status).toBe(204);
    const after = await api().get<Graph>(`lineage?node=modelVersion:${v4.id}&direction=upstream&depth=1`);
    expect(after.body.nodes.map((n) => n.id).sort()).toEqual([
      `commit:${'c'.repeat(40)}`,
      `modelVersion:${v4.id}`,
    ]);
    expect(
      (await api().request('PUT', `model_versions/${v4.id}/lineage`, { experimentRunId: '987654321' }))
        .status,
    ).toBe(404);
  });

  it('compares versions side by side with the best per metric, goals configurable per metric and model', async () => {
    const { model, v1, v2, v3, v4, d1, d2 } = await seed();
    const compare = async (ids: string[], extra = '') => {
      const response = await api().get<{
        versions: Entity[];
        fields: { name: string; values: unknown[]; differs: boolean }[];
        metrics: { name: string; values: unknown[]; differs: boolean; goal: string; best: string[] }[];
        params: { name: string; values: unknown[]; differs: boolean }[];
        lineage: { name: string; values: unknown[]; differs: boolean }[];
      }>(`comparisons?versionIds=${ids.join(',')}${extra}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    const result = await compare([v1.id, v2.id, v3.id]);
    expect(result.versions.map((v) => v.name)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    const metric = (name: string, r = result) => r.metrics.find((m) => m.name === name);
    expect(metric('accuracy')).toEqual({
      name: 'accuracy',
      values: [0.91, 0.96, 0.97],
      differs: true,
      goal: 'maximize',
      best: [v3.id],
    });
    expect(metric('loss')).toMatchObject({ goal: 'minimize', best: [v2.id] });
    expect(result.params.find((p) => p.name === 'optimizer')).toEqual({
      name: 'optimizer',
      values: ['adam', 'sgd', 'adam'],
      differs: true,
    });
    expect(result.params.find((p) => p.name === 'early_stop')?.values).toEqual([true, false, null]);
    expect(result.fields.find((f) => f.name === 'registeredModelName')).toMatchObject({ differs: false });
    expect(result.fields.find((f) => f.name === 'modelFormatName')?.values).toEqual(['onnx', null, null]);
    expect(result.lineage.find((l) => l.name === 'dataset.train')?.values).toEqual([d1, d1, d2]);
    expect(result.lineage.find((l) => l.name === 'parents')?.values).toEqual([
      null,
      null,
      `fine-tuned-from ${model.name}:1.1.0`,
    ]);

    // The model says lower accuracy is better (absurd, but it shows the setting wins); the query wins over both.
    const goals = await api().request<Entity>('PUT', `registered_models/${model.id}/metric_goals`, {
      goals: { accuracy: 'minimize' },
    });
    expect(goals.body).toEqual({ goals: { accuracy: 'minimize' } });
    expect(metric('accuracy', await compare([v1.id, v2.id, v3.id]))?.best).toEqual([v1.id]);
    expect(metric('accuracy', await compare([v1.id, v2.id], '&goals=accuracy:maximize'))?.best).toEqual([
      v2.id,
    ]);
    await api().request('PUT', `registered_models/${model.id}/metric_goals`, { goals: { accuracy: null } });
    expect((await api().get<Entity>(`registered_models/${model.id}/metric_goals`)).body).toEqual({
      goals: {},
    });

    // Stored content is compared by its root digest and size.
    const upload = (
      await api().post<Entity>(`model_versions/${v4.id}/uploads`, { files: [{ path: 'w.bin', size: 3 }] })
    ).body;
    await api().bytes('PUT', `uploads/${upload.id}/files/w.bin`, new Uint8Array([1, 2, 3]));
    const sealed = await api().post<Entity>(`uploads/${upload.id}/commit`, {});
    expect(sealed.status, JSON.stringify(sealed.body)).toBe(201);
    const withEmpty = await compare([v1.id, v4.id]);
    expect(withEmpty.fields.find((f) => f.name === 'contentSize')?.values).toEqual([null, 3]);
    expect(withEmpty.fields.find((f) => f.name === 'contentDigest')?.values).toEqual([
      null,
      sealed.body['rootDigest'],
    ]);
    expect(metric('accuracy', withEmpty)).toMatchObject({ values: [0.91, null], best: [v1.id] });
    for (const bad of [
      `comparisons?versionIds=${v1.id}`,
      `comparisons?versionIds=${v1.id},${v1.id}`,
      'comparisons?versionIds=x',
      `comparisons?versionIds=${v1.id},${v2.id}&goals=accuracy:up`,
    ]) {
      expect((await api().get(bad)).status, bad).toBe(400);
    }
    expect((await api().get(`comparisons?versionIds=${v1.id},987654321`)).status).toBe(404);
    expect(
      (await api().request('PUT', `registered_models/${model.id}/metric_goals`, { goals: { x: 'up' } }))
        .status,
    ).toBe(400);
  });
});
