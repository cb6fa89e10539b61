import { expect, it } from 'vitest';
import {
  aModelVersion,
  aRegisteredModel,
  doubleProperty,
  intProperty,
  stringProperty,
  unique,
} from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };

describeEachDatabase('registered models and model versions', (api) => {
  it('creates a registered model with 201 and returns every field in wire form', async () => {
    const body = aRegisteredModel({
      externalId: unique('ext'),
      readme: '# MNIST',
      language: ['en', 'fr'],
      tasks: ['image-classification'],
      provider: 'ACME',
      license: 'apache-2.0',
      licenseLink: 'https://www.apache.org/licenses/LICENSE-2.0',
      libraryName: 'pytorch',
      logo: 'data:image/png;base64,AAAA',
      maturity: 'Generally Available',
      customProperties: {
        accuracy: doubleProperty(0.97),
        epochs: intProperty(12),
        framework: stringProperty('pt'),
      },
    });
    const created = await api().post<Entity>('registered_models', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: body.name,
      state: 'LIVE',
      owner: 'alice',
      externalId: body.externalId,
      language: ['en', 'fr'],
      tasks: ['image-classification'],
      customProperties: {
        accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.97 },
        epochs: { metadataType: 'MetadataIntValue', int_value: '12' },
        framework: { metadataType: 'MetadataStringValue', string_value: 'pt' },
      },
    });
    expect(created.body.id).toMatch(/^[1-9][0-9]*$/);
    expect(created.body['createTimeSinceEpoch']).toMatch(/^[0-9]+$/);
    expect(created.body['lastUpdateTimeSinceEpoch']).toBe(created.body['createTimeSinceEpoch']);

    const fetched = await api().get<Entity>(`registered_models/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('refuses a duplicate name or externalId with 409, and keeps the first', async () => {
    const first = await api().post<Entity>(
      'registered_models',
      aRegisteredModel({ externalId: unique('ext') }),
    );
    const sameName = await api().post('registered_models', aRegisteredModel({ name: first.body.name }));
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ code: 'Conflict', errorCode: 'REGISTERED_MODEL_ALREADY_EXISTS' });
    expect(String(sameName.body['message'])).toContain(first.body.name);
    const sameExternal = await api().post(
      'registered_models',
      aRegisteredModel({ externalId: first.body['externalId'] }),
    );
    expect(sameExternal.status).toBe(409);
    expect(sameExternal.body['errorCode']).toBe('REGISTERED_MODEL_EXTERNAL_ID_CONFLICT');
    const found = await api().get<Entity>(`registered_model?name=${encodeURIComponent(first.body.name)}`);
    expect(found.body.id).toBe(first.body.id);
  });

  it('finds a registered model by exact name or externalId, never by pattern', async () => {
    const name = unique('find_me%');
    const model = await api().post<Entity>(
      'registered_models',
      aRegisteredModel({ name, externalId: unique('x') }),
    );
    expect((await api().get<Entity>(`registered_model?name=${encodeURIComponent(name)}`)).body.id).toBe(
      model.body.id,
    );
    const byExternal = await api().get<Entity>(
      `registered_model?externalId=${encodeURIComponent(String(model.body['externalId']))}`,
    );
    expect(byExternal.body.id).toBe(model.body.id);
    // `%` and `_` are not wildcards in find.
    expect(
      (await api().get(`registered_model?name=${encodeURIComponent(name.replace('%', '_'))}`)).status,
    ).toBe(404);
    expect(
      (await api().get(`registered_model?name=${encodeURIComponent(name.slice(0, -2) + '%')}`)).status,
    ).toBe(404);
    expect((await api().get(`registered_model?name=${encodeURIComponent(name.toUpperCase())}`)).status).toBe(
      404,
    );
    const missing = await api().get('registered_model?name=nobody-has-this-name');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'Not Found' });
    expect((await api().get('registered_model')).status).toBe(400);
  });

  it('PATCH merges given fields, replaces customProperties whole, and keeps id, name and parent', async () => {
    const model = await api().post<Entity>(
      'registered_models',
      aRegisteredModel({ customProperties: { a: stringProperty('1'), b: stringProperty('2') } }),
    );
    api().advanceClock(5);
    const patched = await api().patch<Entity>(`registered_models/${model.body.id}`, {
      description: 'changed',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description: 'changed', owner: 'alice', name: model.body.name });
    expect(patched.body['customProperties']).toEqual(model.body['customProperties']);
    expect(Number(patched.body['lastUpdateTimeSinceEpoch'])).toBeGreaterThan(
      Number(model.body['lastUpdateTimeSinceEpoch']),
    );
    expect(patched.body['createTimeSinceEpoch']).toBe(model.body['createTimeSinceEpoch']);

    const replaced = await api().patch<Entity>(`registered_models/${model.body.id}`, {
      customProperties: { c: boolPropertyTrue() },
    });
    expect(replaced.body['customProperties']).toEqual({
      c: { metadataType: 'MetadataBoolValue', bool_value: true },
    });
    const cleared = await api().patch<Entity>(`registered_models/${model.body.id}`, { customProperties: {} });
    expect(cleared.body['customProperties']).toEqual({});

    const rename = await api().patch(`registered_models/${model.body.id}`, { name: 'other' });
    expect(rename.status).toBe(400);
    expect(String(rename.body['message'])).toContain('name');
    const sameName = await api().patch(`registered_models/${model.body.id}`, {
      name: model.body.name,
      owner: 'bob',
    });
    expect(sameName.status).toBe(200);
    const changeId = await api().patch(`registered_models/${model.body.id}`, { id: '999999' });
    expect(changeId.status).toBe(400);
    expect((await api().get<Entity>(`registered_models/${model.body.id}`)).body.name).toBe(model.body.name);
  });

  it('creates versions under a model (both paths), unique per model, with 422 for a missing name', async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    const other = await api().post<Entity>('registered_models', aRegisteredModel());
    const v1 = await api().post<Entity>('model_versions', aModelVersion(model.body.id, { name: '1.0' }));
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({
      name: '1.0',
      registeredModelId: model.body.id,
      state: 'LIVE',
      author: 'alice',
    });
    const nested = await api().post<Entity>(`registered_models/${model.body.id}/versions`, { name: '1.1' });
    expect(nested.status).toBe(201);
    expect(nested.body['registeredModelId']).toBe(model.body.id);
    // The same version name under another model is fine; under the same one it is a conflict.
    expect((await api().post('model_versions', aModelVersion(other.body.id, { name: '1.0' }))).status).toBe(
      201,
    );
    const duplicate = await api().post('model_versions', aModelVersion(model.body.id, { name: '1.0' }));
    expect(duplicate.status).toBe(409);
    expect(String(duplicate.body['message'])).toContain(`registered model ${model.body.id}`);

    const noName = await api().post('model_versions', { registeredModelId: model.body.id });
    expect(noName.status).toBe(422);
    expect(noName.body).toMatchObject({ code: 'Unprocessable Entity' });
    const noParent = await api().post('model_versions', { name: 'x' });
    expect(noParent.status).toBe(422);
    const missingParent = await api().post('model_versions', aModelVersion('987654321'));
    expect(missingParent.status).toBe(404);
    const nestedNoName = await api().post(`registered_models/${model.body.id}/versions`, {});
    expect(nestedNoName.status).toBe(400);
    const nestedMissing = await api().post('registered_models/987654321/versions', { name: 'x' });
    expect(nestedMissing.status).toBe(404);
    const mismatch = await api().post(`registered_models/${model.body.id}/versions`, {
      name: 'y',
      registeredModelId: other.body.id,
    });
    expect(mismatch.status).toBe(400);

    const listed = await api().get<{ items: Entity[]; size: number }>(
      `registered_models/${model.body.id}/versions`,
    );
    expect(listed.body.items.map((v) => v.name)).toEqual(['1.0', '1.1']);
    const byName = await api().get<{ items: Entity[] }>(
      `registered_models/${model.body.id}/versions?name=1.1`,
    );
    expect(byName.body.items.map((v) => v.id)).toEqual([nested.body.id]);
    expect((await api().get('registered_models/987654321/versions')).status).toBe(404);
  });

  it('finds a version by name within its model, and refuses an ambiguous name without the parent', async () => {
    const a = await api().post<Entity>('registered_models', aRegisteredModel());
    const b = await api().post<Entity>('registered_models', aRegisteredModel());
    const name = unique('shared');
    const va = await api().post<Entity>(
      'model_versions',
      aModelVersion(a.body.id, { name, externalId: unique('e') }),
    );
    await api().post<Entity>('model_versions', aModelVersion(b.body.id, { name }));
    const found = await api().get<Entity>(`model_version?name=${name}&parentResourceId=${a.body.id}`);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(va.body.id);
    const ambiguous = await api().get(`model_version?name=${name}`);
    expect(ambiguous.status).toBe(400);
    expect(String(ambiguous.body['message'])).toContain('parentResourceId');
    const byExternal = await api().get<Entity>(`model_version?externalId=${String(va.body['externalId'])}`);
    expect(byExternal.body.id).toBe(va.body.id);
    expect((await api().get(`model_version?name=${name}&parentResourceId=987654321`)).status).toBe(404);
    expect((await api().get(`model_version?name=${name}&parentResourceId=abc`)).status).toBe(400);
  });

  it("moves the model's lastUpdateTime when a version is created or changed", async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    api().advanceClock(5);
    const version = await api().post<Entity>('model_versions', aModelVersion(model.body.id));
    const afterCreate = await api().get<Entity>(`registered_models/${model.body.id}`);
    expect(afterCreate.body['lastUpdateTimeSinceEpoch']).toBe(version.body['createTimeSinceEpoch']);
    api().advanceClock(5);
    const patched = await api().patch<Entity>(`model_versions/${version.body.id}`, { state: 'ARCHIVED' });
    expect(patched.body['state']).toBe('ARCHIVED');
    const afterPatch = await api().get<Entity>(`registered_models/${model.body.id}`);
    expect(afterPatch.body['lastUpdateTimeSinceEpoch']).toBe(patched.body['lastUpdateTimeSinceEpoch']);
    const moveParent = await api().patch(`model_versions/${version.body.id}`, {
      registeredModelId: '987654321',
    });
    expect(moveParent.status).toBe(400);
  });

  it('lists all models when pageSize is absent and versions across models with /model_versions', async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    for (let i = 0; i < 3; i++) await api().post('model_versions', aModelVersion(model.body.id));
    const all = await api().get<{ items: Entity[]; size: number; pageSize: number; nextPageToken: string }>(
      'model_versions',
    );
    expect(all.status).toBe(200);
    expect(all.body.size).toBe(all.body.items.length);
    expect(all.body.nextPageToken).toBe('');
    expect(all.body.items.filter((v) => v['registeredModelId'] === model.body.id)).toHaveLength(3);
  });

  it('deletes a model with its versions and their artifacts, and refuses while an inference service uses it', async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    const version = await api().post<Entity>('model_versions', aModelVersion(model.body.id));
    const artifact = await api().post<Entity>(`model_versions/${version.body.id}/artifacts`, {
      artifactType: 'model-artifact',
      uri: 's3://x',
      customProperties: { k: stringProperty('v') },
    });
    const env = await api().post<Entity>('serving_environments', { name: unique('env') });
    const isvc = await api().post<Entity>('inference_services', {
      registeredModelId: model.body.id,
      servingEnvironmentId: env.body.id,
    });
    const refused = await api().del(`registered_models/${model.body.id}`);
    expect(refused.status).toBe(409);
    expect((await api().get(`registered_models/${model.body.id}`)).status).toBe(200);
    expect((await api().del(`inference_services/${isvc.body.id}`)).status).toBe(204);
    const deleted = await api().del(`registered_models/${model.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await api().get(`registered_models/${model.body.id}`)).status).toBe(404);
    expect((await api().get(`model_versions/${version.body.id}`)).status).toBe(404);
    expect((await api().get(`artifacts/${artifact.body.id}`)).status).toBe(404);
    expect((await api().del(`registered_models/${model.body.id}`)).status).toBe(404);
  });

  it('deletes a version and moves its model, refusing while a serve model refers to it', async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    const version = await api().post<Entity>('model_versions', aModelVersion(model.body.id));
    const env = await api().post<Entity>('serving_environments', { name: unique('env') });
    const isvc = await api().post<Entity>('inference_services', {
      registeredModelId: model.body.id,
      servingEnvironmentId: env.body.id,
    });
    const serve = await api().post<Entity>(`inference_services/${isvc.body.id}/serves`, {
      modelVersionId: version.body.id,
    });
    expect((await api().del(`model_versions/${version.body.id}`)).status).toBe(409);
    expect((await api().del(`serve_models/${serve.body.id}`)).status).toBe(204);
    expect((await api().del(`model_versions/${version.body.id}`)).status).toBe(204);
    expect((await api().get(`model_versions/${version.body.id}`)).status).toBe(404);
  });
});

function boolPropertyTrue() {
  return { metadataType: 'MetadataBoolValue', bool_value: true };
}
