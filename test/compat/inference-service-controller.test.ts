import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { GoOpenApiClient } from './support/go-openapi-client.js';
import {
  FINALIZER,
  InferenceServiceController,
  LABELS,
  type IsvcResource,
} from './support/isvc-controller-model.js';
import { goQueryEscape, RecordingTransport } from './support/recording-transport.js';

// Replays of the Model Registry InferenceService controller (pkg/inferenceservice-controller) keeping
// the registry in step with a KServe InferenceService through its life, through the model in
// ./support/isvc-controller-model.ts.

type Entity = Record<string, unknown> & { id: string; name: string };

describeEachDatabase('InferenceService controller replay', (api) => {
  let http: RecordingTransport;
  let controller: InferenceServiceController;
  let model: Entity;
  let v1: Entity;
  let v2: Entity;

  const post = async (path: string, body: unknown): Promise<Entity> => {
    const response = await api().post<Entity>(path, body);
    expect(response.status, `POST ${path}`).toBeLessThan(300);
    return response.body;
  };
  const inferenceService = async (id: string) => (await api().get<Entity>(`inference_services/${id}`)).body;
  const isvcResource = (name: string, namespace: string, labels: Record<string, string>): IsvcResource => ({
    name,
    namespace,
    uid: `0f8fad5b-d9cb-469f-a165-${namespace}-${name}`,
    labels,
    finalizers: [],
    runtime: 'kserve-ovms',
  });

  beforeAll(async () => {
    http = new RecordingTransport(api);
    controller = new InferenceServiceController(new GoOpenApiClient(http));
    model = await post('registered_models', { name: 'mnist' });
    v1 = await post('model_versions', { name: 'v1', registeredModelId: model.id });
    api().advanceClock(3);
    v2 = await post('model_versions', { name: 'v2', registeredModelId: model.id });
  });

  it('follows one ISVC from creation to deletion', async () => {
    const isvc = isvcResource('mnist-isvc', 'team-a', {
      [LABELS.registeredModelId]: model.id,
      [LABELS.modelVersionId]: v1.id,
    });
    const isName = goQueryEscape(`${isvc.name}/${isvc.uid}`);
    expect(isName).toContain('%2F');

    // 1. A new ISVC: no serving environment for the namespace yet, no inference service either.
    await controller.reconcile(isvc);
    const [, createEnv, , createIs] = http.pending();
    const envId = (createEnv?.body as Entity).id;
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 404',
      'POST /serving_environments -> 201',
      `GET /inference_service?name=${isName}&parentResourceId=${envId} -> 404`,
      'POST /inference_services -> 200',
    ]);
    expect(createEnv?.requestBody).toEqual({ name: 'team-a' });
    expect(createIs?.requestBody).toEqual({
      desiredState: 'DEPLOYED',
      modelVersionId: v1.id,
      name: `mnist-isvc/${isvc.uid}`,
      registeredModelId: model.id,
      runtime: 'kserve-ovms',
      servingEnvironmentId: envId,
    });
    const isId = (createIs?.body as Entity).id;
    expect(isvc.labels[LABELS.inferenceServiceId]).toBe(isId);
    expect(isvc.finalizers).toEqual([FINALIZER]);
    expect(await inferenceService(isId)).toMatchObject({
      name: `mnist-isvc/${isvc.uid}`,
      servingEnvironmentId: envId,
      registeredModelId: model.id,
      modelVersionId: v1.id,
      runtime: 'kserve-ovms',
      desiredState: 'DEPLOYED',
    });

    // 2. The label update triggers another reconcile: read by id, no URL yet, nothing to write.
    await controller.reconcile(isvc);
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
    ]);

    // 3. KServe publishes the URL: the controller writes it into customProperties.url.
    isvc.statusUrl = 'http://mnist-isvc.team-a.example.com';
    await controller.reconcile(isvc);
    const [, , patchUrl] = http.pending();
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
      `PATCH /inference_services/${isId} -> 200`,
    ]);
    expect(patchUrl?.requestBody).toEqual({
      customProperties: {
        url: { string_value: 'http://mnist-isvc.team-a.example.com', metadataType: 'MetadataStringValue' },
      },
    });
    expect((await inferenceService(isId))['customProperties']).toEqual({
      url: { metadataType: 'MetadataStringValue', string_value: 'http://mnist-isvc.team-a.example.com' },
    });

    // 4. Same URL: the stored one is read back equal, so no PATCH.
    await controller.reconcile(isvc);
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
    ]);

    // 5. Someone else added a custom property; a new URL is patched in with the others sent back.
    await api().patch(`inference_services/${isId}`, {
      customProperties: {
        url: { metadataType: 'MetadataStringValue', string_value: 'http://mnist-isvc.team-a.example.com' },
        'owner-team': { metadataType: 'MetadataStringValue', string_value: 'vision' },
        replicas: { metadataType: 'MetadataIntValue', int_value: '3' },
      },
    });
    isvc.statusUrl = 'https://mnist-isvc.team-a.example.com';
    await controller.reconcile(isvc);
    const [, , patchAgain] = http.pending();
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
      `PATCH /inference_services/${isId} -> 200`,
    ]);
    expect(patchAgain?.requestBody).toEqual({
      customProperties: {
        url: { string_value: 'https://mnist-isvc.team-a.example.com', metadataType: 'MetadataStringValue' },
        'owner-team': { string_value: 'vision', metadataType: 'MetadataStringValue' },
        replicas: { int_value: '3', metadataType: 'MetadataIntValue' },
      },
    });
    expect((await inferenceService(isId))['customProperties']).toEqual({
      url: { metadataType: 'MetadataStringValue', string_value: 'https://mnist-isvc.team-a.example.com' },
      'owner-team': { metadataType: 'MetadataStringValue', string_value: 'vision' },
      replicas: { metadataType: 'MetadataIntValue', int_value: '3' },
    });

    // 6. The ISVC is deleted: desiredState goes to UNDEPLOYED and the finalizer is released.
    isvc.deletionTimestamp = '2024-01-01T00:00:00Z';
    await controller.reconcile(isvc);
    const [, , undeploy] = http.pending();
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
      `PATCH /inference_services/${isId} -> 200`,
    ]);
    expect(undeploy?.requestBody).toEqual({ desiredState: 'UNDEPLOYED' });
    expect(isvc.finalizers).toEqual([]);
    expect(await inferenceService(isId)).toMatchObject({
      desiredState: 'UNDEPLOYED',
      modelVersionId: v1.id,
      customProperties: { url: { string_value: 'https://mnist-isvc.team-a.example.com' } },
    });

    // 7. A late reconcile of the deleting ISVC finds it UNDEPLOYED already: no PATCH.
    await controller.reconcile(isvc);
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
    ]);
  });

  it('reuses the serving environment of the namespace, and sends the URL and no modelVersionId when it has them so', async () => {
    const env = (await api().get<Entity>('serving_environment?name=team-a')).body;
    const isvc = isvcResource('latest-isvc', 'team-a', { [LABELS.registeredModelId]: model.id });
    delete isvc.runtime;
    isvc.statusUrl = 'http://latest-isvc.team-a.example.com';
    await controller.reconcile(isvc);
    const [, , createIs] = http.pending();
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_service?name=${goQueryEscape(`latest-isvc/${isvc.uid}`)}&parentResourceId=${env.id} -> 404`,
      'POST /inference_services -> 200',
    ]);
    expect(createIs?.requestBody).toEqual({
      desiredState: 'DEPLOYED',
      name: `latest-isvc/${isvc.uid}`,
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
      customProperties: {
        url: { string_value: 'http://latest-isvc.team-a.example.com', metadataType: 'MetadataStringValue' },
      },
    });
    const isId = isvc.labels[LABELS.inferenceServiceId] as string;
    expect(isId).toBe((createIs?.body as Entity).id);
    expect(createIs?.body).not.toHaveProperty('modelVersionId');
    // Without a pinned version the registry serves the newest version of the model.
    expect((await api().get<Entity>(`inference_services/${isId}/version`)).body.id).toBe(v2.id);

    // The URL is already stored: the next reconcile writes nothing.
    await controller.reconcile(isvc);
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-a -> 200',
      `GET /inference_services/${isId} -> 200`,
    ]);
  });

  it('finds an inference service it created before the id label was written, instead of creating another', async () => {
    const isvc = isvcResource('restarted-isvc', 'team-b', {
      [LABELS.registeredModelId]: model.id,
      [LABELS.modelVersionId]: v2.id,
    });
    await controller.reconcile(isvc);
    const createdId = isvc.labels[LABELS.inferenceServiceId] as string;
    const envId = (http.pending()[1]?.body as Entity).id;
    http.take();

    // The controller crashed before the label update reached the cluster.
    const relabelled: IsvcResource = {
      ...isvc,
      labels: { [LABELS.registeredModelId]: model.id, [LABELS.modelVersionId]: v2.id },
    };
    await controller.reconcile(relabelled);
    expect(http.take()).toEqual([
      'GET /serving_environment?name=team-b -> 200',
      `GET /inference_service?name=${goQueryEscape(`restarted-isvc/${isvc.uid}`)}&parentResourceId=${envId} -> 200`,
    ]);
    expect(relabelled.labels[LABELS.inferenceServiceId]).toBe(createdId);
    const listed = await api().get<{ items: Entity[] }>(`serving_environments/${envId}/inference_services`);
    expect(listed.body.items.map((i) => i.id)).toEqual([createdId]);
  });

  it('the same ISVC name in another namespace is another inference service in another serving environment', async () => {
    const a = isvcResource('shared-name', 'team-c', { [LABELS.registeredModelId]: model.id });
    const b = isvcResource('shared-name', 'team-d', { [LABELS.registeredModelId]: model.id });
    await controller.reconcile(a);
    await controller.reconcile(b);
    const exchanges = http.pending();
    expect(http.take().filter((line) => line.startsWith('POST'))).toEqual([
      'POST /serving_environments -> 201',
      'POST /inference_services -> 200',
      'POST /serving_environments -> 201',
      'POST /inference_services -> 200',
    ]);
    const [envC, envD] = exchanges
      .filter((e) => e.path === '/serving_environments')
      .map((e) => (e.body as Entity).id);
    expect(envC).not.toBe(envD);
    expect(a.labels[LABELS.inferenceServiceId]).not.toBe(b.labels[LABELS.inferenceServiceId]);
    const inD = await api().get<{ items: Entity[] }>(`serving_environments/${envD}/inference_services`);
    expect(inD.body.items.map((i) => i.id)).toEqual([b.labels[LABELS.inferenceServiceId]]);
  });

  it('an ISVC without model registry labels is ignored: no request at all', async () => {
    await controller.reconcile(isvcResource('unrelated', 'team-a', { app: 'other' }));
    expect(http.take()).toEqual([]);
  });
});
