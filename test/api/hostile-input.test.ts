import { randomBytes } from 'node:crypto';
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

  it('stores and finds string values and URIs longer than a PostgreSQL index entry holds, on every engine', async () => {
    // Random text does not compress: 8,000 bytes is three times what a B-tree entry holds there.
    const long = randomBytes(6000).toString('base64url');
    const atLimit = '€'.repeat(500); // 1,500 bytes in UTF-8: still indexed on PostgreSQL
    const overLimit = `${atLimit}a`;
    type Version = Entity & { name: string };
    const model = await api().post<Entity>('registered_models', { name: 'long-text' });
    const string = (value: string) => ({ metadataType: 'MetadataStringValue', string_value: value });
    const versions: Version[] = [];
    for (const [name, value] of [
      ['v-long', long],
      ['v-at', atLimit],
      ['v-over', overLimit],
      ['v-short', 'onnx'],
    ] as const) {
      const created = await api().post<Version>('model_versions', {
        name,
        registeredModelId: model.body.id,
        customProperties: { text: string(value), ...(name === 'v-long' ? { name: string('') } : {}) },
      });
      expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
      expect(created.body.customProperties['text']).toEqual(string(value));
      versions.push(created.body);
    }
    const found = async (filterQuery: string) => {
      const answer = await api().post<{ items: Version[] }>(
        `registered_models/${model.body.id}/versions/search`,
        {
          filterQuery,
        },
      );
      expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
      return answer.body.items.map((v) => v.name).sort();
    };
    expect(await found(`text = '${long}'`)).toEqual(['v-long']);
    expect(await found(`text = '${overLimit}'`)).toEqual(['v-over']);
    expect(await found(`text = '${atLimit}'`)).toEqual(['v-at']);
    expect(await found(`text IN ('onnx', '${overLimit}')`)).toEqual(['v-over', 'v-short']);
    expect(await found(`text LIKE '${long.slice(0, 40)}%'`)).toEqual(['v-long']);
    expect(await found(`labels = 'name'`)).toEqual(['v-long']);
    const read = await api().get<Version>(`model_versions/${versions[0]?.id ?? ''}`);
    expect(read.body.customProperties['text']).toEqual(string(long));

    // An artifact's URI of 8 kB, found by a dataset search.
    const uri = `s3://bucket/${long}`;
    const artifact = await api().post<Entity & { uri: string }>(
      `model_versions/${versions[0]?.id ?? ''}/artifacts`,
      { artifactType: 'dataset-artifact', name: 'train', uri },
    );
    expect(artifact.status, JSON.stringify(artifact.body).slice(0, 300)).toBe(201);
    expect(artifact.body.uri).toBe(uri);
    expect(await found(`dataset.uri = '${uri}'`)).toEqual(['v-long']);
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
