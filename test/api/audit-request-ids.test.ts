import { expect, it } from 'vitest';
import { SEARCH_OPERATIONS } from '../../packages/server/src/domain/permissions.js';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import { describeEachDatabase } from '../support/each-database.js';
import { createResponseValidator } from '../support/openapi-validator.js';
import { BASE } from '../support/registry-harness.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type List = { items: Entity[] };

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];
const SEARCHES: ReadonlySet<string> = new Set(Object.values(SEARCH_OPERATIONS));

/** Every mutating operation the served document lists, as `METHOD /path/{template}`. */
function mutatingOperations(): string[] {
  const operations: string[] = [];
  const paths = loadServedDocument()['paths'] as Record<string, Record<string, unknown>>;
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(`${BASE}/`)) continue;
    for (const [method, operation] of Object.entries(item)) {
      // A search is a POST that changes nothing (a list with its query in the body).
      const id = (operation as { operationId?: string }).operationId ?? '';
      if (SEARCHES.has(id)) continue;
      if (MUTATING.includes(method.toUpperCase())) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

describeEachDatabase('the audit trail of every mutating operation', (api) => {
  it('records each mutation with the id of the request that made it, through every route', async () => {
    const validator = createResponseValidator();
    const covered = new Set<string>();
    const requestIds = new Set<string>();
    let count = 0;
    /** One mutation, sent with its own x-request-id; its audit events must carry that id. */
    const mutate = async (method: string, path: string, body?: unknown) => {
      const requestId = `walk-${++count}-${method.toLowerCase()}`;
      requestIds.add(requestId);
      const headers = { 'x-request-id': requestId };
      const response =
        body instanceof Uint8Array
          ? await api().bytes(method, path, body, headers)
          : await api().request<Entity>(method, path, body, headers);
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      expect(response.headers.get('x-request-id')).toBe(requestId);
      const { pathTemplate } = validator.resolve(method, `${BASE}/${path.split('?')[0] ?? ''}`);
      covered.add(`${method} ${pathTemplate}`);
      const events = (await api().get<List>(`audit_events?requestId=${requestId}&pageSize=1000`)).body.items;
      expect(events.length, `${method} ${path} left no audit event with its request id`).toBeGreaterThan(0);
      for (const event of events) {
        expect(event).toMatchObject({ requestId, outcome: 'success' });
      }
      return response.body as Entity;
    };

    // Kubeflow entities.
    const model = await mutate('POST', 'registered_models', { name: 'walk-model' });
    await mutate('PATCH', `registered_models/${model.id}`, { description: 'd' });
    const version = await mutate('POST', 'model_versions', { name: 'v1', registeredModelId: model.id });
    const v2 = await mutate('POST', `registered_models/${model.id}/versions`, { name: 'v2' });
    await mutate('PATCH', `model_versions/${version.id}`, { author: 'me' });
    const attached = await mutate('POST', `model_versions/${version.id}/artifacts`, {
      artifactType: 'doc-artifact',
      name: 'card',
      uri: 's3://card',
    });
    const modelArtifact = await mutate('POST', 'model_artifacts', { name: 'loose', uri: 's3://l' });
    await mutate('PATCH', `model_artifacts/${modelArtifact.id}`, { state: 'LIVE' });
    const doc = await mutate('POST', 'artifacts', {
      artifactType: 'doc-artifact',
      name: 'readme',
      uri: 'https://d',
    });
    await mutate('PATCH', `artifacts/${doc.id}`, { artifactType: 'doc-artifact', description: 'x' });
    const env = await mutate('POST', 'serving_environments', { name: 'walk-env' });
    await mutate('PATCH', `serving_environments/${env.id}`, { description: 'e' });
    const isvc = await mutate('POST', 'inference_services', {
      name: 'walk-isvc',
      registeredModelId: model.id,
      servingEnvironmentId: env.id,
    });
    const isvc2 = await mutate('POST', `serving_environments/${env.id}/inference_services`, {
      name: 'walk-isvc-2',
      registeredModelId: model.id,
    });
    await mutate('PATCH', `inference_services/${isvc.id}`, { modelVersionId: version.id });
    const serve = await mutate('POST', `inference_services/${isvc.id}/serves`, {
      modelVersionId: version.id,
    });
    await mutate('PATCH', `serve_models/${serve.id}`, { description: 's' });
    const experiment = await mutate('POST', 'experiments', { name: 'walk-exp' });
    await mutate('PATCH', `experiments/${experiment.id}`, { owner: 'o' });
    const run = await mutate('POST', 'experiment_runs', { experimentId: experiment.id, name: 'r1' });
    await mutate('POST', `experiments/${experiment.id}/experiment_runs`, { name: 'r2' });
    await mutate('PATCH', `experiment_runs/${run.id}`, { status: 'FINISHED' });
    await mutate('POST', `experiment_runs/${run.id}/artifacts`, {
      artifactType: 'metric',
      name: 'loss',
      value: 0.1,
    });

    // Registrations and lineage.
    const registered = await mutate('POST', 'registrations', {
      registeredModel: { name: 'walk-model' },
      modelVersion: { name: 'v3' },
      modelArtifact: { uri: 's3://walk/v3' },
      metrics: [{ name: 'accuracy', value: 0.9 }],
      params: { lr: 0.01 },
      code: { repository: 'https://git.example/walk', commit: 'abc123' },
    });
    const v3 = registered['modelVersion'] as Entity;
    await mutate('PUT', `model_versions/${v3.id}/lineage`, { code: { commit: 'def456' } });
    await mutate('POST', `model_versions/${v3.id}/parents`, { parentVersionId: version.id });
    await mutate('DELETE', `model_versions/${v3.id}/parents/${version.id}`);
    await mutate('PUT', `registered_models/${model.id}/metric_goals`, { goals: { loss: 'minimize' } });

    // Lifecycle.
    await mutate('PUT', `registered_models/${model.id}/policies/Production`, {
      conditions: [{ type: 'approvals', count: 1 }],
    });
    await mutate('POST', `model_versions/${v3.id}/approvals`, { stage: 'Production' });
    await mutate('POST', `model_versions/${v3.id}/stage`, { stage: 'Production', from: 'Development' });
    await mutate('POST', `registered_models/${model.id}/aliases`, { aliases: { champion: v3.id } });
    await mutate('PUT', `registered_models/${model.id}/aliases/challenger`, { modelVersionId: v2.id });
    await mutate('DELETE', `registered_models/${model.id}/aliases/challenger`);
    await mutate('POST', `registered_models/${model.id}/deployments`, {
      modelVersionId: v3.id,
      environment: 'walk-prod',
      action: 'deploy',
    });
    await mutate('POST', `model_versions/${v3.id}/artifacts`, {
      artifactType: 'model-artifact',
      name: 'walk-weights',
      uri: 's3://walk/weights',
      modelFormatName: 'sklearn',
    });
    await mutate('POST', `registered_models/${model.id}/kserve_deployments`, {
      modelVersionId: v3.id,
      namespace: 'walk-kserve',
      name: 'walk-isvc',
      mode: 'Knative',
    });
    await mutate('POST', 'kserve_sync', { namespaces: ['walk-kserve'], inferenceServices: [] });

    // Files.
    const data = new TextEncoder().encode('weights');
    const upload = await mutate('POST', `model_versions/${v2.id}/uploads`, {
      files: [{ path: 'w.bin', size: data.length }],
    });
    await mutate('PUT', `uploads/${upload.id}/files/w.bin`, data);
    await mutate('POST', `uploads/${upload.id}/commit`, {});
    const aborted = await mutate('POST', `model_versions/${version.id}/uploads`, {
      files: [{ path: 'x.bin', size: 4 }],
    });
    await mutate('DELETE', `uploads/${aborted.id}`);
    await mutate('POST', 'gc', { dryRun: false, graceSeconds: 3600 });
    const verification = await mutate('POST', 'verification_runs', {});
    await mutate('POST', `verification_runs/${(verification['run'] as Entity).id}/step`, {});

    // Access.
    const token = await mutate('POST', 'tokens', { name: 'walk-token', role: 'viewer' });
    await mutate('DELETE', `tokens/${token['id'] as string}`);
    const grant = await mutate('POST', 'grants', {
      principalType: 'user',
      principal: 'walker',
      role: 'viewer',
      registeredModelId: model.id,
    });
    await mutate('DELETE', `grants/${grant.id}`);

    // Deletes, children first.
    await mutate('DELETE', `serve_models/${serve.id}`);
    await mutate('DELETE', `inference_services/${isvc2.id}`);
    await mutate('DELETE', `inference_services/${isvc.id}`);
    await mutate('DELETE', `serving_environments/${env.id}`);
    await mutate('DELETE', `artifacts/${doc.id}`);
    await mutate('DELETE', `model_artifacts/${modelArtifact.id}`);
    await mutate('DELETE', `artifacts/${attached.id}`);
    await mutate('DELETE', `experiment_runs/${run.id}`);
    await mutate('DELETE', `experiments/${experiment.id}`);
    const other = await mutate('POST', 'registered_models', { name: 'walk-other' });
    const doomed = await mutate('POST', 'model_versions', { name: 'v1', registeredModelId: other.id });
    await mutate('DELETE', `model_versions/${doomed.id}`);
    await mutate('DELETE', `registered_models/${other.id}`);

    expect(mutatingOperations().filter((operation) => !covered.has(operation))).toEqual([]);
    // Nothing else wrote to the trail: every successful event names one of these requests.
    const trail = (await api().get<List>('audit_events?pageSize=1000')).body.items;
    expect(
      trail.filter((e) => e['outcome'] === 'success' && !requestIds.has(String(e['requestId']))),
    ).toEqual([]);
  });
});
