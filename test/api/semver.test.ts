import { expect, it } from 'vitest';
import { unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; nextPageToken: string };

describeEachDatabase('semantic versions', (api) => {
  const semverModel = async () =>
    (await api().post<Entity>('registered_models', { name: unique('semver'), versionScheme: 'semver' })).body;
  const create = (modelId: string, name: string, extra: Record<string, unknown> = {}) =>
    api().post<Entity>('model_versions', { name, registeredModelId: modelId, ...extra });

  it('requires valid semantic versions in a semver model, and only there', async () => {
    const model = await semverModel();
    expect(model['versionScheme']).toBe('semver');
    expect((await create(model.id, '1.0.0')).status).toBe(201);
    for (const bad of ['v1', '1.0', '01.0.0', 'latest']) {
      const response = await create(model.id, bad);
      expect(response.status, bad).toBe(400);
      expect(response.body['errorCode']).toBe('INVALID_SEMVER');
    }
    const free = (await api().post<Entity>('registered_models', { name: unique('free') })).body;
    expect(free['versionScheme']).toBe('free');
    expect((await create(free.id, 'nightly')).status).toBe(201);
    const refused = await api().patch(`registered_models/${free.id}`, { versionScheme: 'semver' });
    expect(refused.status).toBe(409);
    expect(String(refused.body['message'])).toContain('nightly');
  });

  it('orders by precedence with orderBy=VERSION, across pages, both ways', async () => {
    const model = await semverModel();
    const names = [
      '1.10.0',
      '1.2.0',
      '2.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '1.0.0-alpha',
      '1.2.1',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
    ];
    for (const name of names) expect((await create(model.id, name)).status).toBe(201);
    const ascending = [
      '1.0.0-alpha',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0',
      '1.2.0',
      '1.2.1',
      '1.10.0',
      '2.0.0-rc.1',
      '2.0.0',
    ];
    for (const sortOrder of ['ASC', 'DESC'] as const) {
      const seen: string[] = [];
      let token = '';
      do {
        const page = await api().get<List>(
          `registered_models/${model.id}/versions?orderBy=VERSION&sortOrder=${sortOrder}&pageSize=4&nextPageToken=${token}`,
        );
        seen.push(...page.body.items.map((v) => v.name));
        token = page.body.nextPageToken;
      } while (token !== '');
      expect(seen).toEqual(sortOrder === 'ASC' ? ascending : [...ascending].reverse());
    }
    expect((await api().get('registered_models?orderBy=VERSION')).status).toBe(400);
  });

  it('bumps the highest version and resolves ranges to the highest LIVE match', async () => {
    const model = await semverModel();
    const next = async (bump: string) =>
      (await api().get<Entity>(`registered_models/${model.id}/next_version?bump=${bump}`)).body.name;
    expect(await next('minor')).toBe('0.1.0');
    for (const name of ['1.2.0', '1.4.2', '1.9.0', '2.0.0-rc.1']) await create(model.id, name);
    const archived = await create(model.id, '1.9.1');
    await api().patch(`model_versions/${archived.body.id}`, { state: 'ARCHIVED' });
    expect(await next('patch')).toBe('2.0.0');
    expect(await next('major')).toBe('2.0.0');
    const resolve = async (range: string) =>
      api().get<Entity>(`registered_models/${model.id}/resolve_version?range=${encodeURIComponent(range)}`);
    expect((await resolve('^1.2')).body.name).toBe('1.9.0');
    expect((await resolve('~1.4.0')).body.name).toBe('1.4.2');
    expect((await resolve('latest')).body.name).toBe('1.9.0');
    expect((await resolve('1.2.x')).body.name).toBe('1.2.0');
    expect((await resolve('>=2.0.0-rc.0')).body.name).toBe('2.0.0-rc.1');
    expect((await resolve('^3')).status).toBe(404);
    expect((await resolve('^one')).status).toBe(400);
    expect((await api().get(`registered_models/${model.id}/next_version?bump=huge`)).status).toBe(400);
  });
});
