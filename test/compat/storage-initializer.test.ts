import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { CsiError, ModelRegistryProvider } from './support/csi-model.js';
import { GoApiError, GoOpenApiClient } from './support/go-openapi-client.js';
import { RecordingTransport } from './support/recording-transport.js';

// Replays of the `model-registry://` storage initializer (the Go csi provider in kubeflow/model-registry)
// resolving a storage URI against the server, through the model in ./support/csi-model.ts.

type Entity = Record<string, unknown> & { id: string; name: string };

const LIST = 'orderBy=CREATE_TIME&sortOrder=DESC';

describeEachDatabase('model-registry:// storage initializer replay', (api) => {
  let http: RecordingTransport;
  let provider: ModelRegistryProvider;
  let mnist: Entity;
  const versions: Record<string, Entity> = {};

  // Setup goes straight to the API; only the initializer's own requests are recorded.
  const post = async (path: string, body: unknown): Promise<Entity> => {
    const response = await api().post<Entity>(path, body);
    expect(response.status, `POST ${path}`).toBeLessThan(300);
    return response.body;
  };
  const addVersion = async (model: Entity, name: string, uri: string | undefined): Promise<Entity> => {
    const version = await post('model_versions', { name, registeredModelId: model.id, author: 'ci' });
    if (uri !== undefined) {
      await post(`model_versions/${version.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: model.name,
        uri,
        modelFormatName: 'onnx',
        modelFormatVersion: '1',
      });
    }
    api().advanceClock(3);
    return version;
  };

  beforeAll(async () => {
    http = new RecordingTransport(api);
    const client = new GoOpenApiClient(http, 'modelreg.kubeflow.svc.cluster.local:8080');
    provider = new ModelRegistryProvider(client);
    mnist = await post('registered_models', { name: 'mnist', owner: 'ci' });
    for (const name of ['v1', 'v2', 'v3']) {
      versions[name] = await addVersion(mnist, name, `s3://models/mnist/${name}/model.onnx`);
    }
  });

  it('model-registry://mnist resolves the latest version by CREATE_TIME DESC and its latest artifact', async () => {
    const resolution = await provider.resolve('model-registry://mnist');
    const v3 = versions['v3'] as Entity;
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /registered_models/${mnist.id}/versions?${LIST} -> 200`,
      `GET /model_versions/${v3.id}/artifacts?${LIST} -> 200`,
    ]);
    expect(resolution).toMatchObject({
      registeredModelName: 'mnist',
      versionName: undefined,
      version: { id: v3.id, name: 'v3', registeredModelId: mnist.id },
      protocol: 's3://',
      uri: 's3://models/mnist/v3/model.onnx',
    });
  });

  it('model-registry://mnist/v1 finds the named version within the model', async () => {
    const resolution = await provider.resolve('model-registry://mnist/v1');
    const v1 = versions['v1'] as Entity;
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v1&parentResourceId=${mnist.id} -> 200`,
      `GET /model_versions/${v1.id}/artifacts?${LIST} -> 200`,
    ]);
    expect(resolution).toMatchObject({
      versionName: 'v1',
      version: { id: v1.id, name: 'v1' },
      uri: 's3://models/mnist/v1/model.onnx',
    });
  });

  it('model-registry://<host>/mnist/v2 drops the host when it is the client host', async () => {
    const resolution = await provider.resolve(
      'model-registry://modelreg.kubeflow.svc.cluster.local:8080/mnist/v2',
    );
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v2&parentResourceId=${mnist.id} -> 200`,
      `GET /model_versions/${versions['v2']?.id}/artifacts?${LIST} -> 200`,
    ]);
    expect(resolution.uri).toBe('s3://models/mnist/v2/model.onnx');
  });

  it('the newest artifact of the version wins, and a newer version shadows older ones', async () => {
    const v4 = await addVersion(mnist, 'v4', 's3://models/mnist/v4/first.onnx');
    await post(`model_versions/${v4.id}/artifacts`, {
      artifactType: 'model-artifact',
      name: 'mnist-reexport',
      uri: 'gs://models/mnist/v4/second.onnx',
    });
    const resolution = await provider.resolve('model-registry://mnist');
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /registered_models/${mnist.id}/versions?${LIST} -> 200`,
      `GET /model_versions/${v4.id}/artifacts?${LIST} -> 200`,
    ]);
    expect(resolution).toMatchObject({
      version: { name: 'v4' },
      protocol: 'gs://',
      uri: 'gs://models/mnist/v4/second.onnx',
    });
  });

  it('a missing model is the 404 of the model find, which the initializer reports as is', async () => {
    const error = await provider.resolve('model-registry://no-such-model').catch((e: unknown) => e);
    expect(http.take()).toEqual(['GET /registered_model?name=no-such-model -> 404']);
    expect(error).toBeInstanceOf(GoApiError);
    expect((error as GoApiError).message).toBe('404 Not Found');
    expect((error as GoApiError).model).toMatchObject({ code: 'Not Found' });
    expect((error as GoApiError).model?.message).toMatch(/.+/);
  });

  it('a missing version is the 404 of the version find, wrapped as ErrFetchingModelVersion', async () => {
    const error = await provider.resolve('model-registry://mnist/v9').catch((e: unknown) => e);
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=v9&parentResourceId=${mnist.id} -> 404`,
    ]);
    expect(error).toBeInstanceOf(CsiError);
    expect((error as CsiError).kind).toBe('ErrFetchingModelVersion');
    expect((error as CsiError).cause).toBeInstanceOf(GoApiError);
    expect(((error as CsiError).cause as GoApiError).status).toBe(404);
    expect(((error as CsiError).cause as GoApiError).model).toMatchObject({ code: 'Not Found' });
  });

  it('a version of another model is not found under this one', async () => {
    const other = await post('registered_models', { name: 'fashion-mnist' });
    await addVersion(other, 'only-in-fashion', 's3://models/fashion/1');
    const error = await provider.resolve('model-registry://mnist/only-in-fashion').catch((e: unknown) => e);
    expect(http.take()).toEqual([
      'GET /registered_model?name=mnist -> 200',
      `GET /model_version?name=only-in-fashion&parentResourceId=${mnist.id} -> 404`,
    ]);
    expect((error as CsiError).kind).toBe('ErrFetchingModelVersion');
  });

  it('a model without versions: the listing says size 0, which the initializer reports', async () => {
    const empty = await post('registered_models', { name: 'no-versions' });
    const error = await provider.resolve('model-registry://no-versions').catch((e: unknown) => e);
    const [, listing] = http.pending();
    expect(http.take()).toEqual([
      'GET /registered_model?name=no-versions -> 200',
      `GET /registered_models/${empty.id}/versions?${LIST} -> 200`,
    ]);
    expect(listing?.body).toEqual({ items: [], nextPageToken: '', pageSize: 0, size: 0 });
    expect((error as CsiError).kind).toBe('ErrNoVersionAssociated');
  });

  it('a version without artifacts: the artifact listing says size 0, which the initializer reports', async () => {
    const model = await post('registered_models', { name: 'no-artifacts' });
    const version = await addVersion(model, '1', undefined);
    const error = await provider.resolve('model-registry://no-artifacts/1').catch((e: unknown) => e);
    expect(http.take()).toEqual([
      'GET /registered_model?name=no-artifacts -> 200',
      `GET /model_version?name=1&parentResourceId=${model.id} -> 200`,
      `GET /model_versions/${version.id}/artifacts?${LIST} -> 200`,
    ]);
    expect((error as CsiError).kind).toBe('ErrNoArtifactAssociated');
  });

  it('a latest artifact that is not a model artifact is refused (ErrNoModelArtifact)', async () => {
    const model = await post('registered_models', { name: 'doc-last' });
    const version = await addVersion(model, '1', 's3://models/doc-last/1');
    await post(`model_versions/${version.id}/artifacts`, {
      artifactType: 'doc-artifact',
      name: 'model-card',
      uri: 'https://example.com/card.md',
    });
    const error = await provider.resolve('model-registry://doc-last/1').catch((e: unknown) => e);
    const [, , listing] = http.pending();
    expect(http.take()).toHaveLength(3);
    expect((listing?.body as { items: { artifactType: string }[] }).items.map((a) => a.artifactType)).toEqual(
      ['doc-artifact', 'model-artifact'],
    );
    expect((error as CsiError).kind).toBe('ErrNoModelArtifact');
  });

  it('a model artifact without a uri is refused (ErrModelArtifactEmptyURI)', async () => {
    const model = await post('registered_models', { name: 'no-uri' });
    const version = await addVersion(model, '1', undefined);
    await post(`model_versions/${version.id}/artifacts`, { artifactType: 'model-artifact', name: 'no-uri' });
    const error = await provider.resolve('model-registry://no-uri/1').catch((e: unknown) => e);
    const [, , listing] = http.pending();
    expect(http.take()).toHaveLength(3);
    expect((listing?.body as { items: object[] }).items[0]).not.toHaveProperty('uri');
    expect((error as CsiError).kind).toBe('ErrModelArtifactEmptyURI');
  });

  it('an artifact uri with a protocol KServe does not support is refused', async () => {
    const model = await post('registered_models', { name: 'ftp-model' });
    await addVersion(model, '1', 'ftp://models/ftp-model/1');
    const error = await provider.resolve('model-registry://ftp-model').catch((e: unknown) => e);
    expect(http.take()).toHaveLength(3);
    expect((error as CsiError).kind).toBe('ErrProtocolNotSupported');
  });
});
