import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { manyCustomProperties } from '../support/fuzz-requests.js';

type Entity = Record<string, unknown> & { id: string; customProperties: Record<string, unknown> };
type ErrorAnswer = { errorCode: string; message: string };

// Input a fuzzer sends that the server once answered with a 500 (issue 15, defect 6): each must be
// a clear 400, or, when valid, be stored whole.

describeEachDatabase('hostile input', (api) => {
  it('stores and reads back 5,000 custom properties on create and on update', async () => {
    const created = await api().post<Entity>('registered_models', {
      name: 'five-thousand',
      customProperties: manyCustomProperties(5000),
    });
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    expect(Object.keys(created.body.customProperties)).toHaveLength(5000);
    const version = await api().post<Entity>('model_versions', {
      name: 'v1',
      registeredModelId: created.body.id,
    });
    const updated = await api().patch<Entity>(`model_versions/${version.body.id}`, {
      customProperties: manyCustomProperties(5001),
    });
    expect(updated.status, JSON.stringify(updated.body).slice(0, 300)).toBe(200);
    const read = await api().get<Entity>(`model_versions/${version.body.id}`);
    expect(Object.keys(read.body.customProperties)).toHaveLength(5001);
    expect(read.body.customProperties['p5000']).toEqual({
      metadataType: 'MetadataStringValue',
      string_value: 'v5000',
    });
  });

  it('refuses a filterQuery id beyond the id columns with 400, on every engine', async () => {
    for (const filter of [
      'id = 99999999999',
      "id = '99999999999'",
      'id IN (1, 2147483648)',
      'registeredModelId = 99999999999',
    ]) {
      const answer = await api().get<ErrorAnswer>(`model_versions?filterQuery=${encodeURIComponent(filter)}`);
      expect(answer.status, filter).toBe(400);
      expect(answer.body.errorCode).toBe('INVALID_FILTER_QUERY');
      expect(answer.body.message).toContain('out of range');
    }
    expect(
      (await api().get(`model_versions?filterQuery=${encodeURIComponent('id = 2147483647')}`)).status,
    ).toBe(200);
  });

  it('refuses a body nested deeper than the API nests with 400 INVALID_BODY', async () => {
    for (const body of [
      `{"name": "deep", "description": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `{"name": "deep", "customProperties": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    ]) {
      const answer = await api().request<ErrorAnswer>('POST', 'registered_models', body);
      expect(answer.status).toBe(400);
      expect(answer.body.errorCode).toMatch(/^INVALID_BODY$/);
    }
  });

  it('refuses ids out of every integer range in query parameters and bodies with a 4xx', async () => {
    const huge = '99999999999';
    const model = (await api().post<Entity>('registered_models', { name: 'huge-ids' })).body;
    const gets = [
      `lineage?node=modelVersion:${huge}`,
      `lineage?node=inferenceService:${huge}&direction=down`,
      `lineage?node=experimentRun:${huge}`,
      `comparisons?versionIds=1,${huge}`,
      `audit_events?entityId=${huge}`,
      `grants?registeredModelId=${huge}`,
      `production?registeredModelId=${huge}`,
      `permissions?registeredModelId=${huge}`,
      `experiment_runs/metric_history?stepIds=${huge}`,
      `model_version?name=x&parentResourceId=${huge}`,
      `search_suggestions?source=metric&limit=${huge}`,
      `lineage?node=dataset:x&depth=${huge}`,
      `model_versions?filterQuery=${encodeURIComponent(`metrics.accuracy > ${huge}`)}`,
      `model_versions?filterQuery=${encodeURIComponent(`stage = 'Production' AND registeredModelId = ${huge}`)}`,
    ];
    for (const path of gets) {
      const answer = await api().get(path);
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(500);
    }
    const posts: [string, unknown][] = [
      ['model_versions', { name: 'v', registeredModelId: huge }],
      ['inference_services', { name: 's', servingEnvironmentId: huge, registeredModelId: model.id }],
      ['tokens', { name: 't', role: 'viewer', registeredModelId: huge }],
      ['grants', { principalType: 'user', principal: 'u', role: 'viewer', registeredModelId: huge }],
      [
        'registrations',
        { model: { name: 'huge-ids' }, version: { name: 'v2', parents: [{ modelVersionId: huge }] } },
      ],
    ];
    for (const [path, body] of posts) {
      const answer = await api().post(path, body);
      expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(400);
    }
  });

  it('refuses ids out of every integer range in the path with 400', async () => {
    for (const path of ['tokens/99999999999', 'grants/99999999999', 'registered_models/99999999999']) {
      expect((await api().request('DELETE', path)).status, path).toBe(400);
    }
  });

  it('says the largest pageSize it accepts when refusing one', async () => {
    for (const [path, maximum] of [
      ['registered_models?pageSize=1000000000', '999999999'],
      ['model_versions?pageSize=-1', '999999999'],
      ['audit_events?pageSize=1001', '1000'],
      ['model_summaries?pageSize=5000', '1000'],
    ] as const) {
      const answer = await api().get<ErrorAnswer>(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.errorCode).toBe('INVALID_PAGE_SIZE');
      expect(answer.body.message, path).toContain(maximum);
    }
  });
});
