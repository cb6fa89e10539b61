import { expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';
import type { RegistryHarness } from '../support/registry-harness.js';

// The models list's orderings by what a model's versions are (newest version, Production version,
// most advanced stage) and by owner: the columns the store keeps on each model's row (migration
// 0019) must equal what the versions give when computed from scratch, after any mix of writes
// through either API; and the list pages through them in order, ties broken by id.

const ML = '/api/2.0/mlflow';
const STAGES = ['Development', 'Staging', 'Production', 'Archived'] as const;
const ORDERS = ['LATEST_VERSION', 'PRODUCTION_VERSION', 'STAGE', 'OWNER'] as const;

/** A small seeded generator (mulberry32): the same writes on every run and engine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rollup {
  latest_version_id: number | null;
  latest_version_time: number | null;
  production_version_id: number | null;
  production_version_time: number | null;
  development_count: number;
  staging_count: number;
  production_count: number;
  archived_count: number;
  stage_rank: number;
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The rollup columns as stored, and as computed from the model's versions, for the given models. */
async function rollups(api: RegistryHarness, modelIds: readonly number[]) {
  const db = api.database();
  const models = await db.selectFrom('registered_model').selectAll().where('id', 'in', modelIds).execute();
  const versions = await db
    .selectFrom('model_version')
    .select(['id', 'registered_model_id', 'stage', 'create_time'])
    .where('registered_model_id', 'in', modelIds)
    .execute();
  const stored = new Map<number, Rollup>();
  const computed = new Map<number, Rollup>();
  for (const model of models) {
    const id = Number(model.id);
    stored.set(id, {
      latest_version_id: num(model.latest_version_id),
      latest_version_time: num(model.latest_version_time),
      production_version_id: num(model.production_version_id),
      production_version_time: num(model.production_version_time),
      development_count: Number(model.development_count),
      staging_count: Number(model.staging_count),
      production_count: Number(model.production_count),
      archived_count: Number(model.archived_count),
      stage_rank: Number(model.stage_rank),
    });
    const own = versions
      .filter((v) => Number(v.registered_model_id) === id)
      .sort((a, b) => Number(b.id) - Number(a.id));
    const count = (stage: string) => own.filter((v) => v.stage === stage).length;
    const latest = own[0];
    const production = own.find((v) => v.stage === 'Production');
    const counts = STAGES.map(count);
    const [development, staging, prod, archived] = counts as [number, number, number, number];
    computed.set(id, {
      latest_version_id: num(latest?.id),
      latest_version_time: num(latest?.create_time),
      production_version_id: num(production?.id),
      production_version_time: num(production?.create_time),
      development_count: development,
      staging_count: staging,
      production_count: prod,
      archived_count: archived,
      stage_rank: prod > 0 ? 4 : staging > 0 ? 3 : development > 0 ? 2 : archived > 0 ? 1 : 0,
    });
  }
  return { stored, computed, owners: new Map(models.map((m) => [Number(m.id), m.owner as string | null])) };
}

/** Every page of the summaries of the models named `prefix…`, in the given order. */
async function allPages(api: RegistryHarness, prefix: string, orderBy: string, sortOrder: string) {
  const ids: number[] = [];
  let token = '';
  const filter = encodeURIComponent(`name LIKE '${prefix}%'`);
  for (let pages = 0; pages < 100; pages++) {
    const page = await api.get<{ items: { registeredModel: { id: string } }[]; nextPageToken: string }>(
      `model_summaries?filterQuery=${filter}&orderBy=${orderBy}&sortOrder=${sortOrder}&pageSize=3&nextPageToken=${token}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    ids.push(...page.body.items.map((item) => Number(item.registeredModel.id)));
    token = page.body.nextPageToken;
    if (token === '') return ids;
  }
  throw new Error('more than 100 pages');
}

/** Writes at random through both APIs: versions made, moved, archived, renamed and deleted; owners changed. */
async function randomWrites(api: RegistryHarness, prefix: string, steps: number, seed: number) {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const models: { id: number; name: string }[] = [];
  for (let i = 0; i < 9; i++) {
    const name = `${prefix}-${i}`;
    if (i % 3 === 2) {
      expect((await api.request('POST', `${ML}/registered-models/create`, { name })).status).toBe(200);
      const found = await api.get<{ id: string }>(`registered_model?name=${name}`);
      models.push({ id: Number(found.body.id), name });
    } else {
      const owner = i % 3 === 0 ? pick(['alice', 'bob', 'carol']) : undefined;
      const created = await api.post<{ id: string }>('registered_models', { name, owner });
      expect(created.status).toBe(201);
      models.push({ id: Number(created.body.id), name });
    }
  }
  const versions = async (model: { id: number }) =>
    (await api.get<{ items: { id: string; name: string }[] }>(`registered_models/${model.id}/versions`)).body
      .items;
  let made = 0;
  for (let step = 0; step < steps; step++) {
    // Some writes share a millisecond: ties in the times the list sorts by.
    if (next() < 0.7) api.advanceClock(1 + Math.floor(next() * 3));
    const model = pick(models);
    const existing = await versions(model);
    const version = existing.length === 0 ? undefined : pick(existing);
    const action = next();
    if (action < 0.3 || version === undefined) {
      if (next() < 0.3) await api.request('POST', `${ML}/model-versions/create`, { name: model.name });
      else await api.post('model_versions', { name: `v${made++}`, registeredModelId: String(model.id) });
    } else if (action < 0.55) {
      await api.post(`model_versions/${version.id}/stage`, {
        stage: pick(STAGES),
        others: pick(['keep', 'archive', 'demote']),
      });
    } else if (action < 0.65) {
      await api.patch(`model_versions/${version.id}`, { state: pick(['ARCHIVED', 'LIVE']) });
    } else if (action < 0.72) {
      await api.request('POST', `${ML}/model-versions/transition-stage`, {
        name: model.name,
        version: version.name,
        stage: pick(['Staging', 'Production', 'Archived', 'None']),
        archive_existing_versions: next() < 0.5,
      });
    } else if (action < 0.8) {
      if (next() < 0.5) await api.del(`model_versions/${version.id}`);
      else
        await api.request('DELETE', `${ML}/model-versions/delete`, {
          name: model.name,
          version: version.name,
        });
    } else if (action < 0.88) {
      await api.patch(`model_versions/${version.id}`, { name: `renamed-${made++}` });
    } else {
      await api.patch(`registered_models/${model.id}`, { owner: pick(['alice', 'bob', 'carol', 'dave']) });
    }
  }
  return models.map((m) => m.id);
}

/** What the list must give: by value, a missing value smallest, then by id; reversed descending. */
function expectedOrder(ids: readonly number[], value: (id: number) => number | string | null, desc: boolean) {
  const sorted = [...ids].sort((a, b) => {
    const [va, vb] = [value(a), value(b)];
    if (va !== vb) {
      if (va === null) return -1;
      if (vb === null) return 1;
      return va < vb ? -1 : 1;
    }
    return a - b;
  });
  return desc ? sorted.reverse() : sorted;
}

describeEachDatabase('the models list: sorts by versions, stages and owner', (api) => {
  it('keeps each model’s version summary equal to a computation from scratch, through any writes', async () => {
    for (const seed of [7, 42]) {
      const prefix = unique(`rollup${seed}`);
      const ids = await randomWrites(api(), prefix, 90, seed);
      const { stored, computed } = await rollups(api(), ids);
      expect(stored.size).toBe(ids.length);
      expect(stored).toEqual(computed);
      // The writes reached every case: models with and without versions, Production and not.
      const ranks = new Set([...computed.values()].map((r) => r.stage_rank));
      expect(ranks.has(4) && ranks.size > 1).toBe(true);
    }
  });

  it('pages through each new ordering both ways, ties broken by id, missing values first ascending', async () => {
    const prefix = unique('sorted');
    const ids = await randomWrites(api(), prefix, 60, 3);
    // Four models without owner or versions: in 13 rows, pages of 3 end on one of them both ways,
    // so some page token carries a missing value.
    for (let i = 0; i < 4; i++) {
      ids.push(
        Number(
          (await api().post<{ id: string }>('registered_models', { name: `${prefix}-bare-${i}` })).body.id,
        ),
      );
    }
    const { computed, owners } = await rollups(api(), ids);
    const value: Record<(typeof ORDERS)[number], (id: number) => number | string | null> = {
      LATEST_VERSION: (id) => computed.get(id)?.latest_version_time ?? null,
      PRODUCTION_VERSION: (id) => computed.get(id)?.production_version_time ?? null,
      STAGE: (id) => computed.get(id)?.stage_rank ?? 0,
      OWNER: (id) => owners.get(id) ?? null,
    };
    // Ties exist to break: several models share a rank.
    expect(new Set(ids.map(value.STAGE)).size).toBeLessThan(ids.length);
    for (const orderBy of ORDERS) {
      for (const sortOrder of ['ASC', 'DESC']) {
        expect(await allPages(api(), prefix, orderBy, sortOrder), `${orderBy} ${sortOrder}`).toEqual(
          expectedOrder(ids, value[orderBy], sortOrder === 'DESC'),
        );
      }
    }
  });

  it('refuses an ordering it does not offer, and a token made for another ordering', async () => {
    const bad = await api().get<{ code: string }>('model_summaries?orderBy=VERSION');
    expect(bad.status).toBe(400);
    const first = await api().get<{ nextPageToken: string }>('model_summaries?orderBy=OWNER&pageSize=1');
    expect(first.status).toBe(200);
    const other = await api().get(
      `model_summaries?orderBy=STAGE&pageSize=1&nextPageToken=${first.body.nextPageToken}`,
    );
    expect(other.status).toBe(400);
    // The Kubeflow list keeps the reference's orderings.
    expect((await api().get('registered_models?orderBy=OWNER')).status).toBe(400);
  });
});
