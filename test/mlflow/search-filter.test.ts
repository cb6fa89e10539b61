import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';

// MLflow's search filter grammar, compiled to the registry's filter engine, on every engine.

const ML = '/api/2.0/mlflow';
type Version = { name: string; version: string; current_stage: string };

describeEachDatabase('MLflow search filters', (api) => {
  const ml = (method: string, path: string, body?: unknown) =>
    api().request<Record<string, unknown>>(method, `${ML}${path}`, body);
  const versions = async (filter: string, extra = '') => {
    const answer = await ml('GET', `/model-versions/search?filter=${encodeURIComponent(filter)}${extra}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return ((answer.body['model_versions'] ?? []) as Version[]).map((v) => `${v.name}/${v.version}`).sort();
  };
  const models = async (filter: string) => {
    const answer = await ml('GET', `/registered-models/search?filter=${encodeURIComponent(filter)}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return ((answer.body['registered_models'] ?? []) as { name: string }[]).map((m) => m.name).sort();
  };

  beforeAll(async () => {
    for (const name of ['sf-alpha', 'sf-beta', 'other']) {
      await ml('POST', '/registered-models/create', {
        name,
        tags: [{ key: 'team', value: name === 'other' ? 'b' : 'a' }],
      });
      for (const run of ['r1', 'r2']) {
        await ml('POST', '/model-versions/create', {
          name,
          source: `s3://b/${name}/${run}`,
          run_id: `${name}-${run}`,
          tags: [{ key: 'parity', value: run === 'r1' ? 'odd' : 'even' }],
        });
      }
    }
    await ml('POST', '/model-versions/transition-stage', {
      name: 'sf-beta',
      version: '2',
      stage: 'Production',
    });
  });

  it('compiles names, LIKE, tags, run ids, version numbers and stages', async () => {
    expect(await versions("name = 'sf-alpha'")).toEqual(['sf-alpha/1', 'sf-alpha/2']);
    expect(await versions("name LIKE 'sf-%' AND tags.parity = 'odd'")).toEqual(['sf-alpha/1', 'sf-beta/1']);
    expect(await versions("name ILIKE 'SF-B%'")).toEqual(['sf-beta/1', 'sf-beta/2']);
    expect(await versions("run_id IN ('other-r2', 'sf-alpha-r1')")).toEqual(['other/2', 'sf-alpha/1']);
    expect(await versions("name = 'sf-beta' AND version_number = 2")).toEqual(['sf-beta/2']);
    expect(await versions("current_stage = 'production'")).toEqual(['sf-beta/2']);
    expect(await versions("source_path = 's3://b/other/r1'")).toEqual(['other/1']);
    expect(await versions("name = 'none-such'")).toEqual([]);
    // OR, an extension MLflow's server refuses.
    expect(await versions("name = 'other' OR tags.parity = 'even'")).toEqual([
      'other/1',
      'other/2',
      'sf-alpha/2',
      'sf-beta/2',
    ]);
    expect(await models("name LIKE 'sf-%'")).toEqual(['sf-alpha', 'sf-beta']);
    expect(await models("tags.team = 'b'")).toEqual(['other']);
  });

  it('pages and orders as MLflow does', async () => {
    const first = await ml(
      'GET',
      `/model-versions/search?max_results=4&order_by=name+ASC&order_by=version_number+DESC`,
    );
    const page = first.body['model_versions'] as Version[];
    expect(page.map((v) => `${v.name}/${v.version}`)).toEqual([
      'other/2',
      'other/1',
      'sf-alpha/2',
      'sf-alpha/1',
    ]);
    const token = String(first.body['next_page_token']);
    const second = await ml(
      'GET',
      `/model-versions/search?max_results=4&order_by=name+ASC&order_by=version_number+DESC&page_token=${token}`,
    );
    expect((second.body['model_versions'] as Version[]).map((v) => `${v.name}/${v.version}`)).toEqual([
      'sf-beta/2',
      'sf-beta/1',
    ]);
    expect(second.body['next_page_token']).toBeUndefined();
  });

  it('orders version numbers by value, other names after them, across pages, in the database', async () => {
    // Numbers past 9 (text order would put 10 before 2), and names MLflow gives no number: made
    // through the Kubeflow API ('010' has a leading zero), they follow the numbered ones, by id.
    await ml('POST', '/registered-models/create', { name: 'sf-numbers' });
    for (let i = 1; i <= 11; i += 1)
      await ml('POST', '/model-versions/create', { name: 'sf-numbers', source: 's3://b/n' });
    const model = await api().get('registered_model?name=sf-numbers');
    const modelId = String(model.body['id']);
    for (const name of ['candidate', '010']) {
      const made = await api().post('model_versions', { name, registeredModelId: modelId });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const walk = async (order: string) => {
      const seen: string[] = [];
      let token = '';
      for (let pages = 0; pages < 10; pages += 1) {
        const answer = await ml(
          'GET',
          `/model-versions/search?filter=${encodeURIComponent("name = 'sf-numbers'")}&max_results=5&order_by=${encodeURIComponent(order)}${token === '' ? '' : `&page_token=${token}`}`,
        );
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        seen.push(...(answer.body['model_versions'] as Version[]).map((v) => v.version));
        if (answer.body['next_page_token'] === undefined) break;
        token = String(answer.body['next_page_token']);
      }
      return seen;
    };
    const numbers = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'];
    expect(await walk('version_number ASC')).toEqual([...numbers, 'candidate', '010']);
    expect(await walk('version_number DESC')).toEqual(['010', 'candidate', ...numbers.reverse()]);
  });

  it('refuses what MLflow refuses, as INVALID_PARAMETER_VALUE', async () => {
    for (const filter of [
      "bogus = 'x'",
      "name = 'x' AND",
      'version_number > 1',
      "current_stage = 'nowhere'",
    ]) {
      const answer = await ml('GET', `/model-versions/search?filter=${encodeURIComponent(filter)}`);
      expect(answer, filter).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    }
    const order = await ml('GET', '/model-versions/search?order_by=nonsense');
    expect(order).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const size = await ml('GET', '/registered-models/search?max_results=5000');
    expect(size).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });
});
