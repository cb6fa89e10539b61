import { expect, it } from 'vitest';
import type { z } from 'zod';
import { SEARCH_OPERATIONS } from '../../packages/server/src/domain/permissions.js';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import { EXTENSION_WIRE } from '../../packages/server/src/http/wire/extension-operations.js';
import { boolProperty, doubleProperty, intProperty, stringProperty, unique } from '../support/builders.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string };

// The answers of the extension operations, parsed with the zod schemas registered for them
// (wire/extension-operations.ts). The harness checks each answer against the served document;
// these schemas are strict besides, so a field the server writes and neither declares fails here.
// wire-agreement.test.ts proves the schemas and the document say the same.

const API = '/api/model_registry/v1alpha3/';
const served = loadServedDocument();

function answerOf(operation: string, status = '200'): z.ZodType {
  const schema = EXTENSION_WIRE[operation as keyof typeof EXTENSION_WIRE]?.responses[status];
  if (schema === undefined || typeof schema === 'string')
    throw new Error(`${operation} ${status}: no zod schema`);
  return schema;
}

function pathOf(operation: string): string {
  for (const [path, item] of Object.entries(served['paths'] as Record<string, Record<string, unknown>>)) {
    const post = item['post'] as { operationId?: string } | undefined;
    if (post?.operationId === operation) return path.slice(API.length);
  }
  throw new Error(`${operation}: not in the served document`);
}

const everyProperty = {
  text: stringProperty('a'),
  count: intProperty(3),
  ratio: doubleProperty(0.5),
  flag: boolProperty(true),
  blob: { metadataType: 'MetadataStructValue', struct_value: 'e30=' },
  message: { metadataType: 'MetadataProtoValue', type: 'type.example/Msg', proto_value: 'AA==' },
};

describeEachDatabase('extension answers, parsed with their zod schemas', (api) => {
  async function created(path: string, body: Record<string, unknown>): Promise<Entity> {
    const answer = await api().post<Entity>(path, body);
    expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  }

  it('answers every POST …/search twin with the page its zod schema describes, every kind with its fields', async () => {
    const model = await created('registered_models', {
      name: unique('wire'),
      owner: 'alice',
      description: 'every field',
      externalId: unique('ext'),
      readme: '# readme',
      maturity: 'stable',
      language: ['en'],
      tasks: ['classification'],
      provider: 'acme',
      logo: 'https://example.com/logo.png',
      license: 'apache-2.0',
      licenseLink: 'https://example.com/license',
      libraryName: 'torch',
      versionScheme: 'semver',
      customProperties: everyProperty,
    });
    const version = await created('model_versions', {
      name: '1.0.0',
      registeredModelId: model.id,
      author: 'alice',
      customProperties: everyProperty,
    });
    const artifacts = `model_versions/${version.id}/artifacts`;
    await created(artifacts, {
      artifactType: 'model-artifact',
      name: 'weights',
      uri: 's3://m/1',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      storageKey: 'key',
      storagePath: 'path',
      serviceAccountName: 'sa',
      modelSourceKind: 'kfp',
      modelSourceClass: 'pipelinerun',
      modelSourceGroup: 'ns',
      modelSourceId: 'run-1',
      modelSourceName: 'train',
    });
    await created(artifacts, { artifactType: 'doc-artifact', name: 'card', uri: 's3://d/1' });
    await created(artifacts, {
      artifactType: 'dataset-artifact',
      name: 'train',
      uri: 's3://ds/1',
      digest: 'sha256:0',
      sourceType: 's3',
      source: 's3://ds',
      schema: '{}',
      profile: '{}',
    });
    // `uri` on a metric and a parameter: fields of ours (the reference's Metric has none).
    await created(artifacts, { artifactType: 'metric', name: 'accuracy', value: 0.9, uri: 's3://metric' });
    await created(artifacts, {
      artifactType: 'parameter',
      name: 'lr',
      value: '0.01',
      parameterType: 'number',
    });
    const environment = await created('serving_environments', { name: unique('env') });
    const service = await created('inference_services', {
      name: unique('isvc'),
      registeredModelId: model.id,
      servingEnvironmentId: environment.id,
      modelVersionId: version.id,
      runtime: 'kserve',
      desiredState: 'DEPLOYED',
    });
    await created(`inference_services/${service.id}/serves`, { modelVersionId: version.id, name: 'serve' });
    const experiment = await created('experiments', { name: unique('exp'), owner: 'alice' });
    const run = await created('experiment_runs', {
      experimentId: experiment.id,
      name: 'run',
      status: 'FINISHED',
      startTimeSinceEpoch: '1000',
      endTimeSinceEpoch: '2000',
    });
    await created(`experiment_runs/${run.id}/artifacts`, {
      artifactType: 'metric',
      name: 'loss',
      value: 0.1,
      step: 2,
    });

    const parents: Record<string, string> = {
      '{registeredmodelId}': model.id,
      '{modelversionId}': version.id,
      '{servingenvironmentId}': environment.id,
      '{inferenceserviceId}': service.id,
      '{experimentId}': experiment.id,
      '{experimentrunId}': run.id,
    };
    const searches = Object.values(SEARCH_OPERATIONS);
    expect(searches).toHaveLength(17);
    for (const operation of searches) {
      const path = pathOf(operation).replace(/\{[^}]+\}/g, (name) => parents[name] ?? name);
      const body = operation.includes('Versions') ? { include: 'metrics,params' } : {};
      const answer = await api().post<{ items: unknown[] }>(path, body);
      expect(answer.status, `${operation}: ${JSON.stringify(answer.body)}`).toBe(200);
      expect(answer.body.items.length, operation).toBeGreaterThan(0);
      const parsed = answerOf(operation).safeParse(answer.body);
      expect(parsed.error?.issues ?? [], operation).toEqual([]);
    }
  });

  it('answers registration, stage moves, version resolution and serve models as their zod schemas say', async () => {
    const registered = await api().post<{ modelVersion: Entity; registeredModel: Entity }>('registrations', {
      registeredModel: { name: unique('wire-reg'), versionScheme: 'semver' },
      modelVersion: { name: '1.0.0', customProperties: { note: stringProperty('x') } },
      modelArtifact: { uri: 's3://m/reg', modelFormatName: 'onnx' },
      metrics: [{ name: 'accuracy', value: 0.9, step: 1 }],
      params: { lr: 0.01, layers: 3, name: 'resnet' },
      datasets: [{ name: 'train', uri: 's3://ds', digest: 'sha256:1' }],
      code: { repository: 'https://example.com/repo', commit: 'abc' },
      pipelineRun: { id: 'run-7', name: 'train' },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(answerOf('registerModelVersion', '201').safeParse(registered.body).error?.issues ?? []).toEqual(
      [],
    );
    const versionId = registered.body.modelVersion.id;
    const modelId = registered.body.registeredModel.id;

    const moved = await api().post(`model_versions/${versionId}/stage`, { stage: 'Staging' });
    expect(moved.status).toBe(200);
    expect(moved.body['stage']).toBe('Staging');
    expect(answerOf('transitionModelVersionStage').safeParse(moved.body).error?.issues ?? []).toEqual([]);

    const resolved = await api().get(`registered_models/${modelId}/resolve_version?range=latest`);
    expect(resolved.status).toBe(200);
    expect(answerOf('resolveModelVersion').safeParse(resolved.body).error?.issues ?? []).toEqual([]);

    const environment = await created('serving_environments', { name: unique('env') });
    const service = await created('inference_services', {
      registeredModelId: modelId,
      servingEnvironmentId: environment.id,
    });
    const serve = await created(`inference_services/${service.id}/serves`, { modelVersionId: versionId });
    const patched = await api().patch(`serve_models/${serve.id}`, { lastKnownState: 'RUNNING' });
    expect(answerOf('updateServeModel').safeParse(patched.body).error?.issues ?? []).toEqual([]);
    const read = await api().get(`serve_models/${serve.id}`);
    expect(answerOf('getServeModel').safeParse(read.body).error?.issues ?? []).toEqual([]);

    const summaries = await api().get('model_summaries');
    expect(summaries.status).toBe(200);
    expect(answerOf('getModelSummaries').safeParse(summaries.body).error?.issues ?? []).toEqual([]);
  });

  it('refuses, through a strict schema, a field the server would write without declaring it', () => {
    const version = { id: '1', name: '1', registeredModelId: '1', stage: 'Development' };
    expect(answerOf('resolveModelVersion').safeParse(version).success).toBe(true);
    expect(answerOf('resolveModelVersion').safeParse({ ...version, colour: 'red' }).success).toBe(false);
  });
});
