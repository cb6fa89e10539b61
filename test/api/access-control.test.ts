import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import { startHarness, type ApiResponse, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type Caller = 'anonymous' | 'viewer' | 'editor' | 'promoter' | 'admin';
/** read: viewers and up; write: editors and admins; admin: admins only; open: anyone. */
type Needs = 'read' | 'write' | 'promote' | 'admin' | 'open';

const CALLERS: readonly Caller[] = ['anonymous', 'viewer', 'editor', 'promoter', 'admin'];
const ALLOWED: Readonly<Record<Needs, readonly Caller[]>> = {
  open: CALLERS,
  read: ['viewer', 'editor', 'promoter', 'admin'],
  write: ['editor', 'admin'],
  promote: ['promoter', 'admin'],
  admin: ['admin'],
};

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

interface Fixture {
  model: Entity;
  version: Entity;
  artifact: Entity;
  env: Entity;
  isvc: Entity;
  serve: Entity;
  experiment: Entity;
  run: Entity;
}

type Attempt = (
  send: (method: string, path: string, body?: unknown) => Promise<ApiResponse>,
) => Promise<ApiResponse>;
/** Runs an attempt as some caller. */
type Runner = (attempt: Attempt) => Promise<ApiResponse>;

interface Operation {
  readonly id: string;
  readonly needs: Needs;
  /** Builds the call; `admin` prepares what the call needs (e.g. something to delete). */
  readonly prepare: (f: Fixture, admin: Runner) => Promise<Attempt>;
}

const ok =
  (call: Attempt): Operation['prepare'] =>
  () =>
    Promise.resolve(call);
const created = async (admin: Runner, path: string, body: unknown) =>
  (await admin((r) => r('POST', path, body))).body as Entity;

/** An OPEN upload of one 1-byte file `a.bin` on a fresh version of the fixture's model. */
async function newUpload(f: Fixture, admin: Runner): Promise<Entity> {
  const version = await created(admin, 'model_versions', {
    name: fresh('files'),
    registeredModelId: f.model.id,
  });
  return created(admin, `model_versions/${version.id}/uploads`, { files: [{ path: 'a.bin', size: 1 }] });
}

/** A version of the fixture's model whose content (`a.bin`) is committed; made once, read by every caller. */
const committed = new WeakMap<Fixture, Promise<string>>();
function committedVersion(f: Fixture, admin: Runner): Promise<string> {
  let made = committed.get(f);
  if (made === undefined) {
    made = (async () => {
      const upload = await newUpload(f, admin);
      await admin((r) => r('PUT', `uploads/${upload.id}/files/a.bin`, new Uint8Array([7])));
      await admin((r) => r('POST', `uploads/${upload.id}/commit`, {}));
      return String(upload['modelVersionId']);
    })();
    committed.set(f, made);
  }
  return made;
}

function operations(): Operation[] {
  return [
    { id: 'whoami', needs: 'open', prepare: ok((r) => r('GET', 'whoami')) },
    // registered models
    { id: 'getRegisteredModels', needs: 'read', prepare: ok((r) => r('GET', 'registered_models')) },
    {
      id: 'createRegisteredModel',
      needs: 'write',
      prepare: ok((r) => r('POST', 'registered_models', { name: fresh('m') })),
    },
    {
      id: 'getRegisteredModel',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}`)),
    },
    {
      id: 'updateRegisteredModel',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `registered_models/${f.model.id}`, { description: fresh('d') })),
    },
    {
      id: 'findRegisteredModel',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_model?name=${f.model.name}`)),
    },
    {
      id: 'deleteRegisteredModel',
      needs: 'admin',
      prepare: async (_f, admin) => {
        const m = await created(admin, 'registered_models', { name: fresh('doomed') });
        return (r) => r('DELETE', `registered_models/${m.id}`);
      },
    },
    // versions
    {
      id: 'getRegisteredModelVersions',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/versions`)),
    },
    {
      id: 'createRegisteredModelVersion',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('POST', `registered_models/${f.model.id}/versions`, { name: fresh('v') })),
    },
    { id: 'getModelVersions', needs: 'read', prepare: ok((r) => r('GET', 'model_versions')) },
    {
      id: 'createModelVersion',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', 'model_versions', { name: fresh('v'), registeredModelId: f.model.id }),
        ),
    },
    {
      id: 'getModelVersion',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `model_versions/${f.version.id}`)),
    },
    {
      id: 'updateModelVersion',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `model_versions/${f.version.id}`, { author: fresh('a') })),
    },
    {
      id: 'findModelVersion',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('GET', `model_version?name=${f.version.name}&parentResourceId=${f.model.id}`),
        ),
    },
    {
      id: 'deleteModelVersion',
      needs: 'admin',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('doomed'),
          registeredModelId: f.model.id,
        });
        return (r) => r('DELETE', `model_versions/${v.id}`);
      },
    },
    // artifacts
    {
      id: 'getModelVersionArtifacts',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `model_versions/${f.version.id}/artifacts`)),
    },
    {
      id: 'upsertModelVersionArtifact',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `model_versions/${f.version.id}/artifacts`, {
            artifactType: 'doc-artifact',
            name: fresh('doc'),
            uri: 'https://d',
          }),
        ),
    },
    { id: 'getModelArtifacts', needs: 'read', prepare: ok((r) => r('GET', 'model_artifacts')) },
    {
      id: 'createModelArtifact',
      needs: 'write',
      prepare: ok((r) => r('POST', 'model_artifacts', { name: fresh('ma'), uri: 's3://x' })),
    },
    {
      id: 'getModelArtifact',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `model_artifacts/${f.artifact.id}`)),
    },
    {
      id: 'updateModelArtifact',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `model_artifacts/${f.artifact.id}`, { description: fresh('d') })),
    },
    {
      id: 'findModelArtifact',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('GET', `model_artifact?name=${f.artifact.name}&parentResourceId=${f.version.id}`),
        ),
    },
    {
      id: 'deleteModelArtifact',
      needs: 'admin',
      prepare: async (f, admin) => {
        const a = await created(admin, `model_versions/${f.version.id}/artifacts`, {
          artifactType: 'model-artifact',
          name: fresh('doomed'),
          uri: 's3://x',
        });
        return (r) => r('DELETE', `model_artifacts/${a.id}`);
      },
    },
    { id: 'getArtifacts', needs: 'read', prepare: ok((r) => r('GET', 'artifacts')) },
    {
      id: 'createArtifact',
      needs: 'write',
      prepare: ok((r) => r('POST', 'artifacts', { artifactType: 'doc-artifact', name: fresh('doc') })),
    },
    {
      id: 'getArtifact',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `artifacts/${f.artifact.id}`)),
    },
    {
      id: 'updateArtifact',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `artifacts/${f.artifact.id}`, { description: fresh('d') })),
    },
    {
      id: 'findArtifact',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) => r('GET', `artifact?name=${f.artifact.name}&parentResourceId=${f.version.id}`)),
    },
    {
      id: 'deleteArtifact',
      needs: 'admin',
      prepare: async (f, admin) => {
        const a = await created(admin, `model_versions/${f.version.id}/artifacts`, {
          artifactType: 'doc-artifact',
          name: fresh('doomed'),
        });
        return (r) => r('DELETE', `artifacts/${a.id}`);
      },
    },
    // serving
    { id: 'getServingEnvironments', needs: 'read', prepare: ok((r) => r('GET', 'serving_environments')) },
    {
      id: 'createServingEnvironment',
      needs: 'write',
      prepare: ok((r) => r('POST', 'serving_environments', { name: fresh('env') })),
    },
    {
      id: 'getServingEnvironment',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `serving_environments/${f.env.id}`)),
    },
    {
      id: 'updateServingEnvironment',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `serving_environments/${f.env.id}`, { description: fresh('d') })),
    },
    {
      id: 'findServingEnvironment',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `serving_environment?name=${f.env.name}`)),
    },
    {
      id: 'deleteServingEnvironment',
      needs: 'admin',
      prepare: async (_f, admin) => {
        const e = await created(admin, 'serving_environments', { name: fresh('doomed') });
        return (r) => r('DELETE', `serving_environments/${e.id}`);
      },
    },
    {
      id: 'getEnvironmentInferenceServices',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `serving_environments/${f.env.id}/inference_services`)),
    },
    {
      id: 'createEnvironmentInferenceService',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `serving_environments/${f.env.id}/inference_services`, {
            name: fresh('isvc'),
            registeredModelId: f.model.id,
          }),
        ),
    },
    { id: 'getInferenceServices', needs: 'read', prepare: ok((r) => r('GET', 'inference_services')) },
    {
      id: 'createInferenceService',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', 'inference_services', {
            name: fresh('isvc'),
            registeredModelId: f.model.id,
            servingEnvironmentId: f.env.id,
          }),
        ),
    },
    {
      id: 'getInferenceService',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `inference_services/${f.isvc.id}`)),
    },
    {
      id: 'updateInferenceService',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `inference_services/${f.isvc.id}`, { runtime: fresh('rt') })),
    },
    {
      id: 'findInferenceService',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('GET', `inference_service?name=${f.isvc.name}&parentResourceId=${f.env.id}`),
        ),
    },
    {
      id: 'deleteInferenceService',
      needs: 'admin',
      prepare: async (f, admin) => {
        const i = await created(admin, 'inference_services', {
          name: fresh('doomed'),
          registeredModelId: f.model.id,
          servingEnvironmentId: f.env.id,
        });
        return (r) => r('DELETE', `inference_services/${i.id}`);
      },
    },
    {
      id: 'getInferenceServiceModel',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `inference_services/${f.isvc.id}/model`)),
    },
    {
      id: 'getInferenceServiceVersion',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `inference_services/${f.isvc.id}/version`)),
    },
    {
      id: 'getInferenceServiceServes',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `inference_services/${f.isvc.id}/serves`)),
    },
    {
      id: 'createInferenceServiceServe',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `inference_services/${f.isvc.id}/serves`, { modelVersionId: f.version.id }),
        ),
    },
    {
      id: 'getServeModel',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `serve_models/${f.serve.id}`)),
    },
    {
      id: 'updateServeModel',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `serve_models/${f.serve.id}`, { lastKnownState: 'RUNNING' })),
    },
    {
      id: 'deleteServeModel',
      needs: 'admin',
      prepare: async (f, admin) => {
        const s = await created(admin, `inference_services/${f.isvc.id}/serves`, {
          modelVersionId: f.version.id,
        });
        return (r) => r('DELETE', `serve_models/${s.id}`);
      },
    },
    // experiments
    { id: 'getExperiments', needs: 'read', prepare: ok((r) => r('GET', 'experiments')) },
    {
      id: 'createExperiment',
      needs: 'write',
      prepare: ok((r) => r('POST', 'experiments', { name: fresh('exp') })),
    },
    {
      id: 'getExperiment',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiments/${f.experiment.id}`)),
    },
    {
      id: 'updateExperiment',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `experiments/${f.experiment.id}`, { description: fresh('d') })),
    },
    {
      id: 'findExperiment',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiment?name=${f.experiment.name}`)),
    },
    {
      id: 'deleteExperiment',
      needs: 'admin',
      prepare: async (_f, admin) => {
        const x = await created(admin, 'experiments', { name: fresh('doomed') });
        return (r) => r('DELETE', `experiments/${x.id}`);
      },
    },
    {
      id: 'getExperimentExperimentRuns',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiments/${f.experiment.id}/experiment_runs`)),
    },
    {
      id: 'createExperimentExperimentRun',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `experiments/${f.experiment.id}/experiment_runs`, { name: fresh('run') }),
        ),
    },
    { id: 'getExperimentRuns', needs: 'read', prepare: ok((r) => r('GET', 'experiment_runs')) },
    {
      id: 'createExperimentRun',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', 'experiment_runs', { name: fresh('run'), experimentId: f.experiment.id }),
        ),
    },
    {
      id: 'getExperimentRun',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiment_runs/${f.run.id}`)),
    },
    {
      id: 'updateExperimentRun',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) => r('PATCH', `experiment_runs/${f.run.id}`, { description: fresh('d') })),
    },
    {
      id: 'findExperimentRun',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('GET', `experiment_run?name=${f.run.name}&parentResourceId=${f.experiment.id}`),
        ),
    },
    {
      id: 'deleteExperimentRun',
      needs: 'admin',
      prepare: async (f, admin) => {
        const x = await created(admin, 'experiment_runs', {
          name: fresh('doomed'),
          experimentId: f.experiment.id,
        });
        return (r) => r('DELETE', `experiment_runs/${x.id}`);
      },
    },
    {
      id: 'getExperimentRunArtifacts',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiment_runs/${f.run.id}/artifacts`)),
    },
    {
      id: 'upsertExperimentRunArtifact',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `experiment_runs/${f.run.id}/artifacts`, {
            artifactType: 'metric',
            name: fresh('acc'),
            value: 0.5,
          }),
        ),
    },
    {
      id: 'getExperimentRunMetricHistory',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `experiment_runs/${f.run.id}/metric_history`)),
    },
    {
      id: 'getExperimentRunsMetricHistory',
      needs: 'read',
      prepare: ok((r) => r('GET', 'experiment_runs/metric_history')),
    },
    // access administration
    { id: 'getApiTokens', needs: 'admin', prepare: ok((r) => r('GET', 'tokens')) },
    {
      id: 'createApiToken',
      needs: 'admin',
      prepare: ok((r) => r('POST', 'tokens', { name: fresh('t'), role: 'viewer' })),
    },
    {
      id: 'revokeApiToken',
      needs: 'admin',
      prepare: async (_f, admin) => {
        const t = await created(admin, 'tokens', { name: fresh('doomed'), role: 'viewer' });
        return (r) => r('DELETE', `tokens/${t.id}`);
      },
    },
    {
      id: 'transitionModelVersionStage',
      needs: 'promote',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('staged'),
          registeredModelId: f.model.id,
        });
        return (r) => r('POST', `model_versions/${v.id}/stage`, { stage: 'Staging', comment: 'ready' });
      },
    },
    {
      id: 'getModelVersionStageHistory',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `model_versions/${f.version.id}/stage_history`)),
    },
    {
      id: 'getRegisteredModelStageHistory',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/stage_history`)),
    },
    {
      id: 'getRegisteredModelAliases',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/aliases`)),
    },
    {
      id: 'moveRegisteredModelAliases',
      needs: 'promote',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `registered_models/${f.model.id}/aliases`, { aliases: { [fresh('a')]: f.version.id } }),
        ),
    },
    {
      id: 'setRegisteredModelAlias',
      needs: 'promote',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('PUT', `registered_models/${f.model.id}/aliases/${fresh('a')}`, { modelVersionId: f.version.id }),
        ),
    },
    {
      id: 'getRegisteredModelAlias',
      needs: 'read',
      prepare: async (f, admin) => {
        await admin((r) =>
          r('PUT', `registered_models/${f.model.id}/aliases/stable`, { modelVersionId: f.version.id }),
        );
        return (r) => r('GET', `registered_models/${f.model.id}/aliases/stable`);
      },
    },
    {
      id: 'deleteRegisteredModelAlias',
      needs: 'promote',
      prepare: async (f, admin) => {
        const alias = fresh('doomed');
        await admin((r) =>
          r('PUT', `registered_models/${f.model.id}/aliases/${alias}`, { modelVersionId: f.version.id }),
        );
        return (r) => r('DELETE', `registered_models/${f.model.id}/aliases/${alias}`);
      },
    },
    {
      id: 'getRegisteredModelAliasHistory',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/alias_history`)),
    },
    {
      id: 'recordRegisteredModelDeployment',
      needs: 'promote',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', `registered_models/${f.model.id}/deployments`, {
            modelVersionId: f.version.id,
            environment: fresh('env'),
            action: 'deploy',
          }),
        ),
    },
    {
      id: 'getRegisteredModelDeployments',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/deployments`)),
    },
    {
      id: 'getNextVersionName',
      needs: 'read',
      prepare: (f) =>
        Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/next_version?bump=minor`)),
    },
    {
      id: 'resolveModelVersion',
      needs: 'read',
      prepare: async (f, admin) => {
        await admin((r) => r('POST', 'model_versions', { name: '1.0.0', registeredModelId: f.model.id }));
        return (r) => r('GET', `registered_models/${f.model.id}/resolve_version?range=latest`);
      },
    },
    {
      id: 'getPromotionPolicies',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/policies`)),
    },
    {
      id: 'setPromotionPolicy',
      needs: 'admin',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('PUT', `registered_models/${f.model.id}/policies/Archived`, { conditions: [] }),
        ),
    },
    {
      id: 'approveModelVersion',
      needs: 'promote',
      prepare: (f) =>
        Promise.resolve((r) => r('POST', `model_versions/${f.version.id}/approvals`, { stage: 'Staging' })),
    },
    // lineage, search and comparison
    {
      id: 'registerModelVersion',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('POST', 'registrations', {
            registeredModel: { name: f.model.name },
            modelVersion: { name: fresh('rv') },
            metrics: [{ name: 'accuracy', value: 0.9 }],
            params: { lr: 0.1 },
            datasets: [{ name: 'train', uri: 's3://d/train', digest: 'sha256:00' }],
            code: { commit: 'abc' },
            parents: [{ modelVersionId: f.version.id }],
          }),
        ),
    },
    {
      id: 'getLineage',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `lineage?node=modelVersion:${f.version.id}&depth=2`)),
    },
    {
      id: 'setModelVersionLineage',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('PUT', `model_versions/${f.version.id}/lineage`, { code: { commit: fresh('c') } }),
        ),
    },
    {
      id: 'addModelVersionParent',
      needs: 'write',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('child'),
          registeredModelId: f.model.id,
        });
        return (r) => r('POST', `model_versions/${v.id}/parents`, { parentVersionId: f.version.id });
      },
    },
    {
      id: 'removeModelVersionParent',
      needs: 'write',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('child'),
          registeredModelId: f.model.id,
        });
        await admin((r) => r('POST', `model_versions/${v.id}/parents`, { parentVersionId: f.version.id }));
        return (r) => r('DELETE', `model_versions/${v.id}/parents/${f.version.id}`);
      },
    },
    {
      id: 'getMetricGoals',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `registered_models/${f.model.id}/metric_goals`)),
    },
    {
      id: 'setMetricGoals',
      needs: 'write',
      prepare: (f) =>
        Promise.resolve((r) =>
          r('PUT', `registered_models/${f.model.id}/metric_goals`, { goals: { [fresh('m')]: 'minimize' } }),
        ),
    },
    {
      id: 'compareModelVersions',
      needs: 'read',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('cmp'),
          registeredModelId: f.model.id,
        });
        return (r) => r('GET', `comparisons?versionIds=${f.version.id},${v.id}`);
      },
    },
    { id: 'getProduction', needs: 'read', prepare: ok((r) => r('GET', 'production')) },
    // model files
    {
      id: 'createUpload',
      needs: 'write',
      prepare: async (f, admin) => {
        const v = await created(admin, 'model_versions', {
          name: fresh('files'),
          registeredModelId: f.model.id,
        });
        return (r) => r('POST', `model_versions/${v.id}/uploads`, { files: [{ path: 'a.bin', size: 1 }] });
      },
    },
    {
      id: 'listUploads',
      needs: 'read',
      prepare: async (f, admin) => {
        const upload = await newUpload(f, admin);
        return (r) => r('GET', `model_versions/${upload.modelVersionId}/uploads?state=OPEN`);
      },
    },
    {
      id: 'getUpload',
      needs: 'read',
      prepare: async (f, admin) => {
        const upload = await newUpload(f, admin);
        return (r) => r('GET', `uploads/${upload.id}`);
      },
    },
    {
      id: 'uploadFile',
      needs: 'write',
      prepare: async (f, admin) => {
        const upload = await newUpload(f, admin);
        return (r) => r('PUT', `uploads/${upload.id}/files/a.bin`, new Uint8Array([7]));
      },
    },
    {
      id: 'commitUpload',
      needs: 'write',
      prepare: async (f, admin) => {
        const upload = await newUpload(f, admin);
        await admin((r) => r('PUT', `uploads/${upload.id}/files/a.bin`, new Uint8Array([7])));
        return (r) => r('POST', `uploads/${upload.id}/commit`, {});
      },
    },
    {
      id: 'abortUpload',
      needs: 'write',
      prepare: async (f, admin) => {
        const upload = await newUpload(f, admin);
        return (r) => r('DELETE', `uploads/${upload.id}`);
      },
    },
    {
      id: 'getModelVersionFiles',
      needs: 'read',
      prepare: async (f, admin) => {
        const versionId = await committedVersion(f, admin);
        return (r) => r('GET', `model_versions/${versionId}/files`);
      },
    },
    {
      id: 'downloadModelVersionFile',
      needs: 'read',
      prepare: async (f, admin) => {
        const versionId = await committedVersion(f, admin);
        return (r) => r('GET', `model_versions/${versionId}/files/a.bin`);
      },
    },
    {
      id: 'downloadModelVersionContent',
      needs: 'read',
      prepare: async (f, admin) => {
        const versionId = await committedVersion(f, admin);
        return (r) => r('GET', `model_versions/${versionId}/content.tar`);
      },
    },
    { id: 'collectGarbage', needs: 'admin', prepare: ok((r) => r('POST', 'gc', { dryRun: true })) },
    // browsing (the web UI's reads)
    { id: 'getModelSummaries', needs: 'read', prepare: ok((r) => r('GET', 'model_summaries?pageSize=5')) },
    {
      id: 'getSearchSuggestions',
      needs: 'read',
      prepare: ok((r) => r('GET', 'search_suggestions?source=field')),
    },
    {
      id: 'getModelVersionStageOptions',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `model_versions/${f.version.id}/stage_options`)),
    },
    {
      id: 'getPermissions',
      needs: 'read',
      prepare: (f) => Promise.resolve((r) => r('GET', `permissions?registeredModelId=${f.model.id}`)),
    },
    { id: 'getAuditEvents', needs: 'admin', prepare: ok((r) => r('GET', 'audit_events?pageSize=5')) },
    { id: 'verifyAuditTrail', needs: 'admin', prepare: ok((r) => r('GET', 'audit_events/verify')) },
    { id: 'getGrants', needs: 'admin', prepare: ok((r) => r('GET', 'grants')) },
    {
      id: 'createGrant',
      needs: 'admin',
      prepare: ok((r) =>
        r('POST', 'grants', { principalType: 'user', principal: fresh('u'), role: 'viewer' }),
      ),
    },
    {
      id: 'deleteGrant',
      needs: 'admin',
      prepare: async (_f, admin) => {
        const g = await created(admin, 'grants', {
          principalType: 'group',
          principal: fresh('g'),
          role: 'viewer',
        });
        return (r) => r('DELETE', `grants/${g.id}`);
      },
    },
  ];
}

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`access control with API tokens [${target.name}]`, () => {
    let h: RegistryHarness;
    const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
    const as =
      (caller: Caller): Runner =>
      (run) =>
        run((method, path, body) => {
          const headers: Record<string, string> =
            caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` };
          // File bytes go as they are; the answers of downloads are bytes too.
          return body instanceof Uint8Array || /\/(files\/|content\.tar)/.test(path)
            ? h.bytes(method, path, body as Uint8Array | undefined, headers)
            : h.request(method, path, body, headers);
        });
    let fixture: Fixture;

    beforeAll(async () => {
      h = await startHarness(target.name, { config: { auth: 'token' } });
      for (const role of ['viewer', 'editor', 'promoter', 'admin'] as const) {
        tokens[role] = await h.createToken({ name: `${role}-token`, role });
      }
      const admin = as('admin');
      const model = await created(admin, 'registered_models', { name: 'guarded' });
      const version = await created(admin, 'model_versions', { name: 'v1', registeredModelId: model.id });
      const artifact = await created(admin, `model_versions/${version.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'guarded',
        uri: 's3://g',
      });
      const env = await created(admin, 'serving_environments', { name: 'prod' });
      const isvc = await created(admin, 'inference_services', {
        name: 'isvc',
        registeredModelId: model.id,
        servingEnvironmentId: env.id,
      });
      const serve = await created(admin, `inference_services/${isvc.id}/serves`, {
        modelVersionId: version.id,
      });
      const experiment = await created(admin, 'experiments', { name: 'exp' });
      const run = await created(admin, 'experiment_runs', { name: 'run', experimentId: experiment.id });
      fixture = { model, version, artifact, env, isvc, serve, experiment, run };
    });
    afterAll(async () => {
      await h.close();
    });

    const snapshot = async () => {
      const parts: unknown[] = [];
      for (const path of [
        'registered_models',
        'model_versions',
        'artifacts',
        'serving_environments',
        'inference_services',
        'experiments',
        'experiment_runs',
        'tokens',
        'grants',
      ]) {
        parts.push((await as('admin')((r) => r('GET', path))).body);
      }
      parts.push((await as('admin')((r) => r('GET', `inference_services/${fixture.isvc.id}/serves`))).body);
      return JSON.stringify(parts);
    };

    // Every operation of the API, as five callers each, with a snapshot of the state around each refusal.
    it(
      'answers every operation with exactly allowed, 401 or 403, and a refused request changes nothing',
      { timeout: 180_000 },
      async () => {
        const outcomes: string[] = [];
        for (const operation of operations()) {
          for (const caller of CALLERS) {
            const call = await operation.prepare(fixture, as('admin'));
            const allowed = ALLOWED[operation.needs].includes(caller);
            const before = allowed ? '' : await snapshot();
            const response = await as(caller)(call);
            const outcome = response.status < 300 ? 'allowed' : String(response.status);
            const expected = allowed ? 'allowed' : caller === 'anonymous' ? '401' : '403';
            outcomes.push(
              `${operation.id} as ${caller}: ${outcome}${outcome === expected ? '' : ` (expected ${expected}: ${JSON.stringify(response.body)})`}`,
            );
            if (!allowed) {
              expect(await snapshot(), `${operation.id} as ${caller} changed state`).toBe(before);
              expect(response.body['code']).toBe(caller === 'anonymous' ? 'Unauthorized' : 'Forbidden');
              if (caller === 'anonymous')
                expect(response.headers.get('www-authenticate')).toContain('Bearer');
            }
          }
        }
        expect(outcomes.filter((o) => o.includes('expected'))).toEqual([]);
        // Every refusal left an audit event naming who was refused what; the chain still holds.
        const refused = outcomes.filter((o) => / (401|403)$/.test(o)).length;
        const denials: Entity[] = [];
        let token = '';
        do {
          const page = await as('admin')((r) =>
            r('GET', `audit_events?outcome=denied&pageSize=500&nextPageToken=${token}`),
          );
          denials.push(...(page.body['items'] as Entity[]));
          token = String(page.body['nextPageToken']);
        } while (token !== '');
        expect(denials).toHaveLength(refused);
        const viewerDelete = denials.filter(
          (e) => e['actor'] === 'viewer-token' && /^DELETE registered_models\/\d+$/.test(String(e['action'])),
        );
        expect(viewerDelete).toHaveLength(1);
        expect(viewerDelete[0]).toMatchObject({
          outcome: 'denied',
          entityType: 'registered_models',
          actorMethod: 'token',
        });
        expect(JSON.parse(String(viewerDelete[0]?.['detail']))).toMatchObject({
          errorCode: 'PERMISSION_DENIED',
        });
        expect(denials.some((e) => e['actor'] === 'anonymous' && e['actorMethod'] === 'anonymous')).toBe(
          true,
        );
        const check = await as('admin')((r) => r('GET', 'audit_events/verify'));
        expect(check.body).toMatchObject({ valid: true });
        expect(Number(check.body['events'])).toBeGreaterThan(refused);
        // The table covers every operation of the served API.
        const served = new Set<string>();
        for (const [path, item] of Object.entries(
          loadServedDocument()['paths'] as Record<string, Record<string, { operationId?: string }>>,
        )) {
          if (!path.startsWith('/api/') || path.endsWith('openapi.yaml')) continue;
          for (const op of Object.values(item))
            if (typeof op?.operationId === 'string') served.add(op.operationId);
        }
        expect([...served].filter((id) => !operations().some((o) => o.id === id))).toEqual([]);
      },
    );

    it('refuses an unknown, malformed, revoked or expired token with 401', async () => {
      const bearer = (token: string) =>
        h.request('GET', 'registered_models', undefined, { authorization: `Bearer ${token}` });
      expect((await bearer('mrt_999999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
      expect((await bearer('not-a-token')).status).toBe(401);
      const stolen = tokens.viewer.slice(0, -2) + (tokens.viewer.endsWith('AA') ? 'BB' : 'AA');
      expect((await bearer(stolen)).body['errorCode']).toBe('INVALID_TOKEN');
      const made = await as('admin')((r) => r('POST', 'tokens', { name: 'short-lived', role: 'viewer' }));
      const secret = String(made.body['token']);
      expect((await bearer(secret)).status).toBe(200);
      expect((await as('admin')((r) => r('DELETE', `tokens/${String(made.body['id'])}`))).status).toBe(204);
      expect((await bearer(secret)).status).toBe(401);
      const listed = await as('admin')((r) => r('GET', 'tokens'));
      const entry = (listed.body['items'] as Entity[]).find((t) => t.name === 'short-lived');
      expect(entry?.['state']).toBe('REVOKED');
      expect(JSON.stringify(listed.body)).not.toContain(secret.slice(secret.indexOf('_', 4) + 1));
      const expiring = await as('admin')((r) =>
        r('POST', 'tokens', { name: 'expiring', role: 'viewer', expiresInSeconds: 1 }),
      );
      expect((await bearer(String(expiring.body['token']))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await bearer(String(expiring.body['token']))).status).toBe(401);
    });

    it('shows a viewer of one model only that model, filtered in the query', async () => {
      const admin = as('admin');
      const other = await created(admin, 'registered_models', { name: 'secret-model' });
      await created(admin, 'model_versions', { name: 'v1', registeredModelId: other.id });
      const scoped = await h.createToken({
        name: 'scoped-viewer',
        role: 'viewer',
        registeredModelId: Number(fixture.model.id),
      });
      const call = (path: string) => h.request('GET', path, undefined, { authorization: `Bearer ${scoped}` });
      const models = (await call('registered_models')).body['items'] as Entity[];
      expect(models.map((m) => m.name)).toEqual(['guarded']);
      const versions = (await call('model_versions')).body['items'] as Entity[];
      expect(versions.length).toBeGreaterThan(0);
      expect(new Set(versions.map((v) => v['registeredModelId']))).toEqual(new Set([fixture.model.id]));
      const artifacts = (await call('artifacts')).body['items'] as Entity[];
      expect(artifacts.map((a) => a.id)).toContain(fixture.artifact.id);
      expect((await call(`registered_models/${other.id}`)).status).toBe(403);
      expect((await call('registered_model?name=secret-model')).status).toBe(403);
      expect((await call('experiments')).body['items'] as Entity[]).toEqual([]);
      expect((await call(`registered_models/${fixture.model.id}`)).status).toBe(200);
    });

    it('deletes a model together with its policies, grants, approvals and model-scoped tokens', async () => {
      const admin = as('admin');
      const model = await created(admin, 'registered_models', { name: fresh('retired') });
      const version = await created(admin, 'model_versions', { name: 'v1', registeredModelId: model.id });
      await admin((r) =>
        r('PUT', `registered_models/${model.id}/policies/Production`, {
          conditions: [{ type: 'approvals', count: 1 }],
        }),
      );
      await admin((r) => r('POST', `model_versions/${version.id}/approvals`, { stage: 'Production' }));
      await admin((r) =>
        r('POST', 'grants', {
          principalType: 'user',
          principal: 'erin',
          role: 'editor',
          registeredModelId: model.id,
        }),
      );
      const scoped = await admin((r) =>
        r('POST', 'tokens', { name: fresh('scoped'), role: 'viewer', registeredModelId: model.id }),
      );
      expect(scoped.status).toBe(201);
      const deleted = await admin((r) => r('DELETE', `registered_models/${model.id}`));
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
      const grants = (await admin((r) => r('GET', 'grants'))).body['items'] as Entity[];
      expect(grants.filter((g) => g['registeredModelId'] === model.id)).toEqual([]);
      const tokens = (await admin((r) => r('GET', 'tokens'))).body['items'] as Entity[];
      expect(tokens.filter((t) => t['registeredModelId'] === model.id)).toEqual([]);
      expect(
        (
          await h.request('GET', 'whoami', undefined, {
            authorization: `Bearer ${String(scoped.body['token'])}`,
          })
        ).status,
      ).toBe(401);
    });

    it("lets a model's owner administer it, and a grant give a group a role", async () => {
      const owned = await created(as('admin'), 'registered_models', { name: 'owned', owner: 'carol' });
      const carol = await h.createToken({ name: 'carol', role: 'viewer' });
      const asCarol = (method: string, path: string, body?: unknown) =>
        h.request(method, path, body, { authorization: `Bearer ${carol}` });
      expect((await asCarol('PATCH', `registered_models/${owned.id}`, { description: 'mine' })).status).toBe(
        200,
      );
      expect(
        (await asCarol('PATCH', `registered_models/${fixture.model.id}`, { description: 'not mine' })).status,
      ).toBe(403);
      const grant = await asCarol('POST', 'grants', {
        principalType: 'user',
        principal: 'dave',
        role: 'editor',
        registeredModelId: owned.id,
      });
      expect(grant.status).toBe(201);
      expect(
        (await asCarol('POST', 'grants', { principalType: 'user', principal: 'dave', role: 'editor' }))
          .status,
      ).toBe(403);
      expect((await asCarol('DELETE', `registered_models/${owned.id}`)).status).toBe(204);
    });
  });
}
