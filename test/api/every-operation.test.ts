import { expect, it } from 'vitest';
import { loadReferenceDocument } from '../../packages/server/src/http/openapi-document.js';
import { describeEachDatabase } from '../support/each-database.js';

type Entity = Record<string, unknown> & { id: string; name: string };

function referenceOperationIds(): string[] {
  const ids: string[] = [];
  for (const item of Object.values(
    loadReferenceDocument()['paths'] as Record<string, Record<string, unknown>>,
  )) {
    for (const operation of Object.values(item)) {
      const id = (operation as { operationId?: unknown } | null)?.operationId;
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids;
}

describeEachDatabase('every reference operation', (api) => {
  it('is served with a success status the reference lists, and the flow reaches every one of them', async () => {
    const ok = async (method: string, path: string, status: number, body?: unknown) => {
      const response = await api().request<Entity>(method, path, body);
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(status);
      return response.body;
    };
    const model = await ok('POST', 'registered_models', 201, { name: 'flow-model' });
    await ok('GET', 'registered_models', 200);
    await ok('GET', `registered_models/${model.id}`, 200);
    await ok('PATCH', `registered_models/${model.id}`, 200, { description: 'd' });
    await ok('GET', 'registered_model?name=flow-model', 200);
    const version = await ok('POST', 'model_versions', 201, { name: 'v1', registeredModelId: model.id });
    await ok('POST', `registered_models/${model.id}/versions`, 201, { name: 'v2' });
    await ok('GET', `registered_models/${model.id}/versions`, 200);
    await ok('GET', 'model_versions', 200);
    await ok('GET', `model_versions/${version.id}`, 200);
    await ok('PATCH', `model_versions/${version.id}`, 200, { author: 'me' });
    await ok('GET', `model_version?name=v1&parentResourceId=${model.id}`, 200);
    const artifact = await ok('POST', `model_versions/${version.id}/artifacts`, 201, {
      artifactType: 'model-artifact',
      name: 'flow-model',
      uri: 's3://m',
    });
    await ok('GET', `model_versions/${version.id}/artifacts`, 200);
    await ok('POST', 'model_artifacts', 201, { name: 'loose', uri: 's3://l' });
    await ok('GET', 'model_artifacts', 200);
    await ok('GET', `model_artifacts/${artifact.id}`, 200);
    await ok('PATCH', `model_artifacts/${artifact.id}`, 200, { state: 'LIVE' });
    await ok('GET', `model_artifact?name=flow-model&parentResourceId=${version.id}`, 200);
    const doc = await ok('POST', 'artifacts', 201, {
      artifactType: 'doc-artifact',
      name: 'readme',
      uri: 'https://d',
    });
    await ok('GET', 'artifacts', 200);
    await ok('GET', `artifacts/${doc.id}`, 200);
    await ok('PATCH', `artifacts/${doc.id}`, 200, { artifactType: 'doc-artifact', description: 'x' });
    await ok('GET', 'artifact?name=readme', 200);
    const env = await ok('POST', 'serving_environments', 201, { name: 'flow-env' });
    await ok('GET', 'serving_environments', 200);
    await ok('GET', `serving_environments/${env.id}`, 200);
    await ok('PATCH', `serving_environments/${env.id}`, 200, { description: 'e' });
    await ok('GET', 'serving_environment?name=flow-env', 200);
    const isvc = await ok('POST', 'inference_services', 200, {
      name: 'flow-isvc',
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
    });
    await ok('POST', `serving_environments/${env.id}/inference_services`, 201, {
      name: 'flow-isvc-2',
      registeredModelId: model.id,
    });
    await ok('GET', `serving_environments/${env.id}/inference_services`, 200);
    await ok('GET', 'inference_services', 200);
    await ok('GET', `inference_services/${isvc.id}`, 200);
    await ok('PATCH', `inference_services/${isvc.id}`, 200, { modelVersionId: version.id });
    await ok('GET', `inference_service?name=flow-isvc&parentResourceId=${env.id}`, 200);
    await ok('GET', `inference_services/${isvc.id}/model`, 200);
    await ok('GET', `inference_services/${isvc.id}/version`, 200);
    await ok('POST', `inference_services/${isvc.id}/serves`, 201, { modelVersionId: version.id });
    await ok('GET', `inference_services/${isvc.id}/serves`, 200);
    const experiment = await ok('POST', 'experiments', 201, { name: 'flow-exp' });
    await ok('GET', 'experiments', 200);
    await ok('GET', `experiments/${experiment.id}`, 200);
    await ok('PATCH', `experiments/${experiment.id}`, 200, { owner: 'o' });
    await ok('GET', 'experiment?name=flow-exp', 200);
    const run = await ok('POST', 'experiment_runs', 201, { experimentId: experiment.id, name: 'r1' });
    await ok('POST', `experiments/${experiment.id}/experiment_runs`, 201, { name: 'r2' });
    await ok('GET', `experiments/${experiment.id}/experiment_runs`, 200);
    await ok('GET', 'experiment_runs', 200);
    await ok('GET', `experiment_runs/${run.id}`, 200);
    await ok('PATCH', `experiment_runs/${run.id}`, 200, { status: 'FINISHED' });
    await ok('GET', `experiment_run?name=r1&parentResourceId=${experiment.id}`, 200);
    await ok('POST', `experiment_runs/${run.id}/artifacts`, 201, {
      artifactType: 'metric',
      name: 'loss',
      value: 0.1,
      step: 1,
    });
    await ok('GET', `experiment_runs/${run.id}/artifacts`, 200);
    await ok('GET', `experiment_runs/${run.id}/metric_history`, 200);
    await ok('GET', 'experiment_runs/metric_history', 200);

    const missing = referenceOperationIds().filter((id) => !api().operationsSeen().has(id));
    expect(missing).toEqual([]);
  });
});
