import { expect, it } from 'vitest';
import { aModelArtifact, aModelVersion, aRegisteredModel, intProperty, unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[]; size: number; nextPageToken: string };

describeEachDatabase('artifacts', (api) => {
  const newVersion = async () => {
    const model = await api().post<Entity>('registered_models', aRegisteredModel());
    return (await api().post<Entity>('model_versions', aModelVersion(model.body.id))).body;
  };

  it('creates each artifact type through /artifacts with its own fields', async () => {
    const model = await api().post<Entity>(
      'artifacts',
      aModelArtifact({ storageKey: 'secret', modelSourceKind: 'kfp' }),
    );
    expect(model.status).toBe(201);
    expect(model.body).toMatchObject({
      artifactType: 'model-artifact',
      state: 'UNKNOWN',
      storageKey: 'secret',
      modelSourceKind: 'kfp',
    });
    const doc = await api().post<Entity>('artifacts', {
      artifactType: 'doc-artifact',
      uri: 'https://docs/x',
      state: 'LIVE',
    });
    expect(doc.body).toMatchObject({ artifactType: 'doc-artifact', uri: 'https://docs/x', state: 'LIVE' });
    expect(doc.body.name).toMatch(/.+/); // a name is generated when none is given
    const dataset = await api().post<Entity>('artifacts', {
      artifactType: 'dataset-artifact',
      name: unique('ds'),
      digest: 'sha256:abc',
      sourceType: 's3',
      source: 's3://data/train',
      schema: '{"type":"object"}',
      profile: 'rows=10',
    });
    expect(dataset.body).toMatchObject({
      artifactType: 'dataset-artifact',
      digest: 'sha256:abc',
      schema: '{"type":"object"}',
    });
    const metric = await api().post<Entity>('artifacts', {
      artifactType: 'metric',
      name: unique('acc'),
      value: 0.93,
      step: 3,
      timestamp: '1700000000000',
    });
    expect(metric.body).toMatchObject({
      artifactType: 'metric',
      value: 0.93,
      step: 3,
      timestamp: '1700000000000',
    });
    const parameter = await api().post<Entity>('artifacts', {
      artifactType: 'parameter',
      name: unique('lr'),
      value: '0.01',
    });
    expect(parameter.body).toMatchObject({
      artifactType: 'parameter',
      value: '0.01',
      parameterType: 'string',
    });
    expect(parameter.body).not.toHaveProperty('modelFormatName');

    for (const created of [model, doc, dataset, metric, parameter]) {
      const fetched = await api().get<Entity>(`artifacts/${created.body.id}`);
      expect(fetched.body).toEqual(created.body);
    }
    const metrics = await api().get<List>('artifacts?artifactType=metric');
    expect(metrics.body.items.every((a) => a['artifactType'] === 'metric')).toBe(true);
    expect(metrics.body.items.map((a) => a.id)).toContain(metric.body.id);
    expect((await api().get('artifacts?artifactType=nope')).status).toBe(400);
  });

  it('refuses fields of another artifact type, a metric without a value, and an unknown type', async () => {
    const wrongField = await api().post('artifacts', {
      artifactType: 'doc-artifact',
      modelFormatName: 'onnx',
    });
    expect(wrongField.status).toBe(400);
    expect(String(wrongField.body['message'])).toContain('modelFormatName');
    expect((await api().post('artifacts', { artifactType: 'metric', name: unique('m') })).status).toBe(400);
    expect((await api().post('artifacts', { artifactType: 'metric', value: 'high' })).status).toBe(400);
    expect((await api().post('artifacts', { artifactType: 'video' })).status).toBe(400);
    expect((await api().post('artifacts', { uri: 's3://x' })).status).toBe(400);
    expect((await api().post('artifacts', { artifactType: 'doc-artifact', state: 'SHINY' })).status).toBe(
      400,
    );
  });

  it('serves model artifacts through /model_artifacts and hides other types there', async () => {
    const created = await api().post<Entity>('model_artifacts', {
      name: unique('ma'),
      uri: 's3://m',
      externalId: unique('x'),
    });
    expect(created.status).toBe(201);
    expect(created.body['artifactType']).toBe('model-artifact');
    const doc = await api().post<Entity>('artifacts', { artifactType: 'doc-artifact', uri: 'https://d' });
    expect((await api().get(`model_artifacts/${doc.body.id}`)).status).toBe(404);
    expect((await api().patch(`model_artifacts/${doc.body.id}`, { uri: 'x' })).status).toBe(404);
    const listed = await api().get<List>('model_artifacts');
    expect(listed.body.items.every((a) => a['artifactType'] === 'model-artifact')).toBe(true);
    expect((await api().post('model_artifacts', { artifactType: 'doc-artifact' })).status).toBe(400);

    const patched = await api().patch<Entity>(`model_artifacts/${created.body.id}`, {
      uri: 's3://m2',
      modelFormatName: 'onnx',
      state: 'LIVE',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      uri: 's3://m2',
      modelFormatName: 'onnx',
      state: 'LIVE',
      name: created.body.name,
    });
    const found = await api().get<Entity>(`model_artifact?externalId=${String(created.body['externalId'])}`);
    expect(found.body.id).toBe(created.body.id);
    const generic = await api().patch<Entity>(`artifacts/${created.body.id}`, {
      artifactType: 'model-artifact',
      description: 'd',
    });
    expect(generic.body['description']).toBe('d');
    expect((await api().patch(`artifacts/${created.body.id}`, { artifactType: 'metric' })).status).toBe(400);
    expect((await api().del(`model_artifacts/${created.body.id}`)).status).toBe(204);
    expect((await api().get(`artifacts/${created.body.id}`)).status).toBe(404);
  });

  it('upserts artifacts of a model version: 201 when new, 200 when updating by id', async () => {
    const version = await newVersion();
    const created = await api().post<Entity>(
      `model_versions/${version.id}/artifacts`,
      aModelArtifact({ name: 'mnist' }),
    );
    expect(created.status).toBe(201);
    const updated = await api().post<Entity>(`model_versions/${version.id}/artifacts`, {
      id: created.body.id,
      artifactType: 'model-artifact',
      uri: 's3://models/mnist/2',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'mnist', uri: 's3://models/mnist/2' });
    // The same name again without an id is a second artifact, which its scope refuses.
    const clash = await api().post(
      `model_versions/${version.id}/artifacts`,
      aModelArtifact({ name: 'mnist' }),
    );
    expect(clash.status).toBe(409);
    // Logging a metric of the same name again updates it.
    const metric = await api().post<Entity>(`model_versions/${version.id}/artifacts`, {
      artifactType: 'metric',
      name: 'acc',
      value: 0.5,
    });
    expect(metric.status).toBe(201);
    const again = await api().post<Entity>(`model_versions/${version.id}/artifacts`, {
      artifactType: 'metric',
      name: 'acc',
      value: 0.7,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: metric.body.id, value: 0.7 });

    const listed = await api().get<List>(`model_versions/${version.id}/artifacts`);
    expect(listed.body.items.map((a) => a.name).sort()).toEqual(['acc', 'mnist']);
    const models = await api().get<List>(
      `model_versions/${version.id}/artifacts?artifactType=model-artifact`,
    );
    expect(models.body.items.map((a) => a.id)).toEqual([created.body.id]);
    const byName = await api().get<List>(`model_versions/${version.id}/artifacts?name=acc`);
    expect(byName.body.items.map((a) => a.id)).toEqual([metric.body.id]);
    // The Kubeflow client finds the model artifact by the model's name within the version.
    const found = await api().get<Entity>(`model_artifact?name=mnist&parentResourceId=${version.id}`);
    expect(found.body.id).toBe(created.body.id);
    const foundAny = await api().get<Entity>(`artifact?name=acc&parentResourceId=${version.id}`);
    expect(foundAny.body.id).toBe(metric.body.id);
    expect((await api().get(`model_artifact?name=acc&parentResourceId=${version.id}`)).status).toBe(404);

    expect((await api().post('model_versions/987654321/artifacts', aModelArtifact())).status).toBe(404);
    expect((await api().get('model_versions/987654321/artifacts')).status).toBe(404);
    expect(
      (
        await api().post(`model_versions/${version.id}/artifacts`, {
          id: '987654321',
          artifactType: 'doc-artifact',
        })
      ).status,
    ).toBe(404);
  });

  it('moves the version and model lastUpdateTime when an artifact changes', async () => {
    const version = await newVersion();
    api().advanceClock(5);
    const artifact = await api().post<Entity>(`model_versions/${version.id}/artifacts`, aModelArtifact());
    const after = await api().get<Entity>(`model_versions/${version.id}`);
    expect(after.body['lastUpdateTimeSinceEpoch']).toBe(artifact.body['createTimeSinceEpoch']);
    const model = await api().get<Entity>(`registered_models/${String(version['registeredModelId'])}`);
    expect(model.body['lastUpdateTimeSinceEpoch']).toBe(artifact.body['createTimeSinceEpoch']);
  });

  it('holds int_value to the reference range and rejects other malformed properties', async () => {
    const ok = await api().post<Entity>('artifacts', {
      artifactType: 'doc-artifact',
      customProperties: { big: intProperty(999999999), small: intProperty(-999999999) },
    });
    expect(ok.status).toBe(201);
    expect(ok.body['customProperties']).toMatchObject({
      big: { int_value: '999999999' },
      small: { int_value: '-999999999' },
    });
    const tooBig = await api().post('artifacts', {
      artifactType: 'doc-artifact',
      customProperties: { n: intProperty('1000000000') },
    });
    expect(tooBig.status).toBe(400);
    expect(String(tooBig.body['message'])).toContain('customProperties.n');
    const notInt = await api().post('artifacts', {
      artifactType: 'doc-artifact',
      customProperties: { n: intProperty('1.5') },
    });
    expect(notInt.status).toBe(400);
    const wrongType = await api().post('artifacts', {
      artifactType: 'doc-artifact',
      customProperties: { n: { metadataType: 'MetadataIntValue', string_value: 'x' } },
    });
    expect(wrongType.status).toBe(400);
    const struct = await api().post<Entity>('artifacts', {
      artifactType: 'doc-artifact',
      customProperties: {
        s: { metadataType: 'MetadataStructValue', struct_value: 'eyJhIjoxfQ==' },
        p: { metadataType: 'MetadataProtoValue', type: 'type.googleapis.com/x', proto_value: 'AAE=' },
      },
    });
    expect(struct.body['customProperties']).toEqual({
      s: { metadataType: 'MetadataStructValue', struct_value: 'eyJhIjoxfQ==' },
      p: { metadataType: 'MetadataProtoValue', type: 'type.googleapis.com/x', proto_value: 'AAE=' },
    });
  });
});
