import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission } from '../../packages/server/src/domain/access-control.js';
import {
  OPERATIONS,
  SEARCH_OPERATIONS,
  type OperationId,
} from '../../packages/server/src/domain/permissions.js';
import { MLFLOW_OPERATIONS } from '../../packages/server/src/domain/mlflow-permissions.js';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import {
  created,
  fresh,
  newUpload,
  ROLE_NAMES,
  SECRET,
  seedWorld,
  sender,
  tableSnapshot,
  type Entity,
  type ModelWorld,
  type Principal,
  type RoleName,
  type Send,
  type World,
} from '../support/access-world.js';
import { startHarness, type ApiResponse, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// The permission matrix, generated from the permission table: every operation of the served API,
// called by every kind of caller (anonymous; viewer, editor, promoter and admin, each globally and
// on one model; that model's owner) on its own model and on another, on every engine. The
// expected status follows from the operation's entry in the table and the caller's roles alone;
// every answer to a caller that may not read the other model is searched for that model's names.

/**
 * What a call names: an entity of the target model; a model by name (a registration: one the
 * caller may not read is as good as free); an entity that belongs to no model; nothing (it acts
 * on the registry); or nothing and its answer is filtered (a list).
 */
type Target = 'model' | 'model-by-name' | 'registry-entity' | 'registry' | 'list';

type Call = (send: Send) => Promise<ApiResponse>;

interface Case {
  readonly target: Target;
  /** The status of a call that is allowed. */
  readonly ok: number;
  /** The call against the world of model `t`; `admin` prepares what the call uses up. */
  readonly build: (t: ModelWorld, w: World, admin: Send, self: string) => Call | Promise<Call>;
}

const get =
  (path: string): Call =>
  (send) =>
    send('GET', path);

/** A fresh version of the model, for calls that use one up. */
const freshVersion = (admin: Send, t: ModelWorld) =>
  created(admin, 'model_versions', { name: fresh('v'), registeredModelId: t.model.id });

type SearchOperationId = Extract<OperationId, `search${string}`>;

// The MLflow-compatible API (docs/adr/0020-mlflow-api.md): the same table, names instead of ids.
const ML = '/api/2.0/mlflow';
const mlGet =
  (path: string, query: Record<string, string>): Call =>
  (send) =>
    send('GET', `${ML}${path}?${new URLSearchParams(query).toString()}`);
type MlflowOperationId = Extract<OperationId, `mlflow${string}`>;
/** Where the artifact proxy keeps a run's files. */
const runArtifacts = (run: Entity) =>
  `/api/2.0/mlflow-artifacts/artifacts/${String(run['experimentId'])}/${run.id}/artifacts`;
const byName = (build: (t: ModelWorld, w: World, admin: Send) => Call | Promise<Call>, ok = 200): Case => ({
  target: 'model-by-name',
  ok,
  build,
});

const MLFLOW_CASES: Readonly<Record<MlflowOperationId, Case>> = {
  // tracking: experiments and runs belong to the registry as a whole
  mlflowCreateExperiment: {
    target: 'registry',
    ok: 200,
    build: () => (send) => send('POST', `${ML}/experiments/create`, { name: fresh('ml-exp') }),
  },
  mlflowGetExperiment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => mlGet('/experiments/get', { experiment_id: w.experiment.id }),
  },
  mlflowGetExperimentByName: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => mlGet('/experiments/get-by-name', { experiment_name: w.experiment.name }),
  },
  mlflowDeleteExperiment: {
    target: 'registry-entity',
    ok: 200,
    build: async (_t, _w, admin) => {
      const doomed = await created(admin, 'experiments', { name: fresh('ml-doomed') });
      return (send) => send('POST', `${ML}/experiments/delete`, { experiment_id: doomed.id });
    },
  },
  mlflowCreateRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('POST', `${ML}/runs/create`, { experiment_id: w.experiment.id, start_time: 1 }),
  },
  mlflowGetRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => mlGet('/runs/get', { run_id: w.run.id, run_uuid: w.run.id }),
  },
  mlflowUpdateRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) => send('POST', `${ML}/runs/update`, { run_id: w.run.id, status: 'RUNNING' }),
  },
  mlflowLogRunParameter: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('POST', `${ML}/runs/log-parameter`, { run_id: w.run.id, key: fresh('p'), value: '1' }),
  },
  mlflowLogRunMetric: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('POST', `${ML}/runs/log-metric`, {
        run_id: w.run.id,
        key: fresh('m'),
        value: 0.5,
        timestamp: 1,
        step: 0,
      }),
  },
  mlflowSetRunTag: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('POST', `${ML}/runs/set-tag`, { run_id: w.run.id, key: fresh('t'), value: 'v' }),
  },
  mlflowLogRunBatch: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('POST', `${ML}/runs/log-batch`, { run_id: w.run.id, params: [{ key: fresh('bp'), value: '2' }] }),
  },
  mlflowLogRunModel: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) => send('POST', `${ML}/runs/log-model`, { run_id: w.run.id, model_json: '{}' }),
  },
  // the artifact proxy: a run's files, the run named in the path
  mlflowUploadArtifact: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('PUT', `${runArtifacts(w.run)}/m/${fresh('f')}.bin`, new Uint8Array([1, 2, 3])),
  },
  mlflowDownloadArtifact: {
    target: 'registry-entity',
    ok: 200,
    build: async (_t, w, admin) => {
      const path = `${runArtifacts(w.run)}/m/${fresh('g')}.bin`;
      const put = await admin('PUT', path, new Uint8Array([4, 5]));
      if (put.status !== 200) throw new Error(`PUT ${path}: ${put.status} ${JSON.stringify(put.body)}`);
      return (send) => send('GET', path);
    },
  },
  mlflowListArtifacts: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send(
        'GET',
        `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${String(w.run['experimentId'])}/${w.run.id}/artifacts`)}`,
      ),
  },
  mlflowCreateRegisteredModel: {
    target: 'registry',
    ok: 200,
    build: () => (send) => send('POST', `${ML}/registered-models/create`, { name: fresh('ml') }),
  },
  mlflowGetRegisteredModel: byName((t) => mlGet('/registered-models/get', { name: t.model.name })),
  // Renamed and, once allowed, renamed back by the admin: the world keeps its names.
  mlflowRenameRegisteredModel: byName((t, _w, admin) => async (send) => {
    const newName = fresh('renamed');
    const answer = await send('POST', `${ML}/registered-models/rename`, {
      name: t.model.name,
      new_name: newName,
    });
    if (answer.status === 200) {
      const back = await admin('POST', `${ML}/registered-models/rename`, {
        name: newName,
        new_name: t.model.name,
      });
      if (back.status !== 200) throw new Error(`renaming back: ${back.status} ${JSON.stringify(back.body)}`);
    }
    return answer;
  }),
  mlflowUpdateRegisteredModel: byName(
    (t) => (send) =>
      send('PATCH', `${ML}/registered-models/update`, { name: t.model.name, description: fresh('d') }),
  ),

  // The model is still served by its inference service: an allowed delete is refused for that.
  mlflowDeleteRegisteredModel: byName(
    (t) => (send) => send('DELETE', `${ML}/registered-models/delete`, { name: t.model.name }),
    400,
  ),
  mlflowSearchRegisteredModels: {
    target: 'list',
    ok: 200,
    build: () => mlGet('/registered-models/search', { max_results: '100' }),
  },
  mlflowGetLatestVersions: byName(
    (t) => (send) => send('POST', `${ML}/registered-models/get-latest-versions`, { name: t.model.name }),
  ),
  mlflowSetRegisteredModelTag: byName(
    (t) => (send) =>
      send('POST', `${ML}/registered-models/set-tag`, { name: t.model.name, key: fresh('k'), value: 'v' }),
  ),
  mlflowDeleteRegisteredModelTag: byName(
    (t) => (send) =>
      send('DELETE', `${ML}/registered-models/delete-tag`, { name: t.model.name, key: 'absent' }),
  ),
  mlflowSetRegisteredModelAlias: byName(
    (t) => (send) =>
      send('POST', `${ML}/registered-models/alias`, {
        name: t.model.name,
        alias: fresh('ml-alias'),
        version: t.version.name,
      }),
  ),
  mlflowDeleteRegisteredModelAlias: byName(async (t, _w, admin) => {
    const alias = fresh('ml-doomed');
    await admin('POST', `${ML}/registered-models/alias`, {
      name: t.model.name,
      alias,
      version: t.version.name,
    });
    return (send) => send('DELETE', `${ML}/registered-models/alias`, { name: t.model.name, alias });
  }),
  mlflowGetModelVersionByAlias: byName((t) =>
    mlGet('/registered-models/alias', { name: t.model.name, alias: 'champion' }),
  ),
  mlflowCreateModelVersion: byName(
    (t) => (send) => send('POST', `${ML}/model-versions/create`, { name: t.model.name, source: 's3://b/m' }),
  ),
  mlflowGetModelVersion: byName((t) =>
    mlGet('/model-versions/get', { name: t.model.name, version: t.version.name }),
  ),
  mlflowUpdateModelVersion: byName(
    (t) => (send) =>
      send('PATCH', `${ML}/model-versions/update`, {
        name: t.model.name,
        version: t.version.name,
        description: fresh('d'),
      }),
  ),
  mlflowDeleteModelVersion: byName(async (t, _w, admin) => {
    const doomed = await freshVersion(admin, t);
    return (send) =>
      send('DELETE', `${ML}/model-versions/delete`, { name: t.model.name, version: doomed.name });
  }),
  mlflowSearchModelVersions: {
    target: 'list',
    ok: 200,
    build: () => mlGet('/model-versions/search', { filter: "name LIKE 'a%'" }),
  },
  mlflowTransitionModelVersionStage: byName(async (t, _w, admin) => {
    const version = await freshVersion(admin, t);
    return (send) =>
      send('POST', `${ML}/model-versions/transition-stage`, {
        name: t.model.name,
        version: version.name,
        stage: 'staging',
        archive_existing_versions: false,
      });
  }),
  mlflowGetModelVersionDownloadUri: byName((t) =>
    mlGet('/model-versions/get-download-uri', { name: t.model.name, version: t.version.name }),
  ),
  mlflowSetModelVersionTag: byName(
    (t) => (send) =>
      send('POST', `${ML}/model-versions/set-tag`, {
        name: t.model.name,
        version: t.version.name,
        key: fresh('k'),
        value: 'v',
      }),
  ),
  mlflowDeleteModelVersionTag: byName(
    (t) => (send) =>
      send('DELETE', `${ML}/model-versions/delete-tag`, {
        name: t.model.name,
        version: t.version.name,
        key: 'absent',
      }),
  ),
};

const OWN_CASES: Readonly<Record<Exclude<OperationId, SearchOperationId>, Case>> = {
  getOpenApiDocument: { target: 'registry', ok: 200, build: () => get('openapi.yaml') },
  readyzHealth: { target: 'registry', ok: 200, build: () => get('/readyz/health') },
  readyzIsDirty: { target: 'registry', ok: 200, build: () => get('/readyz/isDirty') },
  whoami: { target: 'registry', ok: 200, build: () => get('whoami') },

  // registered models
  getRegisteredModels: { target: 'list', ok: 200, build: () => get('registered_models') },
  findRegisteredModel: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_model?name=${t.model.name}`),
  },
  createRegisteredModel: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'registered_models', { name: fresh('m') }),
  },
  getRegisteredModel: { target: 'model', ok: 200, build: (t) => get(`registered_models/${t.model.id}`) },
  updateRegisteredModel: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('PATCH', `registered_models/${t.model.id}`, { description: fresh('d') }),
  },
  deleteRegisteredModel: {
    target: 'model',
    // The model is still served by its inference service: an allowed delete is refused for that.
    ok: 409,
    build: (t) => (send) => send('DELETE', `registered_models/${t.model.id}`),
  },
  getRegisteredModelVersions: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/versions`),
  },
  createRegisteredModelVersion: {
    target: 'model',
    ok: 201,
    build: (t) => (send) => send('POST', `registered_models/${t.model.id}/versions`, { name: fresh('v') }),
  },

  // model versions
  getModelVersions: { target: 'list', ok: 200, build: () => get('model_versions?include=metrics,params') },
  findModelVersion: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_version?name=${t.version.name}&parentResourceId=${t.model.id}`),
  },
  createModelVersion: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', 'model_versions', { name: fresh('v'), registeredModelId: t.model.id }),
  },
  getModelVersion: { target: 'model', ok: 200, build: (t) => get(`model_versions/${t.version.id}`) },
  updateModelVersion: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('PATCH', `model_versions/${t.version.id}`, { author: fresh('a') }),
  },
  deleteModelVersion: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await freshVersion(admin, t);
      return (send) => send('DELETE', `model_versions/${doomed.id}`);
    },
  },
  getModelVersionArtifacts: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.version.id}/artifacts`),
  },
  upsertModelVersionArtifact: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', `model_versions/${t.version.id}/artifacts`, {
        artifactType: 'doc-artifact',
        name: fresh('doc'),
        uri: 'https://docs.example/x',
      }),
  },

  // artifacts
  getArtifacts: { target: 'list', ok: 200, build: () => get('artifacts') },
  findArtifact: {
    target: 'model',
    ok: 200,
    build: (t) => get(`artifact?name=${t.artifact.name}&parentResourceId=${t.version.id}`),
  },
  createArtifact: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'artifacts', { artifactType: 'doc-artifact', name: fresh('doc') }),
  },
  getArtifact: { target: 'model', ok: 200, build: (t) => get(`artifacts/${t.artifact.id}`) },
  updateArtifact: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('PATCH', `artifacts/${t.artifact.id}`, {
        artifactType: 'model-artifact',
        description: fresh('d'),
      }),
  },
  deleteArtifact: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await created(admin, `model_versions/${t.version.id}/artifacts`, {
        artifactType: 'doc-artifact',
        name: fresh('doomed'),
      });
      return (send) => send('DELETE', `artifacts/${doomed.id}`);
    },
  },
  getModelArtifacts: { target: 'list', ok: 200, build: () => get('model_artifacts') },
  findModelArtifact: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_artifact?name=${t.artifact.name}&parentResourceId=${t.version.id}`),
  },
  createModelArtifact: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'model_artifacts', { name: fresh('loose'), uri: 's3://loose/x' }),
  },
  getModelArtifact: { target: 'model', ok: 200, build: (t) => get(`model_artifacts/${t.artifact.id}`) },
  updateModelArtifact: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('PATCH', `model_artifacts/${t.artifact.id}`, { description: fresh('d') }),
  },
  deleteModelArtifact: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await created(admin, `model_versions/${t.version.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: fresh('doomed'),
        uri: 's3://doomed/x',
      });
      return (send) => send('DELETE', `model_artifacts/${doomed.id}`);
    },
  },

  // serving
  getServingEnvironments: { target: 'list', ok: 200, build: () => get('serving_environments') },
  findServingEnvironment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`serving_environment?name=${w.env.name}`),
  },
  createServingEnvironment: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'serving_environments', { name: fresh('env') }),
  },
  getServingEnvironment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`serving_environments/${w.env.id}`),
  },
  updateServingEnvironment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) =>
      send('PATCH', `serving_environments/${w.env.id}`, { description: fresh('d') }),
  },
  deleteServingEnvironment: {
    target: 'registry-entity',
    ok: 204,
    build: async (_t, _w, admin) => {
      const doomed = await created(admin, 'serving_environments', { name: fresh('doomed') });
      return (send) => send('DELETE', `serving_environments/${doomed.id}`);
    },
  },
  getEnvironmentInferenceServices: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`serving_environments/${w.env.id}/inference_services`),
  },
  createEnvironmentInferenceService: {
    target: 'registry-entity',
    ok: 201,
    build: (t, w) => (send) =>
      send('POST', `serving_environments/${w.env.id}/inference_services`, {
        name: fresh('isvc'),
        registeredModelId: t.model.id,
      }),
  },
  getInferenceServices: { target: 'list', ok: 200, build: () => get('inference_services') },
  findInferenceService: {
    target: 'model',
    ok: 200,
    build: (t, w) => get(`inference_service?name=${t.isvc.name}&parentResourceId=${w.env.id}`),
  },
  createInferenceService: {
    target: 'registry-entity',
    ok: 200,
    build: (t, w) => (send) =>
      send('POST', 'inference_services', {
        name: fresh('isvc'),
        registeredModelId: t.model.id,
        servingEnvironmentId: w.env.id,
      }),
  },
  getInferenceService: { target: 'model', ok: 200, build: (t) => get(`inference_services/${t.isvc.id}`) },
  updateInferenceService: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('PATCH', `inference_services/${t.isvc.id}`, { runtime: fresh('rt') }),
  },
  deleteInferenceService: {
    target: 'model',
    ok: 204,
    build: async (t, w, admin) => {
      const doomed = await created(admin, 'inference_services', {
        name: fresh('doomed'),
        registeredModelId: t.model.id,
        servingEnvironmentId: w.env.id,
      });
      return (send) => send('DELETE', `inference_services/${doomed.id}`);
    },
  },
  getInferenceServiceModel: {
    target: 'model',
    ok: 200,
    build: (t) => get(`inference_services/${t.isvc.id}/model`),
  },
  getInferenceServiceVersion: {
    target: 'model',
    ok: 200,
    build: (t) => get(`inference_services/${t.isvc.id}/version`),
  },
  getInferenceServiceServes: {
    target: 'model',
    ok: 200,
    build: (t) => get(`inference_services/${t.isvc.id}/serves`),
  },
  createInferenceServiceServe: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', `inference_services/${t.isvc.id}/serves`, {
        name: fresh('serve'),
        modelVersionId: t.version.id,
      }),
  },
  getServeModel: { target: 'model', ok: 200, build: (t) => get(`serve_models/${t.serve.id}`) },
  updateServeModel: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('PATCH', `serve_models/${t.serve.id}`, { lastKnownState: 'RUNNING' }),
  },
  deleteServeModel: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await created(admin, `inference_services/${t.isvc.id}/serves`, {
        modelVersionId: t.version.id,
      });
      return (send) => send('DELETE', `serve_models/${doomed.id}`);
    },
  },

  // experiments
  getExperiments: { target: 'list', ok: 200, build: () => get('experiments') },
  findExperiment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiment?name=${w.experiment.name}`),
  },
  createExperiment: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'experiments', { name: fresh('exp') }),
  },
  getExperiment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiments/${w.experiment.id}`),
  },
  updateExperiment: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) => send('PATCH', `experiments/${w.experiment.id}`, { description: fresh('d') }),
  },
  deleteExperiment: {
    target: 'registry-entity',
    ok: 204,
    build: async (_t, _w, admin) => {
      const doomed = await created(admin, 'experiments', { name: fresh('doomed') });
      return (send) => send('DELETE', `experiments/${doomed.id}`);
    },
  },
  getExperimentExperimentRuns: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiments/${w.experiment.id}/experiment_runs`),
  },
  createExperimentExperimentRun: {
    target: 'registry-entity',
    ok: 201,
    build: (_t, w) => (send) =>
      send('POST', `experiments/${w.experiment.id}/experiment_runs`, { name: fresh('run') }),
  },
  getExperimentRuns: { target: 'list', ok: 200, build: () => get('experiment_runs') },
  findExperimentRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiment_run?name=${w.run.name}&parentResourceId=${w.experiment.id}`),
  },
  createExperimentRun: {
    target: 'registry-entity',
    ok: 201,
    build: (_t, w) => (send) =>
      send('POST', 'experiment_runs', { name: fresh('run'), experimentId: w.experiment.id }),
  },
  getExperimentRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiment_runs/${w.run.id}`),
  },
  updateExperimentRun: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => (send) => send('PATCH', `experiment_runs/${w.run.id}`, { description: fresh('d') }),
  },
  deleteExperimentRun: {
    target: 'registry-entity',
    ok: 204,
    build: async (_t, w, admin) => {
      const doomed = await created(admin, 'experiment_runs', {
        name: fresh('doomed'),
        experimentId: w.experiment.id,
      });
      return (send) => send('DELETE', `experiment_runs/${doomed.id}`);
    },
  },
  getExperimentRunArtifacts: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiment_runs/${w.run.id}/artifacts`),
  },
  upsertExperimentRunArtifact: {
    target: 'registry-entity',
    ok: 201,
    build: (_t, w) => (send) =>
      send('POST', `experiment_runs/${w.run.id}/artifacts`, {
        artifactType: 'metric',
        name: fresh('loss'),
        value: 0.5,
      }),
  },
  getExperimentRunMetricHistory: {
    target: 'registry-entity',
    ok: 200,
    build: (_t, w) => get(`experiment_runs/${w.run.id}/metric_history`),
  },
  getExperimentRunsMetricHistory: {
    target: 'list',
    ok: 200,
    build: () => get('experiment_runs/metric_history'),
  },

  // lifecycle
  transitionModelVersionStage: {
    target: 'model',
    ok: 200,
    build: async (t, _w, admin) => {
      const version = await freshVersion(admin, t);
      return (send) =>
        send('POST', `model_versions/${version.id}/stage`, { stage: 'Staging', comment: 'ready' });
    },
  },
  approveModelVersion: {
    target: 'model',
    ok: 200,
    build: (t) => (send) => send('POST', `model_versions/${t.version2.id}/approvals`, { stage: 'Staging' }),
  },
  getModelVersionStageHistory: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.version.id}/stage_history`),
  },
  getRegisteredModelStageHistory: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/stage_history`),
  },
  getPromotionPolicies: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/policies`),
  },
  setPromotionPolicy: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('PUT', `registered_models/${t.model.id}/policies/Archived`, { conditions: [] }),
  },
  getRegisteredModelAliases: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/aliases`),
  },
  getRegisteredModelAlias: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/aliases/champion`),
  },
  getRegisteredModelAliasHistory: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/alias_history`),
  },
  moveRegisteredModelAliases: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('POST', `registered_models/${t.model.id}/aliases`, { aliases: { [fresh('a')]: t.version.id } }),
  },
  setRegisteredModelAlias: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('PUT', `registered_models/${t.model.id}/aliases/${fresh('a')}`, { modelVersionId: t.version.id }),
  },
  deleteRegisteredModelAlias: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const alias = fresh('doomed');
      await admin('PUT', `registered_models/${t.model.id}/aliases/${alias}`, {
        modelVersionId: t.version.id,
      });
      return (send) => send('DELETE', `registered_models/${t.model.id}/aliases/${alias}`);
    },
  },
  recordRegisteredModelDeployment: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', `registered_models/${t.model.id}/deployments`, {
        modelVersionId: t.version.id,
        environment: fresh('env'),
        action: 'deploy',
      }),
  },
  planKServeDeployment: {
    target: 'model',
    ok: 200,
    build: (t) =>
      get(
        `registered_models/${t.model.id}/kserve_manifest?modelVersionId=${t.version.id}&namespace=team-a&name=isvc&storage=direct`,
      ),
  },
  recordKServeDeployment: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', `registered_models/${t.model.id}/kserve_deployments`, {
        modelVersionId: t.version.id,
        namespace: fresh('ns'),
        name: 'isvc',
        mode: 'Knative',
      }),
  },
  syncKServeDeployments: {
    target: 'registry',
    ok: 200,
    build: () => (send) => send('POST', 'kserve_sync', { namespaces: [fresh('ns')], inferenceServices: [] }),
  },
  getKServeSyncReports: { target: 'registry', ok: 200, build: () => get('kserve_sync') },
  getRegisteredModelDeployments: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/deployments`),
  },
  getProduction: {
    target: 'model',
    ok: 200,
    build: (t) => get(`production?registeredModelId=${t.model.id}`),
  },
  getNextVersionName: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/next_version?bump=minor`),
  },
  resolveModelVersion: {
    target: 'model',
    ok: 404,
    // No version of the seeded models is a semantic version: the allowed answer is "none matches".
    build: (t) => get(`registered_models/${t.model.id}/resolve_version?range=latest`),
  },

  // lineage, search and comparison
  registerModelVersion: {
    target: 'model-by-name',
    ok: 201,
    build: (t) => (send) =>
      send('POST', 'registrations', {
        registeredModel: { name: t.model.name },
        modelVersion: { name: fresh('rv') },
        metrics: [{ name: 'accuracy', value: 0.9 }],
        params: { lr: 0.1 },
        datasets: [{ name: 'train', uri: 's3://d/train', digest: 'sha256:00' }],
        code: { commit: 'abc' },
      }),
  },
  getLineage: {
    target: 'model',
    ok: 200,
    build: (t) => get(`lineage?node=modelVersion:${t.version2.id}&depth=3`),
  },
  setModelVersionLineage: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('PUT', `model_versions/${t.version2.id}/lineage`, { code: { commit: fresh('c') } }),
  },
  addModelVersionParent: {
    target: 'model',
    ok: 201,
    build: async (t, _w, admin) => {
      const child = await freshVersion(admin, t);
      return (send) => send('POST', `model_versions/${child.id}/parents`, { parentVersionId: t.version.id });
    },
  },
  removeModelVersionParent: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const child = await freshVersion(admin, t);
      await admin('POST', `model_versions/${child.id}/parents`, { parentVersionId: t.version.id });
      return (send) => send('DELETE', `model_versions/${child.id}/parents/${t.version.id}`);
    },
  },
  getMetricGoals: {
    target: 'model',
    ok: 200,
    build: (t) => get(`registered_models/${t.model.id}/metric_goals`),
  },
  setMetricGoals: {
    target: 'model',
    ok: 200,
    build: (t) => (send) =>
      send('PUT', `registered_models/${t.model.id}/metric_goals`, { goals: { [fresh('m')]: 'minimize' } }),
  },
  compareModelVersions: {
    target: 'model',
    ok: 200,
    build: (t) => get(`comparisons?versionIds=${t.version.id},${t.version2.id}`),
  },

  // model files
  createUpload: {
    target: 'model',
    ok: 201,
    build: async (t, _w, admin) => {
      const version = await freshVersion(admin, t);
      return (send) =>
        send('POST', `model_versions/${version.id}/uploads`, { files: [{ path: 'a.bin', size: 1 }] });
    },
  },
  listUploads: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${String(t.upload['modelVersionId'])}/uploads`),
  },
  getUpload: { target: 'model', ok: 200, build: (t) => get(`uploads/${t.upload.id}`) },
  uploadFile: {
    target: 'model',
    ok: 200,
    build: async (t, _w, admin) => {
      const upload = await newUpload(admin, t.model);
      return (send) => send('PUT', `uploads/${upload.id}/files/a.bin`, new Uint8Array([7]));
    },
  },
  commitUpload: {
    target: 'model',
    ok: 201,
    build: async (t, _w, admin) => {
      const upload = await newUpload(admin, t.model);
      await admin('PUT', `uploads/${upload.id}/files/a.bin`, new Uint8Array([7]));
      return (send) => send('POST', `uploads/${upload.id}/commit`, {});
    },
  },
  abortUpload: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const upload = await newUpload(admin, t.model);
      return (send) => send('DELETE', `uploads/${upload.id}`);
    },
  },
  getModelVersionFiles: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.committed.id}/files`),
  },
  downloadModelVersionFile: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.committed.id}/files/a.bin`),
  },
  downloadModelVersionContent: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.committed.id}/content.tar`),
  },
  collectGarbage: {
    target: 'registry',
    ok: 200,
    build: () => (send) => send('POST', 'gc', { dryRun: true }),
  },

  // browsing (the web UI's reads)
  getModelSummaries: { target: 'list', ok: 200, build: () => get('model_summaries?pageSize=50') },
  // Metric names come from what the caller may read: never the other model's.
  getSearchSuggestions: { target: 'list', ok: 200, build: () => get('search_suggestions?source=metric') },
  getModelVersionStageOptions: {
    target: 'model',
    ok: 200,
    build: (t) => get(`model_versions/${t.version.id}/stage_options`),
  },
  getPermissions: {
    target: 'model',
    ok: 200,
    build: (t) => get(`permissions?registeredModelId=${t.model.id}`),
  },

  // access and audit
  getApiTokens: { target: 'registry', ok: 200, build: () => get('tokens') },
  createApiToken: {
    target: 'model',
    ok: 201,
    // For itself: a token for another subject is a global admin's to make (tested on its own).
    build: (t, _w, _admin, self) => (send) =>
      send('POST', 'tokens', {
        name: fresh('t'),
        subject: self,
        role: 'viewer',
        registeredModelId: t.model.id,
      }),
  },
  revokeApiToken: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await created(admin, 'tokens', {
        name: fresh('doomed'),
        role: 'viewer',
        registeredModelId: t.model.id,
      });
      return (send) => send('DELETE', `tokens/${doomed.id}`);
    },
  },
  getGrants: { target: 'model', ok: 200, build: (t) => get(`grants?registeredModelId=${t.model.id}`) },
  createGrant: {
    target: 'model',
    ok: 201,
    build: (t) => (send) =>
      send('POST', 'grants', {
        principalType: 'user',
        principal: fresh('u'),
        role: 'viewer',
        registeredModelId: t.model.id,
      }),
  },
  deleteGrant: {
    target: 'model',
    ok: 204,
    build: async (t, _w, admin) => {
      const doomed = await created(admin, 'grants', {
        principalType: 'group',
        principal: fresh('g'),
        role: 'viewer',
        registeredModelId: t.model.id,
      });
      return (send) => send('DELETE', `grants/${doomed.id}`);
    },
  },
  getAuditEvents: { target: 'registry', ok: 200, build: () => get('audit_events?pageSize=5') },
  verifyAuditTrail: { target: 'registry', ok: 200, build: () => get('audit_events/verify') },
  getMetrics: { target: 'registry', ok: 200, build: () => get('metrics') },

  // content integrity (the scrub) and the registry report
  getRegistryReport: { target: 'registry', ok: 200, build: () => get('report') },
  startVerificationRun: {
    target: 'registry',
    ok: 201,
    build: () => (send) => send('POST', 'verification_runs', { restart: true }),
  },
  getVerificationRun: {
    target: 'registry',
    ok: 200,
    build: async (_t, _w, admin) => {
      const started = await created(admin, 'verification_runs', { restart: true });
      return get(`verification_runs/${(started['run'] as Entity).id}`);
    },
  },
  stepVerificationRun: {
    target: 'registry',
    ok: 200,
    build: async (_t, _w, admin) => {
      const started = await created(admin, 'verification_runs', { restart: true });
      return (send) => send('POST', `verification_runs/${(started['run'] as Entity).id}/step`, {});
    },
  },
  ...MLFLOW_CASES,
};

/** The `POST …/search` twin of a list case: the same call, its query string sent as a JSON body. */
function searchTwin(list: Case): Case {
  return {
    ...list,
    build: async (...args) => {
      const call = await list.build(...args);
      return (send) =>
        call((_method, path, _body) => {
          const [where = '', search = ''] = path.split('?');
          return send('POST', `${where}/search`, Object.fromEntries(new URLSearchParams(search)));
        });
    },
  };
}

const CASES: Readonly<Record<OperationId, Case>> = {
  ...OWN_CASES,
  ...(Object.fromEntries(
    Object.entries(SEARCH_OPERATIONS).map(([list, search]) => [
      search,
      searchTwin(OWN_CASES[list as Exclude<OperationId, SearchOperationId>]),
    ]),
  ) as Record<SearchOperationId, Case>),
};

/** A caller of the matrix, and what it holds: a role globally or on the first model, or owning it. */
interface Caller extends Principal {
  readonly kind: 'anonymous' | 'global' | 'scoped' | 'owner';
  readonly role?: RoleName;
}

function permissions(caller: Caller): ReadonlySet<Permission> {
  if (caller.kind === 'owner') return new Set(ROLE_PERMISSIONS.admin);
  return new Set(caller.role === undefined ? [] : ROLE_PERMISSIONS[caller.role]);
}

/** The status the table and the caller's roles call for, computed without the server's code. */
function expectedStatus(operation: OperationId, caller: Caller, onOwnModel: boolean): number {
  const rule = OPERATIONS[operation];
  const kase = CASES[operation];
  if (rule.action === 'public') return kase.ok;
  if (caller.kind === 'anonymous') return 401;
  if (rule.action === 'authenticated') return kase.ok;
  const held = permissions(caller);
  const global = caller.kind === 'global';
  // On the target model: a global caller everywhere, the others on their own model only.
  const onTarget = (p: Permission) => held.has(p) && (global || onOwnModel);
  const onRegistry = (p: Permission) => global && held.has(p);
  const filtered = 'filtered' in rule && rule.filtered === true;
  if (!filtered && !held.has(rule.action)) return 403;
  switch (kase.target) {
    case 'list':
      return kase.ok;
    case 'model':
      if (!onTarget('read')) return 404;
      return onTarget(rule.action) ? kase.ok : 403;
    case 'model-by-name':
      // A model the caller may not read is a name it may claim only with registry-wide rights.
      if (!onTarget('read')) return onRegistry(rule.action) ? kase.ok : 403;
      return onTarget(rule.action) ? kase.ok : 403;
    case 'registry-entity':
      if (!onRegistry('read')) return 404;
      return onRegistry(rule.action) ? kase.ok : 403;
    case 'registry':
      return onRegistry(rule.action) ? kase.ok : 403;
  }
}

/** The names of the other model that appear in an answer but not in the request. */
function leaked(response: ApiResponse, request: string): string[] {
  const headers: string[] = [];
  response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
  const text = `${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}\n${headers.join('\n')}`;
  const found = text.match(new RegExp(`${SECRET}[\\w.-]*`, 'g')) ?? [];
  return [...new Set(found)].filter((name) => !request.includes(name));
}

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`the permission matrix [${target.name}]`, () => {
    let h: RegistryHarness;
    let world: World;
    let admin: Send;
    const callers: Caller[] = [];

    beforeAll(async () => {
      // Every 401 of the matrix comes from one address: the throttle must not step in.
      h = await startHarness(target.name, { config: { auth: 'token', authFailuresPerMinute: 100_000 } });
      const root = {
        label: 'root',
        subject: 'root',
        token: await h.createToken({ name: 'root', role: 'admin' }),
      };
      admin = sender(h, root);
      world = await seedWorld(admin);
      callers.push({ label: 'anonymous', subject: 'anonymous', kind: 'anonymous' });
      for (const role of ROLE_NAMES) {
        const name = `global-${role}`;
        callers.push({
          label: name,
          subject: name,
          kind: 'global',
          role,
          token: await h.createToken({ name, role }),
        });
      }
      for (const role of ROLE_NAMES) {
        const name = `scoped-${role}`;
        const token = await h.createToken({ name, role, registeredModelId: Number(world.a.model.id) });
        callers.push({ label: name, subject: name, kind: 'scoped', role, token });
      }
      // The owner of the first model; its token adds nothing its ownership does not give.
      const owner = await h.createToken({
        name: 'alice-owner',
        role: 'viewer',
        registeredModelId: Number(world.a.model.id),
      });
      callers.push({ label: 'owner', subject: 'alice-owner', kind: 'owner', token: owner });
    });
    afterAll(async () => {
      await h?.close();
    });

    it('has a case for exactly the operations of the table, which are exactly those served', () => {
      const served = new Set<string>();
      for (const item of Object.values(
        loadServedDocument()['paths'] as Record<string, Record<string, unknown>>,
      )) {
        for (const operation of Object.values(item)) {
          const id = (operation as { operationId?: unknown } | null)?.operationId;
          if (typeof id === 'string') served.add(id);
        }
      }
      expect(Object.keys(CASES).sort()).toEqual(Object.keys(OPERATIONS).sort());
      // The MLflow-compatible API is served too, described by MLflow's proto rather than the document.
      for (const id of Object.keys(MLFLOW_OPERATIONS)) served.add(id);
      expect([...served].sort()).toEqual(Object.keys(OPERATIONS).sort());
    });

    it(
      'answers every operation as the table says, for every caller on its own model and another, leaking nothing',
      { timeout: 600_000 },
      async () => {
        const mismatches: string[] = [];
        const leaks: string[] = [];
        let forbidden = 0;
        let unauthenticated = 0;
        // Each caller on its own model and, unless it acts everywhere alike, on the other one.
        const runs: { operation: OperationId; caller: Caller; own: boolean; expected: number; call: Call }[] =
          [];
        for (const operation of Object.keys(CASES) as OperationId[]) {
          for (const caller of callers) {
            const scopes = caller.kind === 'scoped' || caller.kind === 'owner' ? [true, false] : [true];
            for (const own of scopes) {
              const call = await CASES[operation].build(
                own ? world.a : world.b,
                world,
                admin,
                caller.subject,
              );
              runs.push({ operation, caller, own, expected: expectedStatus(operation, caller, own), call });
            }
          }
        }
        const perform = async (run: (typeof runs)[number]) => {
          let request = '';
          const send = sender(h, run.caller);
          const response = await run.call((method, path, body) => {
            request = `${method} ${path} ${body instanceof Uint8Array ? '' : JSON.stringify(body ?? '')}`;
            return send(method, path, body);
          });
          const where = `${run.operation} as ${run.caller.label} on ${run.own ? 'its own model' : 'another model'}`;
          if (response.status !== run.expected) {
            mismatches.push(
              `${where}: ${response.status}, expected ${run.expected}: ${JSON.stringify(response.body)}`,
            );
          }
          if (response.status === 403) forbidden += 1;
          if (response.status === 401) unauthenticated += 1;
          // Whoever may not read the other model must never see its names.
          if (run.caller.kind !== 'global') {
            for (const name of leaked(response, request))
              leaks.push(`${where}: ${name} in ${JSON.stringify(response.body)}`);
          }
        };
        // Every refused call first, between two snapshots of the registry: none changes anything.
        const refused = runs.filter((r) => r.expected !== CASES[r.operation].ok);
        const before = await tableSnapshot(h);
        for (const run of refused) await perform(run);
        expect(await tableSnapshot(h), 'a refused request changed the registry').toBe(before);
        for (const run of runs.filter((r) => !refused.includes(r))) await perform(run);
        expect(mismatches).toEqual([]);
        expect(leaks).toEqual([]);

        // Each 403 left an audit event; the 401s (all from one client) one event with their count.
        await h.flushAuthenticationFailures(true);
        const events: Entity[] = [];
        let page = '';
        do {
          const answer = await admin(
            'GET',
            `audit_events?outcome=denied&pageSize=1000&nextPageToken=${page}`,
          );
          events.push(...(answer.body['items'] as Entity[]));
          page = String(answer.body['nextPageToken']);
        } while (page !== '');
        expect(events.filter((e) => e['action'] !== 'authenticate')).toHaveLength(forbidden);
        const failures = events.filter((e) => e['action'] === 'authenticate');
        expect(failures).toHaveLength(1);
        expect(JSON.parse(String(failures[0]?.['detail']))).toMatchObject({ failures: unauthenticated });
        expect((await admin('GET', 'audit_events/verify')).body).toMatchObject({ valid: true });
      },
    );
  });
}
