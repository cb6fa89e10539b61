import type { CustomProperties } from '../../domain/custom-properties.js';
import type {
  EntityByKind,
  EntityKind,
  InferenceService,
  ModelVersion,
  RegisteredModel,
} from '../../domain/entities.js';
import { ConflictError } from '../../domain/errors.js';
import type { DeploymentEvent, Stage } from '../../domain/lifecycle.js';
import type { LifecycleTx } from './lifecycle-tx.js';
import { createEntity, mustGet, updateEntity, type WriteContext } from '../catalog/index.js';
import { lockModel, runUseCase, type Caller, type Record_ } from '../use-case.js';
import { versionOfModel } from './alias-service.js';
import type { LifecycleServiceDeps } from './stage-service.js';

/**
 * Work a deployment target (KServe) adds to recording a deployment, in the same transaction and
 * under the model's lock: `check` before anything is written (a refusal leaves nothing), `after`
 * once the inference service and the history row are written (it may answer the service updated).
 */
export interface DeploymentHooks {
  readonly check?: (
    tx: LifecycleTx,
    at: { model: RegisteredModel; version: ModelVersion; existing: InferenceService | undefined },
  ) => Promise<void>;
  readonly after?: (
    tx: LifecycleTx,
    at: {
      now: number;
      record: Record_;
      model: RegisteredModel;
      version: ModelVersion;
      inferenceService: InferenceService;
    },
  ) => Promise<InferenceService | void>;
}

export interface DeploymentInput {
  modelVersionId: number;
  environment: string;
  action: 'deploy' | 'undeploy';
  inferenceService?: string | undefined;
  endpoint?: string | undefined;
  comment?: string | undefined;
}

/** Entities by id in one query (for joining names onto a list). */
async function byId<K extends EntityKind>(tx: LifecycleTx, kind: K, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const found = new Map<number, EntityByKind[K]>();
  if (unique.length === 0) return found;
  const page = await tx.list(kind, {
    filter: { kind: 'field', field: 'id', fieldType: 'id', operator: 'IN', values: unique },
    orderBy: 'ID',
    sortOrder: 'ASC',
  });
  for (const entity of page.items) found.set(entity.id, entity);
  return found;
}

/** Deployments of versions to serving environments, their history, and what is in production. */
export class DeploymentService {
  constructor(private readonly deps: LifecycleServiceDeps) {}

  /**
   * Records, in one call, that a version was deployed to (or undeployed from) a serving
   * environment: the environment and its inference service are created or updated as Kubeflow
   * records them, and the deployment history keeps who, when and where.
   */
  recordDeployment(
    actor: Caller,
    modelId: number,
    input: DeploymentInput,
    hooks: DeploymentHooks = {},
  ): Promise<{ event: DeploymentEvent; inferenceService: InferenceService }> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('promote', `deployments of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      const now = await lockModel(tx, this.deps.clock, modelId);
      const version = await versionOfModel(tx, modelId, input.modelVersionId);
      const target = await deploymentTarget(tx, model, input);
      if (input.action === 'undeploy') {
        await refuseUnlessDeployed(
          tx,
          model,
          version,
          input.environment,
          target.serviceName,
          target.existing,
        );
      }
      await hooks.check?.(tx, { model, version, existing: target.existing });
      const ctx = { tx, now, record, actor, newName: this.deps.newName };
      const env =
        target.environment ?? (await createEntity(ctx, 'servingEnvironment', { name: input.environment }));
      const service = await pointService(ctx, { ...target, environment: env }, model, version, input);
      const event = await tx.insertDeployment({
        registeredModelId: modelId,
        modelVersionId: version.id,
        servingEnvironmentId: env.id,
        inferenceServiceId: service.id,
        action: input.action,
        endpoint: input.endpoint,
        actor: actor.subject,
        comment: input.comment,
        timeSinceEpoch: now,
      });
      await record(input.action, 'modelVersion', version.id, {
        environment: env.name,
        inferenceService: service.id,
        endpoint: input.endpoint ?? null,
      });
      const updated =
        (await hooks.after?.(tx, { now, record, model, version, inferenceService: service })) ?? service;
      return { event, inferenceService: updated };
    });
  }

  /** A model's deployments over time, newest first, with the environment names, in three queries. */
  deployments(actor: Caller, modelId: number) {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      const events = await tx.listDeployments({ registeredModelId: modelId });
      const environments = await byId(
        tx,
        'servingEnvironment',
        events.map((e) => e.servingEnvironmentId),
      );
      const versions = await byId(
        tx,
        'modelVersion',
        events.map((e) => e.modelVersionId),
      );
      return events.map((event) => ({
        event,
        environment: environments.get(event.servingEnvironmentId)?.name,
        version: versions.get(event.modelVersionId)?.name,
      }));
    });
  }

  /**
   * What is in production (or another stage): the versions in that stage (of one model, or of every
   * model the caller may see) and where each is deployed now.
   */
  inProduction(actor: Caller, modelId?: number, stage: Stage = 'Production') {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const visibility = await auth.visibility();
      const versions = await tx.list('modelVersion', {
        match: { stage, ...(modelId === undefined ? {} : { registeredModelId: modelId }) },
        orderBy: 'ID',
        sortOrder: 'ASC',
        visibility,
      });
      const services = await deployedServices(
        tx,
        versions.items.map((v) => v.id),
      );
      const environments = await byId(
        tx,
        'servingEnvironment',
        services.map((s) => s.servingEnvironmentId),
      );
      const models = await byId(
        tx,
        'registeredModel',
        versions.items.map((v) => v.registeredModelId),
      );
      return versions.items.map((version) => ({
        model: models.get(version.registeredModelId),
        version,
        deployments: services
          .filter((s) => s.modelVersionId === version.id)
          .map((s) => ({ inferenceService: s, environment: environments.get(s.servingEnvironmentId) })),
      }));
    });
  }
}

/** The inference services deployed with one of these versions pinned. */
async function deployedServices(tx: LifecycleTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const page = await tx.list('inferenceService', {
    match: { desiredState: 'DEPLOYED' },
    filter: { kind: 'field', field: 'modelVersionId', fieldType: 'id', operator: 'IN', values: ids },
    orderBy: 'ID',
    sortOrder: 'ASC',
  });
  return page.items;
}

/** Where a deployment goes: the environment and the inference service, when they exist. */
async function deploymentTarget(tx: LifecycleTx, model: RegisteredModel, input: DeploymentInput) {
  const [environment] = await tx.findAll('servingEnvironment', { name: input.environment }, 1);
  const serviceName = input.inferenceService ?? model.name;
  const [existing] =
    environment === undefined
      ? []
      : await tx.findAll('inferenceService', { servingEnvironmentId: environment.id, name: serviceName }, 1);
  // Another model's inference service is not this model's to repoint (nor to say what it serves).
  if (existing !== undefined && existing.registeredModelId !== model.id) {
    throw new ConflictError(
      'INFERENCE_SERVICE_ALREADY_EXISTS',
      `serving environment '${input.environment}' has an inference service named '${serviceName}' that serves another registered model; name another with inferenceService`,
    );
  }
  return { environment, serviceName, existing };
}

/** Creates the inference service, or points the existing one at the version, in the desired state. */
async function pointService(
  ctx: WriteContext & { readonly newName: () => string },
  target: {
    environment: EntityByKind['servingEnvironment'];
    serviceName: string;
    existing?: InferenceService | undefined;
  },
  model: RegisteredModel,
  version: ModelVersion,
  input: DeploymentInput,
): Promise<InferenceService> {
  const desiredState = input.action === 'deploy' ? 'DEPLOYED' : 'UNDEPLOYED';
  // The InferenceService controller keeps the served URL in customProperties.url; so do we.
  const urlProperty: CustomProperties =
    input.endpoint === undefined ? {} : { url: { type: 'string', value: input.endpoint } };
  const { existing } = target;
  if (existing === undefined) {
    return createEntity(ctx, 'inferenceService', {
      name: target.serviceName,
      servingEnvironmentId: target.environment.id,
      registeredModelId: model.id,
      modelVersionId: version.id,
      desiredState,
      customProperties: urlProperty,
    });
  }
  return updateEntity(ctx, 'inferenceService', existing, {
    modelVersionId: version.id,
    desiredState,
    customProperties: { ...existing.customProperties, ...urlProperty },
  });
}

/**
 * Refuses (409) to undeploy a version that is not the one deployed by that inference service
 * in that environment, naming what is deployed there, so an undeploy of a version that was
 * already replaced never takes its replacement down.
 */
async function refuseUnlessDeployed(
  tx: LifecycleTx,
  model: RegisteredModel,
  version: ModelVersion,
  environment: string,
  serviceName: string,
  service: InferenceService | undefined,
): Promise<void> {
  const deployedId = service?.desiredState === 'DEPLOYED' ? service.modelVersionId : undefined;
  if (deployedId === version.id) return;
  const where = `in ${environment} (inference service '${serviceName}')`;
  let deployed = 'nothing is deployed there';
  if (deployedId !== undefined) {
    const name = (await tx.get('modelVersion', deployedId))?.name ?? String(deployedId);
    deployed = `version '${name}' is deployed there; undeploy that one`;
  } else if (service?.desiredState === 'DEPLOYED') {
    deployed = 'the service is deployed without a pinned version';
  }
  throw new ConflictError(
    'VERSION_NOT_DEPLOYED',
    `version '${version.name}' of '${model.name}' is not deployed ${where}: ${deployed}`,
  );
}
