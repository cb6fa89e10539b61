import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore, type MetadataStore } from '@modelreg/server';
import {
  permissionsOn,
  type Permission,
  type Principal,
} from '../../packages/server/src/domain/access-control.js';
import {
  OPERATIONS,
  SEARCH_OPERATIONS,
  type OperationId,
} from '../../packages/server/src/domain/permissions.js';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import {
  created,
  fresh,
  seedWorld,
  sender,
  type Entity,
  type ModelWorld,
  type Send,
  type World,
} from '../support/access-world.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// No principal can raise its own rights. The defects found against the first access control each
// have a regression test; then a breadth-first walk tries every mutating operation, with the ids
// of every seeded entity, as an editor of one model (and as every credential it gains on the
// way), and checks that it ends holding no more than it started with and that nothing outside
// its model changed.

/** A mutating call to try, with `<kind>` placeholders for the ids (and names) it takes. */
interface Attempt {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly bodies?: readonly unknown[];
}

const MUTATIONS: Readonly<Partial<Record<OperationId, Attempt>>> = {
  createRegisteredModel: {
    method: 'POST',
    path: 'registered_models',
    bodies: [{ name: '<fresh>' }, { name: '<fresh>', owner: '<subject>' }],
  },
  updateRegisteredModel: {
    method: 'PATCH',
    path: 'registered_models/<model>',
    bodies: [{ owner: '<subject>' }, { state: 'ARCHIVED' }, { description: 'walked' }],
  },
  deleteRegisteredModel: { method: 'DELETE', path: 'registered_models/<model>' },
  createRegisteredModelVersion: {
    method: 'POST',
    path: 'registered_models/<model>/versions',
    bodies: [{ name: '<fresh>' }],
  },
  createModelVersion: {
    method: 'POST',
    path: 'model_versions',
    bodies: [{ name: '<fresh>', registeredModelId: '<model>' }],
  },
  updateModelVersion: {
    method: 'PATCH',
    path: 'model_versions/<version>',
    bodies: [{ state: 'ARCHIVED' }, { registeredModelId: '<model>' }, { author: 'walked' }],
  },
  deleteModelVersion: { method: 'DELETE', path: 'model_versions/<version>' },
  upsertModelVersionArtifact: {
    method: 'POST',
    path: 'model_versions/<version>/artifacts',
    bodies: [
      { id: '<artifact>', artifactType: 'model-artifact', uri: 's3://taken/over' },
      { id: '<artifact>', artifactType: 'metric', name: 'taken', value: 1 },
      { artifactType: 'doc-artifact', name: '<fresh>', experimentRunId: '<run>' },
    ],
  },
  createArtifact: {
    method: 'POST',
    path: 'artifacts',
    bodies: [
      { artifactType: 'doc-artifact', name: '<fresh>' },
      { artifactType: 'metric', name: '<fresh>', value: 1, experimentRunId: '<run>' },
    ],
  },
  updateArtifact: {
    method: 'PATCH',
    path: 'artifacts/<artifact>',
    bodies: [{ description: 'walked' }, { experimentRunId: '<run>' }, { experimentId: '<experiment>' }],
  },
  deleteArtifact: { method: 'DELETE', path: 'artifacts/<artifact>' },
  createModelArtifact: {
    method: 'POST',
    path: 'model_artifacts',
    bodies: [{ name: '<fresh>', uri: 's3://x/y' }],
  },
  updateModelArtifact: {
    method: 'PATCH',
    path: 'model_artifacts/<artifact>',
    bodies: [{ uri: 's3://moved/away' }],
  },
  deleteModelArtifact: { method: 'DELETE', path: 'model_artifacts/<artifact>' },
  createServingEnvironment: { method: 'POST', path: 'serving_environments', bodies: [{ name: '<fresh>' }] },
  updateServingEnvironment: {
    method: 'PATCH',
    path: 'serving_environments/<env>',
    bodies: [{ description: 'walked' }],
  },
  deleteServingEnvironment: { method: 'DELETE', path: 'serving_environments/<env>' },
  createEnvironmentInferenceService: {
    method: 'POST',
    path: 'serving_environments/<env>/inference_services',
    bodies: [{ name: '<fresh>', registeredModelId: '<model>' }],
  },
  createInferenceService: {
    method: 'POST',
    path: 'inference_services',
    bodies: [{ name: '<fresh>', registeredModelId: '<model>', servingEnvironmentId: '<env>' }],
  },
  updateInferenceService: {
    method: 'PATCH',
    path: 'inference_services/<isvc>',
    bodies: [
      { registeredModelId: '<model>' },
      { modelVersionId: '<version>' },
      { desiredState: 'UNDEPLOYED' },
    ],
  },
  deleteInferenceService: { method: 'DELETE', path: 'inference_services/<isvc>' },
  createInferenceServiceServe: {
    method: 'POST',
    path: 'inference_services/<isvc>/serves',
    bodies: [{ modelVersionId: '<version>' }],
  },
  updateServeModel: {
    method: 'PATCH',
    path: 'serve_models/<serve>',
    bodies: [{ modelVersionId: '<version>' }, { lastKnownState: 'FAILED' }],
  },
  deleteServeModel: { method: 'DELETE', path: 'serve_models/<serve>' },
  createExperiment: { method: 'POST', path: 'experiments', bodies: [{ name: '<fresh>' }] },
  updateExperiment: { method: 'PATCH', path: 'experiments/<experiment>', bodies: [{ owner: '<subject>' }] },
  deleteExperiment: { method: 'DELETE', path: 'experiments/<experiment>' },
  createExperimentExperimentRun: {
    method: 'POST',
    path: 'experiments/<experiment>/experiment_runs',
    bodies: [{ name: '<fresh>' }],
  },
  createExperimentRun: {
    method: 'POST',
    path: 'experiment_runs',
    bodies: [{ name: '<fresh>', experimentId: '<experiment>' }],
  },
  updateExperimentRun: {
    method: 'PATCH',
    path: 'experiment_runs/<run>',
    bodies: [{ description: 'walked' }],
  },
  deleteExperimentRun: { method: 'DELETE', path: 'experiment_runs/<run>' },
  upsertExperimentRunArtifact: {
    method: 'POST',
    path: 'experiment_runs/<run>/artifacts',
    bodies: [
      { id: '<artifact>', artifactType: 'metric', name: 'taken', value: 2 },
      { artifactType: 'metric', name: '<fresh>', value: 2 },
    ],
  },
  transitionModelVersionStage: {
    method: 'POST',
    path: 'model_versions/<version>/stage',
    bodies: [{ stage: 'Archived' }, { stage: 'Production', others: 'archive' }],
  },
  approveModelVersion: {
    method: 'POST',
    path: 'model_versions/<version>/approvals',
    bodies: [{ stage: 'Production' }],
  },
  setPromotionPolicy: {
    method: 'PUT',
    path: 'registered_models/<model>/policies/Production',
    bodies: [{ conditions: [{ type: 'approvals', count: 5 }] }],
  },
  moveRegisteredModelAliases: {
    method: 'POST',
    path: 'registered_models/<model>/aliases',
    bodies: [{ aliases: { champion: '<version>' } }],
  },
  setRegisteredModelAlias: {
    method: 'PUT',
    path: 'registered_models/<model>/aliases/champion',
    bodies: [{ modelVersionId: '<version>' }],
  },
  deleteRegisteredModelAlias: { method: 'DELETE', path: 'registered_models/<model>/aliases/champion' },
  recordRegisteredModelDeployment: {
    method: 'POST',
    path: 'registered_models/<model>/deployments',
    bodies: [
      {
        modelVersionId: '<version>',
        environment: 'shared-env',
        action: 'undeploy',
        inferenceService: '<isvcName>',
      },
    ],
  },
  recordKServeDeployment: {
    method: 'POST',
    path: 'registered_models/<model>/kserve_deployments',
    bodies: [
      { modelVersionId: '<version>', namespace: 'shared-env', name: '<isvcName>', mode: 'Knative' },
      {
        modelVersionId: '<version>',
        namespace: 'shared-env',
        mode: 'Standard',
        canaryPercent: 10,
        stableVersionId: '<version>',
      },
    ],
  },
  syncKServeDeployments: {
    method: 'POST',
    path: 'kserve_sync',
    bodies: [{ namespaces: ['shared-env'], inferenceServices: [] }],
  },
  registerModelVersion: {
    method: 'POST',
    path: 'registrations',
    bodies: [
      { registeredModel: { name: '<modelName>', owner: '<subject>' }, modelVersion: { name: '<fresh>' } },
      {
        registeredModel: { name: '<modelName>' },
        modelVersion: { name: '<fresh>' },
        experimentRunId: '<run>',
      },
      {
        registeredModel: { name: '<fresh>' },
        modelVersion: { name: 'v1' },
        parents: [{ modelVersionId: '<version>' }],
      },
    ],
  },
  setModelVersionLineage: {
    method: 'PUT',
    path: 'model_versions/<version>/lineage',
    bodies: [{ experimentRunId: '<run>' }],
  },
  addModelVersionParent: {
    method: 'POST',
    path: 'model_versions/<version>/parents',
    bodies: [{ parentVersionId: '<version>' }],
  },
  removeModelVersionParent: { method: 'DELETE', path: 'model_versions/<version>/parents/<version>' },
  setMetricGoals: {
    method: 'PUT',
    path: 'registered_models/<model>/metric_goals',
    bodies: [{ goals: { accuracy: 'minimize' } }],
  },
  createUpload: {
    method: 'POST',
    path: 'model_versions/<version>/uploads',
    bodies: [{ files: [{ path: 'b.bin', size: 1 }] }],
  },
  uploadFile: { method: 'PUT', path: 'uploads/<upload>/files/a.bin', bodies: [new Uint8Array([9])] },
  commitUpload: { method: 'POST', path: 'uploads/<upload>/commit', bodies: [{}] },
  abortUpload: { method: 'DELETE', path: 'uploads/<upload>' },
  collectGarbage: { method: 'POST', path: 'gc', bodies: [{ dryRun: false, graceSeconds: 0 }] },
  startVerificationRun: {
    method: 'POST',
    path: 'verification_runs',
    bodies: [{}, { registeredModelId: '<model>' }],
  },
  // Admins only: refused before the run is looked up, whichever id it names.
  stepVerificationRun: { method: 'POST', path: 'verification_runs/1/step', bodies: [{}] },
  createApiToken: {
    method: 'POST',
    path: 'tokens',
    bodies: [
      { name: '<fresh>', role: 'admin' },
      { name: '<fresh>', role: 'admin', subject: '<subject>', registeredModelId: '<model>' },
      { name: '<subject>', role: 'admin', registeredModelId: '<model>' },
    ],
  },
  revokeApiToken: { method: 'DELETE', path: 'tokens/<token>' },
  createGrant: {
    method: 'POST',
    path: 'grants',
    bodies: [
      { principalType: 'user', principal: '<subject>', role: 'admin' },
      { principalType: 'user', principal: '<subject>', role: 'admin', registeredModelId: '<model>' },
    ],
  },
  deleteGrant: { method: 'DELETE', path: 'grants/<grant>' },
};

/** The operations of the served document that change something (every method but GET). */
function mutatingOperations(): string[] {
  const ids: string[] = [];
  for (const item of Object.values(
    loadServedDocument()['paths'] as Record<string, Record<string, unknown>>,
  )) {
    for (const [method, operation] of Object.entries(item)) {
      const id = (operation as { operationId?: unknown } | null)?.operationId;
      // A search is a POST that changes nothing (a list with its query in the body).
      const search = (Object.values(SEARCH_OPERATIONS) as unknown[]).includes(id);
      if (typeof id === 'string' && method !== 'get' && method !== 'parameters' && !search) ids.push(id);
    }
  }
  return ids.sort();
}

/** Every value a placeholder stands for: the ids (or names) of every seeded entity of its kind. */
function placeholderValues(world: World, subjects: readonly string[]): Record<string, string[]> {
  const each = (pick: (m: ModelWorld) => Entity[]) => [world.a, world.b].flatMap(pick).map((e) => e.id);
  return {
    model: each((m) => [m.model]),
    modelName: [world.a.model.name, world.b.model.name],
    version: each((m) => [m.version, m.version2, m.committed]),
    artifact: each((m) => [m.artifact, m.metric]),
    isvc: each((m) => [m.isvc]),
    isvcName: [world.a.isvc.name, world.b.isvc.name],
    serve: each((m) => [m.serve]),
    upload: each((m) => [m.upload]),
    token: each((m) => [m.token]),
    grant: each((m) => [m.grant]),
    env: [world.env.id],
    experiment: [world.experiment.id],
    run: [world.run.id],
    subject: [...subjects],
  };
}

/** Every way to fill an attempt's placeholders (at most one value set per request). */
function expand(attempt: Attempt, values: Record<string, string[]>): { path: string; body: unknown }[] {
  const bodies = attempt.bodies ?? [undefined];
  const out: { path: string; body: unknown }[] = [];
  for (const body of bodies) {
    const text = `${attempt.path}\n${body instanceof Uint8Array ? '' : JSON.stringify(body ?? null)}`;
    const names = [...new Set([...text.matchAll(/<([a-zA-Z]+)>/g)].map((m) => m[1] ?? ''))].filter(
      (n) => n !== 'fresh',
    );
    let fillings: Record<string, string>[] = [{}];
    for (const name of names) {
      const options = values[name] ?? [];
      fillings = fillings.flatMap((f) => options.map((value) => ({ ...f, [name]: value })));
    }
    for (const filling of fillings) {
      const fill = (s: string) =>
        s.replace(/<([a-zA-Z]+)>/g, (_m, name: string) =>
          name === 'fresh' ? fresh('walk') : (filling[name] ?? ''),
        );
      out.push({
        path: fill(attempt.path),
        body:
          body instanceof Uint8Array || body === undefined ? body : JSON.parse(fill(JSON.stringify(body))),
      });
    }
  }
  return out;
}

/** What one model-scoped (or registry-wide) right looks like, for comparing before and after. */
type Rights = Record<string, Permission[]>;

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`no escalation [${target.name}]`, () => {
    let h: RegistryHarness;
    let world: World;
    let admin: Send;
    let editorToken: string;
    /** The registry's database, read directly: what rights a credential holds. */
    let store: MetadataStore;
    const as = (token: string): Send => sender(h, { label: 'caller', subject: 'caller', token });

    /** What a credential may do, on the registry and on each model, read from the database. */
    const rightsOf = async (token: string): Promise<Rights> => {
      const whoami = (await as(token)('GET', 'whoami')).body as {
        subject: string;
        groups: string[];
        roles: { role: 'viewer' | 'editor' | 'promoter' | 'admin'; registeredModelId?: string }[];
      };
      const principal: Principal = {
        subject: whoami.subject,
        groups: whoami.groups,
        method: 'token',
        credentialRoles: whoami.roles.map((r) => ({
          role: r.role,
          registeredModelId: r.registeredModelId === undefined ? undefined : Number(r.registeredModelId),
        })),
      };
      return store.transaction(async (tx) => {
        const grants = await tx.grantsFor(principal.subject, principal.groups);
        const rights: Rights = { registry: [...permissionsOn(principal, grants)].sort() };
        const models = (await tx.list('registeredModel', { orderBy: 'ID', sortOrder: 'ASC' })).items;
        for (const model of models) {
          const held = [...permissionsOn(principal, grants, model)].sort();
          if (held.length > 0) rights[`model ${model.name}`] = held;
        }
        return rights;
      });
    };

    /** Everything outside the editor's model, as a global admin reads it. */
    const outside = async (): Promise<Record<string, string>> => {
      const b = world.b;
      const paths = [
        `registered_models/${b.model.id}`,
        `registered_models/${b.model.id}/versions`,
        `registered_models/${b.model.id}/aliases`,
        `registered_models/${b.model.id}/alias_history`,
        `registered_models/${b.model.id}/stage_history`,
        `registered_models/${b.model.id}/deployments`,
        `registered_models/${b.model.id}/policies`,
        `registered_models/${b.model.id}/metric_goals`,
        ...[b.version, b.version2, b.committed].flatMap((v) => [
          `model_versions/${v.id}/artifacts`,
          `model_versions/${v.id}/uploads`,
          `model_versions/${v.id}/stage_history`,
        ]),
        `model_versions/${b.committed.id}/files`,
        `inference_services/${b.isvc.id}`,
        `inference_services/${b.isvc.id}/serves`,
        `serve_models/${b.serve.id}`,
        `artifacts/${b.artifact.id}`,
        `artifacts/${b.metric.id}`,
        'serving_environments',
        'experiments',
        'experiment_runs',
        `experiment_runs/${world.run.id}/artifacts`,
        'tokens',
        'grants',
      ];
      const parts: Record<string, string> = {};
      for (const path of paths) {
        const body = (await admin('GET', path)).body;
        // A change to an inference service of its own model moves the last-update time of its
        // environment (Kubeflow's parent), which is not a change of the environment's own data.
        if (path === 'serving_environments') {
          for (const env of (body as { items: Entity[] }).items) delete env['lastUpdateTimeSinceEpoch'];
        }
        parts[path] = JSON.stringify(body);
      }
      return parts;
    };

    beforeAll(async () => {
      h = await startHarness(target.name, { config: { auth: 'token', authFailuresPerMinute: 100_000 } });
      admin = as(await h.createToken({ name: 'root', role: 'admin' }));
      world = await seedWorld(admin);
      store = await openMetadataStore(h.config.db, { poolSize: 1 });
      editorToken = await h.createToken({
        name: 'scoped-editor',
        role: 'editor',
        registeredModelId: Number(world.a.model.id),
      });
    });
    afterAll(async () => {
      await store?.close();
      await h?.close();
    });

    it('lets an editor set no owner, of its model or another', async () => {
      const editor = as(editorToken);
      const globalEditor = as(await h.createToken({ name: fresh('editor'), role: 'editor' }));
      for (const [who, send] of [
        ['model editor', editor],
        ['global editor', globalEditor],
      ] as const) {
        const taken = await send('PATCH', `registered_models/${world.a.model.id}`, {
          owner: 'scoped-editor',
        });
        expect(taken.status, who).toBe(403);
        expect(taken.body['errorCode'], who).toBe('PERMISSION_DENIED');
      }
      expect((await admin('GET', `registered_models/${world.a.model.id}`)).body['owner']).toBe('alice-owner');
      // A client that sends the whole entity back, owner unchanged, changes it as before.
      const whole = (await editor('GET', `registered_models/${world.a.model.id}`)).body;
      const { id: _id, createTimeSinceEpoch: _c, lastUpdateTimeSinceEpoch: _u, ...fields } = whole;
      expect(
        (await editor('PATCH', `registered_models/${world.a.model.id}`, { ...fields, description: 'kept' }))
          .status,
      ).toBe(200);
      // The owner itself may hand the model over.
      const owner = as(
        await h.createToken({
          name: 'alice-owner',
          role: 'viewer',
          registeredModelId: Number(world.a.model.id),
        }),
      );
      expect(
        (await owner('PATCH', `registered_models/${world.a.model.id}`, { owner: 'alice-owner' })).status,
      ).toBe(200);
    });

    it("lets a model's admin mint tokens for itself only, and only on its model", async () => {
      const modelAdmin = as(
        await h.createToken({
          name: 'model-admin',
          role: 'admin',
          registeredModelId: Number(world.a.model.id),
        }),
      );
      const a = world.a.model.id;
      const refused = [
        { name: fresh('t'), subject: 'root', role: 'admin', registeredModelId: a },
        // The subject is the token's name when none is given: that is someone else too.
        { name: 'root-again', role: 'viewer', registeredModelId: a },
        { name: fresh('t'), subject: 'model-admin', role: 'admin' },
      ];
      for (const body of refused) {
        const answer = await modelAdmin('POST', 'tokens', body);
        expect(answer.status, JSON.stringify(body)).toBe(403);
      }
      const own = await modelAdmin('POST', 'tokens', {
        name: fresh('t'),
        subject: 'model-admin',
        role: 'admin',
        registeredModelId: a,
      });
      expect(own.status).toBe(201);
      expect(own.body).toMatchObject({ subject: 'model-admin', registeredModelId: a });
      // Another model is not there for it at all.
      const other = await modelAdmin('POST', 'tokens', {
        name: fresh('t'),
        subject: 'model-admin',
        role: 'admin',
        registeredModelId: world.b.model.id,
      });
      expect(other.status).toBe(404);
    });

    it("refuses to take over another parent's artifact by id", async () => {
      const before = (await admin('GET', `artifacts/${world.b.artifact.id}`)).body;
      const editor = as(editorToken);
      const hidden = await editor('POST', `model_versions/${world.a.version.id}/artifacts`, {
        id: world.b.artifact.id,
        artifactType: 'model-artifact',
        uri: 's3://mine/now',
      });
      expect(hidden.status).toBe(404);
      expect(hidden.body['message']).not.toContain('bravo-secret');
      // One who may write both still cannot move it: an artifact's parent never changes.
      const globalEditor = as(await h.createToken({ name: fresh('editor'), role: 'editor' }));
      const moved = await globalEditor('POST', `model_versions/${world.a.version.id}/artifacts`, {
        id: world.b.artifact.id,
        artifactType: 'model-artifact',
        uri: 's3://mine/now',
      });
      expect(moved.status).toBe(409);
      expect(moved.body['errorCode']).toBe('ARTIFACT_OF_ANOTHER_PARENT');
      const viaRun = await globalEditor('POST', `experiment_runs/${world.run.id}/artifacts`, {
        id: world.a.artifact.id,
        artifactType: 'model-artifact',
        uri: 's3://mine/now',
      });
      expect(viaRun.status).toBe(409);
      expect((await admin('GET', `artifacts/${world.b.artifact.id}`)).body).toEqual(before);
      expect(
        (await admin('GET', `model_versions/${world.b.version.id}/artifacts`)).body['items'],
      ).toContainEqual(before);
    });

    it('moves an inference service to another model only for who administers both', async () => {
      const move = { registeredModelId: world.b.model.id, modelVersionId: world.b.version.id };
      const path = `inference_services/${world.a.isvc.id}`;
      expect((await as(editorToken)('PATCH', path, move)).status).toBe(404);
      const globalEditor = as(await h.createToken({ name: fresh('editor'), role: 'editor' }));
      expect((await globalEditor('PATCH', path, move)).status).toBe(403);
      const modelAdmin = as(
        await h.createToken({
          name: fresh('admin'),
          role: 'admin',
          registeredModelId: Number(world.a.model.id),
        }),
      );
      expect((await modelAdmin('PATCH', path, move)).status).toBe(404);
      expect((await admin('GET', path)).body['registeredModelId']).toBe(world.a.model.id);
      // Admin of both models, through grants: the move is theirs to make.
      for (const model of [world.a.model, world.b.model]) {
        await created(admin, 'grants', {
          principalType: 'user',
          principal: 'mover',
          role: 'admin',
          registeredModelId: model.id,
        });
      }
      const mover = as(await h.createToken({ name: 'mover', role: 'viewer' }));
      const moved = await mover('PATCH', path, move);
      expect(moved.status).toBe(200);
      expect(moved.body['registeredModelId']).toBe(world.b.model.id);
      await admin('PATCH', path, { registeredModelId: world.a.model.id, modelVersionId: world.a.version.id });
    });

    it("archives a version through Kubeflow's state only with promote: it is a stage move", async () => {
      const version = await created(admin, 'model_versions', {
        name: fresh('v'),
        registeredModelId: world.a.model.id,
      });
      const patch = (send: Send) => send('PATCH', `model_versions/${version.id}`, { state: 'ARCHIVED' });
      expect((await patch(as(editorToken))).status).toBe(403);
      expect((await admin('GET', `model_versions/${version.id}`)).body['stage']).toBe('Development');
      // A PATCH is a write, and this one a stage move as well: it needs both (POST …/stage, promote alone).
      const promoter = as(
        await h.createToken({
          name: fresh('promoter'),
          role: 'promoter',
          registeredModelId: Number(world.a.model.id),
        }),
      );
      expect((await patch(promoter)).status).toBe(403);
      for (const role of ['editor', 'promoter']) {
        await created(admin, 'grants', {
          principalType: 'user',
          principal: 'releaser',
          role,
          registeredModelId: world.a.model.id,
        });
      }
      const releaser = as(await h.createToken({ name: 'releaser', role: 'viewer' }));
      expect((await patch(releaser)).status).toBe(200);
      expect((await admin('GET', `model_versions/${version.id}`)).body['stage']).toBe('Archived');
    });

    it("never repoints another model's inference service when recording a deployment", async () => {
      const before = (await admin('GET', `inference_services/${world.b.isvc.id}`)).body;
      const promoter = as(
        await h.createToken({
          name: fresh('promoter'),
          role: 'promoter',
          registeredModelId: Number(world.a.model.id),
        }),
      );
      const answer = await promoter('POST', `registered_models/${world.a.model.id}/deployments`, {
        modelVersionId: world.a.version.id,
        environment: world.env.name,
        inferenceService: world.b.isvc.name,
        action: 'undeploy',
      });
      expect(answer.status).toBe(409);
      // It names only what the caller sent (the service's name), never the other model.
      expect(JSON.stringify(answer.body)).not.toMatch(/bravo-secret(?!-isvc)/);
      expect(JSON.stringify(answer.body)).not.toContain(`registered model ${world.b.model.id}`);
      expect((await admin('GET', `inference_services/${world.b.isvc.id}`)).body).toEqual(before);
    });

    it(
      'walks every mutating operation as an editor of one model and ends with no more rights, nothing else changed',
      { timeout: 600_000 },
      async () => {
        // The walk covers every operation that changes something.
        expect(Object.keys(MUTATIONS).sort()).toEqual(mutatingOperations());
        for (const id of Object.keys(MUTATIONS)) expect(OPERATIONS).toHaveProperty(id);

        const before = await outside();
        const startRights = await rightsOf(editorToken);
        expect(startRights).toEqual({ registry: [], [`model ${world.a.model.name}`]: ['read', 'write'] });

        // Its own subject last: where a change could stick, it is the one that sticks.
        const subjects = ['root', 'alice-owner', 'bob-owner', 'scoped-editor'];
        const values = placeholderValues(world, subjects);
        // Breadth first: every credential the walk gains is walked with in the next round.
        let frontier = [editorToken];
        const held = new Set(frontier);
        const succeeded: string[] = [];
        const escalations: string[] = [];
        for (let round = 0; frontier.length > 0 && round < 4; round++) {
          const next: string[] = [];
          for (const token of frontier) {
            const send = as(token);
            for (const [operation, attempt] of Object.entries(MUTATIONS)) {
              for (const { path, body } of expand(attempt, values)) {
                const answer = await send(attempt.method, path, body);
                expect(answer.status, `${operation} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(
                  500,
                );
                if (answer.status < 300) {
                  const step = `${operation} ${attempt.method} ${path} ${JSON.stringify(body ?? '')}`;
                  succeeded.push(step);
                  // After every change it was allowed to make, it holds no more than at the start.
                  const now = await rightsOf(token);
                  for (const [scope, permissions] of Object.entries(now)) {
                    const gained = permissions.filter((p) => !(startRights[scope] ?? []).includes(p));
                    if (gained.length > 0)
                      escalations.push(`${step}: gained ${gained.join(', ')} on ${scope}`);
                  }
                }
                const secret = (answer.body as { token?: unknown })['token'];
                if (operation === 'createApiToken' && typeof secret === 'string' && !held.has(secret)) {
                  held.add(secret);
                  next.push(secret);
                }
              }
            }
          }
          frontier = next;
        }
        // It did reach its own model: the walk is not refused wholesale.
        expect(succeeded.some((s) => s.startsWith('updateRegisteredModel'))).toBe(true);
        expect(escalations).toEqual([]);
        // Every credential it holds at the end (any it minted on the way too) holds no more than
        // it started with.
        for (const token of held) {
          const endRights = await rightsOf(token);
          for (const [scope, permissions] of Object.entries(endRights)) {
            for (const permission of permissions) {
              expect(startRights[scope] ?? [], `${scope}: ${permission}`).toContain(permission);
            }
          }
        }
        expect([...held]).toEqual([editorToken]);
        const after = await outside();
        const changed = Object.keys(before).filter((key) => after[key] !== before[key]);
        expect(changed.map((key) => `${key}: ${before[key]} => ${after[key]}`)).toEqual([]);
      },
    );
  });
}
