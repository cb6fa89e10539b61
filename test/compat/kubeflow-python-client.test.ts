import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import {
  ModelRegistry,
  PyAssertionError,
  RegisteredModel,
  StoreError,
  type ModelVersion,
  type PyMetadata,
} from './support/python-client-model.js';
import { pythonQuote, RecordingTransport } from './support/recording-transport.js';

// Replays of the Kubeflow Python client (`model-registry` on PyPI) against the server: each test
// drives the client model in ./support/python-client-model.ts the way a notebook would, and asserts
// the exact request sequence the client produced and what it made of the answers.

describeEachDatabase('Kubeflow Python client replay', (api) => {
  let http: RecordingTransport;
  let client: ModelRegistry;

  beforeAll(() => {
    http = new RecordingTransport(api);
  });

  it('the constructor lists one registered model, ascending, and accepts an empty registry', async () => {
    client = await ModelRegistry.connect(http, { author: 'alice' });
    const [probe] = http.pending();
    expect(probe?.body).toEqual({ items: [], nextPageToken: '', pageSize: 1, size: 0 });
    expect(http.take()).toEqual(['GET /registered_models?pageSize=1&sortOrder=ASC -> 200']);
  });

  it('register_model finds nothing, then creates the model, the version and its artifact (201 each)', async () => {
    const rm = await client.registerModel('mnist', 's3://models/mnist/v1', {
      version: 'v1',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      description: 'first cut',
      storageKey: 'aws-connection-models',
      storagePath: 'mnist/v1',
    });
    const [, createModel, , createVersion, createArtifact] = http.pending();
    const rmId = rm.id as string;
    const mvId = (createVersion?.body as { id: string }).id;
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 404',
      'POST /registered_models -> 201',
      `GET /model_version?name=v1&parentResourceId=${rmId} -> 404`,
      'POST /model_versions -> 201',
      `POST /model_versions/${mvId}/artifacts -> 201`,
    ]);
    expect(createModel?.requestBody).toEqual({ name: 'mnist', owner: 'alice', state: 'LIVE' });
    expect(createVersion?.requestBody).toEqual({
      registeredModelId: rmId,
      name: 'v1',
      author: 'alice',
      state: 'LIVE',
      description: 'first cut',
    });
    expect(createArtifact?.requestBody).toEqual({
      artifactType: 'model-artifact',
      name: 'mnist',
      uri: 's3://models/mnist/v1',
      state: 'UNKNOWN',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      storageKey: 'aws-connection-models',
      storagePath: 'mnist/v1',
    });
    expect(createArtifact?.body).toMatchObject({
      artifactType: 'model-artifact',
      name: 'mnist',
      uri: 's3://models/mnist/v1',
      state: 'UNKNOWN',
    });
    expect(rm).toMatchObject({ name: 'mnist', owner: 'alice', state: 'LIVE' });
    expect(rm.id).toMatch(/^[1-9][0-9]*$/);
    expect(rm.createTimeSinceEpoch).toMatch(/^[0-9]+$/);
  });

  it('registering another version reuses the model found by name (200) and names its artifact after the model too', async () => {
    const rm = await client.registerModel('mnist', 's3://models/mnist/v2', {
      version: 'v2',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      author: 'bob',
      owner: 'ignored-as-the-model-exists',
    });
    const createVersion = http.pending()[2];
    const mvId = (createVersion?.body as { id: string }).id;
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v2&parentResourceId=${rm.id} -> 404`,
      'POST /model_versions -> 201',
      `POST /model_versions/${mvId}/artifacts -> 201`,
    ]);
    expect(rm.owner).toBe('alice');
    // No metadata: customProperties is left out of the body entirely.
    expect(createVersion?.requestBody).toEqual({
      registeredModelId: rm.id,
      name: 'v2',
      author: 'bob',
      state: 'LIVE',
    });
  });

  it('registering an existing version fails in the client, after the version find answers 200', async () => {
    const rm = await client.getRegisteredModel('mnist');
    http.take();
    await expect(
      client.registerModel('mnist', 's3://models/mnist/v1-again', {
        version: 'v1',
        modelFormatName: 'onnx',
        modelFormatVersion: '1',
      }),
    ).rejects.toThrow(new StoreError('Version v1 already exists'));
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v1&parentResourceId=${rm?.id} -> 200`,
    ]);
  });

  it('get_model_version and get_model_artifact: finds scoped by parent, the artifact found by the MODEL name', async () => {
    const rm = await client.getRegisteredModel('mnist');
    http.take();
    const v1 = await client.getModelVersion('mnist', 'v1');
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v1&parentResourceId=${rm?.id} -> 200`,
    ]);
    expect(v1).toMatchObject({ name: 'v1', author: 'alice', state: 'LIVE', description: 'first cut' });
    expect(v1?.id).toMatch(/^[1-9][0-9]*$/);

    for (const [version, uri, author] of [
      ['v1', 's3://models/mnist/v1', 'alice'],
      ['v2', 's3://models/mnist/v2', 'bob'],
    ] as const) {
      const artifact = await client.getModelArtifact('mnist', version);
      const versionId = (http.pending()[1]?.body as { id: string }).id;
      expect(http.take()).toEqual([
        'GET /registered_model?name=mnist -> 200',
        `GET /model_version?name=${version}&parentResourceId=${rm?.id} -> 200`,
        `GET /model_artifact?name=mnist&parentResourceId=${versionId} -> 200`,
      ]);
      expect(artifact).toMatchObject({
        name: 'mnist',
        uri,
        state: 'UNKNOWN',
        modelFormatName: 'onnx',
        modelFormatVersion: '1',
      });
      expect((await client.getModelVersion('mnist', version))?.author).toBe(author);
      http.take();
    }
  });

  it('a 404 from a find is None to the caller; a missing parent is a StoreError', async () => {
    expect(await client.getRegisteredModel('no-such-model')).toBeNull();
    expect(http.take()).toEqual(['GET /registered_model?name=no-such-model -> 404']);

    await expect(client.getModelVersion('no-such-model', 'v1')).rejects.toThrow(
      new StoreError('Model no-such-model does not exist'),
    );
    expect(http.take()).toEqual(['GET /registered_model?name=no-such-model -> 404']);

    const rm = await client.getRegisteredModel('mnist');
    http.take();
    expect(await client.getModelVersion('mnist', 'v9')).toBeNull();
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v9&parentResourceId=${rm?.id} -> 404`,
    ]);

    await expect(client.getModelArtifact('mnist', 'v9')).rejects.toThrow(
      new StoreError('Version v9 does not exist'),
    );
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v9&parentResourceId=${rm?.id} -> 404`,
    ]);
  });

  it('metadata of each Python type round-trips: int as an int_value string, float, str and bool', async () => {
    const metadata: PyMetadata = {
      epochs: 12n,
      offset: -7n,
      zero: 0n,
      largest: 999_999_999n,
      accuracy: 0.97,
      loss: -2.5e-7,
      framework: 'pytorch',
      note: '',
      unicode: 'modèle ✓',
      trusted: true,
      quantized: false,
      skipped: null,
    };
    await client.registerModel('typed', 's3://models/typed/1', {
      version: '1.0.0',
      modelFormatName: 'pytorch',
      modelFormatVersion: '2.1',
      metadata,
    });
    const createVersion = http.pending()[3];
    http.take();
    expect(createVersion?.requestBody).toMatchObject({
      customProperties: {
        epochs: { int_value: '12', metadataType: 'MetadataIntValue' },
        offset: { int_value: '-7', metadataType: 'MetadataIntValue' },
        zero: { int_value: '0', metadataType: 'MetadataIntValue' },
        largest: { int_value: '999999999', metadataType: 'MetadataIntValue' },
        accuracy: { double_value: 0.97, metadataType: 'MetadataDoubleValue' },
        loss: { double_value: -2.5e-7, metadataType: 'MetadataDoubleValue' },
        framework: { string_value: 'pytorch', metadataType: 'MetadataStringValue' },
        note: { string_value: '', metadataType: 'MetadataStringValue' },
        unicode: { string_value: 'modèle ✓', metadataType: 'MetadataStringValue' },
        trusted: { bool_value: true, metadataType: 'MetadataBoolValue' },
        quantized: { bool_value: false, metadataType: 'MetadataBoolValue' },
      },
    });
    expect(
      Object.keys((createVersion?.requestBody as { customProperties: object }).customProperties),
    ).not.toContain('skipped');
    // The server answers in the same wire form, so the client reads back the same Python values.
    expect(createVersion?.body).toMatchObject({
      customProperties: (createVersion?.requestBody as { customProperties: object }).customProperties,
    });

    const version = await client.getModelVersion('typed', '1.0.0');
    expect(http.take()).toHaveLength(2);
    const { skipped: _skipped, ...expected } = metadata;
    expect(version?.customProperties).toEqual(expected);
  });

  it('update(registered model) PATCHes everything but the name, and replaces customProperties', async () => {
    const rm = await client.getRegisteredModel('mnist');
    expect(rm).not.toBeNull();
    if (rm === null) return;
    rm.description = 'handwritten digits';
    rm.customProperties = { team: 'vision', tier: 1n };
    http.take();
    const updated = await client.update(rm);
    const [patch] = http.pending();
    expect(http.take()).toEqual([`PATCH /registered_models/${rm.id} -> 200`]);
    expect(patch?.requestBody).toEqual({
      owner: 'alice',
      state: 'LIVE',
      description: 'handwritten digits',
      customProperties: {
        team: { string_value: 'vision', metadataType: 'MetadataStringValue' },
        tier: { int_value: '1', metadataType: 'MetadataIntValue' },
      },
    });
    expect(updated).toMatchObject({
      id: rm.id,
      name: 'mnist',
      description: 'handwritten digits',
      customProperties: { team: 'vision', tier: 1n },
    });

    // The client sends the whole map it holds; the server drops what the map no longer has.
    updated.customProperties = { team: 'platform', archived: false };
    updated.state = 'ARCHIVED';
    const again = await client.update(updated);
    expect(http.take()).toEqual([`PATCH /registered_models/${rm.id} -> 200`]);
    expect(again.customProperties).toEqual({ team: 'platform', archived: false });
    expect(again.state).toBe('ARCHIVED');
    const reread = await client.getRegisteredModel('mnist');
    expect(reread).toMatchObject({
      name: 'mnist',
      state: 'ARCHIVED',
      customProperties: { team: 'platform', archived: false },
    });
    if (reread === null) return;
    reread.state = 'LIVE';
    await client.update(reread);
    http.take();
  });

  it('update(model version) PATCHes without name or registeredModelId, and replaces customProperties', async () => {
    await client.registerModel('versioned', 's3://models/versioned/1', {
      version: '1',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      metadata: { a: 1n, b: 'x' },
    });
    const version = (await client.getModelVersion('versioned', '1')) as ModelVersion;
    expect(version.customProperties).toEqual({ a: 1n, b: 'x' });
    version.customProperties = { b: 'y', c: true };
    version.description = 'promoted';
    http.take();
    await client.update(version);
    const [patch] = http.pending();
    expect(http.take()).toEqual([`PATCH /model_versions/${version.id} -> 200`]);
    expect(patch?.requestBody).toEqual({
      author: 'alice',
      state: 'LIVE',
      description: 'promoted',
      customProperties: {
        b: { string_value: 'y', metadataType: 'MetadataStringValue' },
        c: { bool_value: true, metadataType: 'MetadataBoolValue' },
      },
    });
    const reread = await client.getModelVersion('versioned', '1');
    expect(reread).toMatchObject({ id: version.id, name: '1', description: 'promoted' });
    expect(reread?.customProperties).toEqual({ b: 'y', c: true });
    http.take();
  });

  it('update(model artifact) PATCHes /model_artifacts/{id} without the name; the find by model name still works', async () => {
    const artifact = await client.getModelArtifact('versioned', '1');
    expect(artifact).not.toBeNull();
    if (artifact === null) return;
    artifact.uri = 's3://models/versioned/1-fixed';
    artifact.storagePath = 'versioned/1-fixed';
    artifact.customProperties = { sha256: 'abc123', bytes: 1024n };
    http.take();
    const updated = await client.update(artifact);
    const [patch] = http.pending();
    expect(http.take()).toEqual([`PATCH /model_artifacts/${artifact.id} -> 200`]);
    expect(patch?.requestBody).toEqual({
      artifactType: 'model-artifact',
      uri: 's3://models/versioned/1-fixed',
      state: 'UNKNOWN',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      storagePath: 'versioned/1-fixed',
      customProperties: {
        sha256: { string_value: 'abc123', metadataType: 'MetadataStringValue' },
        bytes: { int_value: '1024', metadataType: 'MetadataIntValue' },
      },
    });
    expect(updated).toMatchObject({
      id: artifact.id,
      name: 'versioned',
      uri: 's3://models/versioned/1-fixed',
    });

    updated.customProperties = { sha256: 'def456' };
    await client.update(updated);
    http.take();
    const reread = await client.getModelArtifact('versioned', '1');
    expect(reread).toMatchObject({
      id: artifact.id,
      name: 'versioned',
      uri: 's3://models/versioned/1-fixed',
      storagePath: 'versioned/1-fixed',
      customProperties: { sha256: 'def456' },
    });
    http.take();
  });

  it('an emptied metadata map is left out of the PATCH, so the server keeps what it has', async () => {
    const version = (await client.getModelVersion('versioned', '1')) as ModelVersion;
    version.customProperties = {};
    version.description = 'emptied map';
    http.take();
    await client.update(version);
    const [patch] = http.pending();
    http.take();
    expect(patch?.requestBody).toEqual({ author: 'alice', state: 'LIVE', description: 'emptied map' });
    const reread = await client.getModelVersion('versioned', '1');
    expect(reread?.customProperties).toEqual({ b: 'y', c: true });
    http.take();
  });

  // ---- the Pager: get_model_versions(name).order_by_creation_time().descending().page_size(2)

  const versionPager = async (model: string) =>
    (await client.getModelVersions(model)).orderByCreationTime().descending().pageSize(2);

  it('Pager over no versions: one request answers an empty page, which the client asserts against', async () => {
    // A model without versions, created through the core call register_model uses.
    const bare = await client.api.upsertRegisteredModel(
      new RegisteredModel({ name: 'bare', owner: 'alice' }),
    );
    expect(http.take()).toEqual(['POST /registered_models -> 201']);
    const pager = await versionPager('bare');
    const error = await pager.toList().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyAssertionError);
    const [, page] = http.pending();
    expect(page?.body).toEqual({ items: [], nextPageToken: '', pageSize: 2, size: 0 });
    expect(http.take()).toEqual([
      'GET /registered_model?name=bare -> 200',
      `GET /registered_models/${bare.id}/versions?pageSize=2&orderBy=CREATE_TIME&sortOrder=DESC -> 200`,
    ]);
  });

  for (const count of [1, 2, 4, 5]) {
    const pages = Math.ceil(count / 2);
    it(`Pager over ${count} version(s), pageSize 2, CREATE_TIME DESC: ${pages} page(s), then one refetch returning the first page`, async () => {
      const model = `paged-${count}`;
      const created: string[] = [];
      for (let i = 1; i <= count; i += 1) {
        await client.registerModel(model, `s3://models/${model}/${i}`, {
          version: `${i}.0`,
          modelFormatName: 'onnx',
          modelFormatVersion: '1',
        });
        created.push(`${i}.0`);
        api().advanceClock(3);
      }
      http.take();
      const pager = await versionPager(model);
      const names = (await pager.toList()).map((v) => v.name);
      expect(names).toEqual([...created].reverse());

      const exchanges = http.pending();
      const lists = exchanges.slice(1);
      const bodies = lists.map((e) => e.body as { items: { id: string }[]; nextPageToken: string });
      const rmId = (exchanges[0]?.body as { id: string }).id;
      const query = 'pageSize=2&orderBy=CREATE_TIME&sortOrder=DESC';
      const expected = [
        'GET /registered_model?name=' + model + ' -> 200',
        `GET /registered_models/${rmId}/versions?${query} -> 200`,
      ];
      for (let page = 1; page <= pages; page += 1) {
        // After the last page the client sends the empty token it got: `nextPageToken=`.
        const token = page < pages ? (bodies[page - 1]?.nextPageToken ?? '?') : '';
        expected.push(
          `GET /registered_models/${rmId}/versions?${query}&nextPageToken=${pythonQuote(token)} -> 200`,
        );
      }
      expect(http.take()).toEqual(expected);
      // Every page but the last has a token; the last says '' (even when it is exactly full).
      expect(bodies.slice(0, pages).map((b) => b.nextPageToken !== '')).toEqual([
        ...Array<boolean>(pages - 1).fill(true),
        false,
      ]);
      // The extra request is the first page again, with the first page's token.
      const first = bodies[0];
      const extra = bodies[pages];
      expect(extra?.items.map((v) => v.id)).toEqual(first?.items.map((v) => v.id));
      expect(extra?.nextPageToken).toBe(first?.nextPageToken);
    });
  }

  it('Pager over all registered models with default options: one page, then the loop-detection refetch', async () => {
    const models = await client.getRegisteredModels().toList();
    const [first, second] = http.pending();
    expect(http.take()).toEqual([
      'GET /registered_models?sortOrder=ASC -> 200',
      'GET /registered_models?sortOrder=ASC&nextPageToken= -> 200',
    ]);
    expect(first?.body).toEqual(second?.body);
    expect(models.map((m) => m.name)).toEqual(
      (first?.body as { items: { name: string }[] }).items.map((m) => m.name),
    );
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(['mnist', 'typed', 'versioned', 'bare']),
    );
  });

  it('Pager over registered models by id, pageSize 2: every model once, in id order', async () => {
    const all = (await client.getRegisteredModels().toList()).map((m) => Number(m.id));
    http.take();
    const paged = (await client.getRegisteredModels().orderById().pageSize(2).toList()).map((m) =>
      Number(m.id),
    );
    expect(paged).toEqual([...all].sort((a, b) => a - b));
    expect(http.take()).toHaveLength(Math.ceil(all.length / 2) + 1);
  });
});
