import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { DATABASE_TARGETS } from '../support/test-databases.js';

type Entity = Record<string, unknown> & { id: string; name: string };
interface Summary {
  registeredModel: Entity;
  latestVersion?: { id: string; name: string; stage: string };
  productionVersion?: { id: string; name: string };
  stageCounts: Record<string, number>;
  versionCount: number;
  permissions: string[];
}
interface SummaryList {
  items: Summary[];
  nextPageToken: string;
}

/** Registers `versions` versions of a new model (each with a metric, a parameter and a format). */
async function aModelWithVersions(api: RegistryHarness, prefix: string, versions: number, format = 'onnx') {
  const name = unique(prefix);
  const ids: string[] = [];
  for (let i = 1; i <= versions; i++) {
    const registered = await api.post<{ modelVersion: Entity }>('registrations', {
      registeredModel: { name, owner: 'alice' },
      modelVersion: { name: `v${i}` },
      modelArtifact: { uri: `s3://models/${name}/v${i}`, modelFormatName: format },
      metrics: [{ name: `${prefix}_accuracy`, value: 0.8 + i / 100 }],
      params: { [`${prefix}_lr`]: 0.01 },
    });
    expect(registered.status).toBe(201);
    ids.push(registered.body.modelVersion.id);
  }
  return { name, ids };
}

describeEachDatabase('browsing: model summaries, suggestions, stage options', (api) => {
  it('summarises each model of a page: newest version, Production version, versions per stage', async () => {
    const { name, ids } = await aModelWithVersions(api(), 'summarised', 3);
    await api().post(`model_versions/${ids[0]}/stage`, { stage: 'Production' });
    await api().post(`model_versions/${ids[1]}/stage`, { stage: 'Staging' });
    const empty = (await api().post<Entity>('registered_models', { name: unique('no-versions') })).body;

    const page = await api().get<SummaryList>(
      `model_summaries?filterQuery=${encodeURIComponent(`name = '${name}' OR name = '${empty.name}'`)}&orderBy=NAME`,
    );
    expect(page.status).toBe(200);
    const [withVersions, without] = [name, empty.name].map((n) =>
      page.body.items.find((item) => item.registeredModel.name === n),
    );
    expect(withVersions?.latestVersion).toMatchObject({ id: ids[2], name: 'v3', stage: 'Development' });
    expect(withVersions?.productionVersion).toMatchObject({ id: ids[0], name: 'v1' });
    expect(withVersions?.stageCounts).toEqual({ Production: 1, Staging: 1, Development: 1 });
    expect(withVersions?.versionCount).toBe(3);
    // Authentication is off: the caller may do everything.
    expect(withVersions?.permissions).toEqual(['read', 'write', 'promote', 'admin']);
    expect(without?.latestVersion).toBeUndefined();
    expect(without?.stageCounts).toEqual({});
  });

  it('pages like the models list, and filters on any version (stage, format)', async () => {
    const prefix = unique('paged');
    for (let i = 0; i < 5; i++) await aModelWithVersions(api(), prefix, 1, i % 2 === 0 ? 'onnx' : 'pytorch');
    const filter = encodeURIComponent(`name LIKE '${prefix}%'`);
    const first = await api().get<SummaryList>(
      `model_summaries?filterQuery=${filter}&pageSize=2&orderBy=NAME`,
    );
    expect(first.body.items).toHaveLength(2);
    const second = await api().get<SummaryList>(
      `model_summaries?filterQuery=${filter}&pageSize=2&orderBy=NAME&nextPageToken=${first.body.nextPageToken}`,
    );
    expect(second.body.items.map((i) => i.registeredModel.name)).toEqual(
      [...second.body.items.map((i) => i.registeredModel.name)].sort(),
    );
    expect(second.body.items[0]!.registeredModel.name > first.body.items[1]!.registeredModel.name).toBe(true);

    const pytorch = await api().get<SummaryList>(
      `model_summaries?filterQuery=${encodeURIComponent(`name LIKE '${prefix}%' AND format = 'pytorch'`)}`,
    );
    expect(pytorch.body.items).toHaveLength(2);
    const notOnnx = await api().get<SummaryList>(
      `model_summaries?filterQuery=${encodeURIComponent(`name LIKE '${prefix}%' AND format != 'onnx'`)}`,
    );
    expect(notOnnx.body.items.map((i) => i.registeredModel.name).sort()).toEqual(
      pytorch.body.items.map((i) => i.registeredModel.name).sort(),
    );
    const bad = await api().get(`model_summaries?orderBy=VERSION`);
    expect(bad.status).toBe(400);
    expect(bad.body['errorCode']).toBe('INVALID_ORDER_BY');
  });

  it('reads a page of summaries in the same number of queries for 2 models as for 20', async () => {
    const prefix = unique('counted');
    for (let i = 0; i < 20; i++) await aModelWithVersions(api(), prefix, i < 2 ? 3 : 1);
    const count = async (pageSize: number) => {
      const before = api().queryCount();
      const page = await api().get<SummaryList>(
        `model_summaries?filterQuery=${encodeURIComponent(`name LIKE '${prefix}%'`)}&pageSize=${pageSize}&orderBy=CREATE_TIME`,
      );
      expect(page.body.items).toHaveLength(pageSize);
      return api().queryCount() - before;
    };
    const few = await count(2);
    expect(await count(20)).toBe(few);
  });

  it('suggests metric, parameter, label, owner, format and field names by prefix', async () => {
    const prefix = unique('suggested').replace(/-/g, '_');
    await aModelWithVersions(api(), prefix, 2, `${prefix}-format`);
    const names = async (source: string, start: string, extra = '') =>
      (
        await api().get<{ names: string[] }>(
          `search_suggestions?source=${source}&prefix=${encodeURIComponent(start)}${extra}`,
        )
      ).body.names;
    expect(await names('metric', prefix)).toEqual([`${prefix}_accuracy`]);
    expect(await names('param', prefix)).toEqual([`${prefix}_lr`]);
    expect(await names('format', prefix)).toEqual([`${prefix}-format`]);
    expect(await names('metric', `${prefix}_zz`)).toEqual([]);
    await api().post('registered_models', {
      name: unique('labelled'),
      owner: `${prefix}-owner`,
      customProperties: { [`${prefix}-label`]: { metadataType: 'MetadataStringValue', string_value: '' } },
    });
    expect(await names('label', prefix)).toEqual([`${prefix}-label`]);
    expect(await names('modelProperty', prefix)).toEqual([`${prefix}-label`]);
    expect(await names('owner', prefix)).toEqual([`${prefix}-owner`]);
    expect(await names('field', 'me')).toEqual(['metrics.']);
    expect(await names('field', 'st', '&over=versions')).toEqual(['stage', 'state']);
    // Several names share a prefix: each once, sorted, at most `limit`.
    const many = unique('many').replace(/-/g, '_');
    await api().post('registrations', {
      registeredModel: { name: unique('metrics-model') },
      modelVersion: { name: 'v1' },
      metrics: ['c', 'a', 'b', 'd'].map((n) => ({ name: `${many}_${n}`, value: 1 })),
    });
    expect(await names('metric', many, '&limit=3')).toEqual([`${many}_a`, `${many}_b`, `${many}_c`]);
    const bad = await api().get('search_suggestions?source=everything');
    expect(bad.status).toBe(400);
  });

  it('lists the stages a version can move to, with each policy condition met or not', async () => {
    const { ids } = await aModelWithVersions(api(), 'guarded', 1);
    const version = (await api().get<Entity>(`model_versions/${ids[0]}`)).body;
    await api().request(
      'PUT',
      `registered_models/${String(version['registeredModelId'])}/policies/Production`,
      {
        conditions: [
          { type: 'metric', name: 'guarded_accuracy', op: '>=', value: 0.95 },
          { type: 'metric', name: 'guarded_accuracy', op: '>=', value: 0.5 },
          { type: 'approvals', count: 1 },
        ],
      },
    );
    type Options = {
      stage: string;
      options: {
        stage: string;
        allowed: boolean;
        ready: boolean;
        conditions: { met: boolean; description: string }[];
        approvals: { actor: string }[];
      }[];
    };
    const options = (await api().get<Options>(`model_versions/${ids[0]}/stage_options`)).body;
    expect(options.stage).toBe('Development');
    expect(options.options.map((o) => [o.stage, o.allowed])).toEqual([
      ['Staging', true],
      ['Production', true],
      ['Archived', true],
    ]);
    const production = options.options.find((o) => o.stage === 'Production')!;
    expect(production.ready).toBe(false);
    expect(production.conditions.map((c) => [c.met, c.description])).toEqual([
      [false, 'guarded_accuracy >= 0.95 (it is 0.81)'],
      [true, 'guarded_accuracy >= 0.5 (it is 0.81)'],
      [false, '1 approvals by distinct users (it has 0)'],
    ]);
    await api().post(`model_versions/${ids[0]}/approvals`, { stage: 'Production', comment: 'looks good' });
    const after = (await api().get<Options>(`model_versions/${ids[0]}/stage_options`)).body;
    const approved = after.options.find((o) => o.stage === 'Production')!;
    expect(approved.approvals.map((a) => a.actor)).toEqual(['anonymous']);
    expect(approved.conditions[2]?.met).toBe(true);
    expect(after.options.find((o) => o.stage === 'Staging')?.ready).toBe(true);
    // What the options said is what a move does: refused while a condition is unmet.
    expect((await api().post(`model_versions/${ids[0]}/stage`, { stage: 'Production' })).status).toBe(412);
    expect((await api().get(`model_versions/999999999/stage_options`)).status).toBe(404);
  });

  it('tells the caller its permissions (all of them with authentication off)', async () => {
    const model = (await api().post<Entity>('registered_models', { name: unique('perm') })).body;
    const answer = await api().get<{ global: string[]; model: string[] }>(
      `permissions?registeredModelId=${model.id}`,
    );
    expect(answer.body).toEqual({
      global: ['read', 'write', 'promote', 'admin'],
      model: ['read', 'write', 'promote', 'admin'],
    });
    expect((await api().get(`permissions?registeredModelId=999999999`)).status).toBe(404);
  });
});

const sqlite = DATABASE_TARGETS.find((t) => t.name === 'sqlite')!;

describe('browsing with authentication: only what the caller may see', () => {
  let api: RegistryHarness;
  let visible: { name: string; modelId: string };
  let hidden: { name: string; modelId: string };
  let viewer: Record<string, string>;

  beforeAll(async () => {
    api = await startHarness(sqlite.name, { config: { auth: 'token' } });
    const admin = { authorization: `Bearer ${await api.createToken({ name: 'admin', role: 'admin' })}` };
    const asAdmin = <T>(method: string, path: string, body?: unknown) =>
      api.request<T>(method, path, body, admin);
    for (const [prefix, label] of [
      ['seen', 'seen-label'],
      ['unseen', 'unseen-label'],
    ] as const) {
      const name = unique(prefix);
      const registered = await asAdmin<{ modelVersion: Entity; registeredModel: Entity }>(
        'POST',
        'registrations',
        {
          registeredModel: {
            name,
            customProperties: { [label]: { metadataType: 'MetadataStringValue', string_value: '' } },
          },
          modelVersion: { name: 'v1' },
          metrics: [{ name: `${prefix}_metric`, value: 1 }],
        },
      );
      const entry = {
        name,
        ids: [registered.body.modelVersion.id],
        modelId: registered.body.registeredModel.id,
      };
      if (prefix === 'seen') visible = entry;
      else hidden = entry;
    }
    const modelId = visible.modelId;
    viewer = {
      authorization: `Bearer ${await api.createToken({ name: 'viewer', role: 'viewer', registeredModelId: Number(modelId) })}`,
    };
  });
  afterAll(async () => api.close());

  it('summarises only the models the caller may read, with its permissions on each', async () => {
    const page = await api.request<SummaryList>('GET', 'model_summaries', undefined, viewer);
    expect(page.body.items.map((i) => i.registeredModel.name)).toEqual([visible.name]);
    expect(page.body.items[0]?.permissions).toEqual(['read']);
  });

  it('suggests no name found only in models the caller may not read', async () => {
    const names = async (source: string) =>
      (
        await api.request<{ names: string[] }>(
          'GET',
          `search_suggestions?source=${source}`,
          undefined,
          viewer,
        )
      ).body.names;
    expect(await names('metric')).toEqual(['seen_metric']);
    expect(await names('label')).toEqual(['seen-label']);
    expect(await names('versionProperty')).toEqual([]);
  });

  it('answers permissions per model, and 404 for a model the caller may not read', async () => {
    const mine = await api.request<{ global: string[]; model: string[] }>(
      'GET',
      `permissions?registeredModelId=${visible.modelId}`,
      undefined,
      viewer,
    );
    expect(mine.body).toEqual({ global: [], model: ['read'] });
    const other = await api.request(
      'GET',
      `permissions?registeredModelId=${hidden.modelId}`,
      undefined,
      viewer,
    );
    expect(other.status).toBe(404);
    const anonymous = await api.request('GET', 'model_summaries');
    expect(anonymous.status).toBe(401);
  });
});
