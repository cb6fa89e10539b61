import type { CustomProperties } from '../../domain/custom-properties.js';
import type { InferenceService, ModelVersion, RegisteredModel } from '../../domain/entities.js';
import { InputError, NotFoundError, PreconditionError } from '../../domain/errors.js';
import type { DeploymentMode } from '../../domain/kserve/canary.js';
import {
  buildInferenceService,
  inferenceServiceName,
  namespaceName,
  type InferenceServiceManifest,
  type Resources,
  type ServableVersion,
} from '../../domain/kserve/inference-service.js';
import { chooseModelFormat } from '../../domain/kserve/runtimes.js';
import type { StorageMode } from '../../domain/kserve/storage-uri.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ManifestRepository } from '../../ports/content-repository.js';
import type { DeploymentService } from './index.js';
import {
  authorizedTransaction,
  type Caller,
  type Record_,
  type UseCaseDeps,
  type UseCaseRepositories,
} from '../use-case.js';

/**
 * Deploying registered versions to KServe (docs/adr/0019-kserve.md): the InferenceService a
 * version needs, and the record of one applied. Talking to the cluster is the client's part (the
 * CLI applies with the user's kubeconfig); the registry decides what to apply and keeps what was.
 */
/** What planning a KServe deployment reads: the recorded services, the version and its content. */
type KServeReads = CatalogRepository & Pick<ManifestRepository, 'getManifest'>;

export interface KServeDeps extends UseCaseDeps<UseCaseRepositories & KServeReads> {
  readonly deployments: DeploymentService;
  /** Namespaces where only versions in stage Production may be deployed. */
  readonly productionNamespaces: ReadonlySet<string>;
}

/** What finishes a canary: all traffic to the new version, or back to the stable one. */
export type CanaryEnd = 'promote' | 'rollback';

export interface ManifestRequest {
  /** The version to deploy; absent when finishing a canary (the recorded one is used). */
  readonly modelVersionId?: number | undefined;
  readonly namespace: string;
  readonly name?: string | undefined;
  readonly mode?: DeploymentMode | undefined;
  readonly storage?: StorageMode | undefined;
  readonly runtime?: string | undefined;
  readonly serviceAccount?: string | undefined;
  readonly resources?: Resources | undefined;
  readonly canaryPercent?: number | undefined;
  readonly alias?: string | undefined;
  readonly canaryEnd?: CanaryEnd | undefined;
}

export interface PlannedDeployment {
  readonly manifest: InferenceServiceManifest;
  readonly modelVersionId: number;
  readonly mode: DeploymentMode;
  /** The built-in runtime KServe should pick (or the one named). */
  readonly expectedRuntime?: string | undefined;
  /** In a canary: the version keeping the rest of the traffic. */
  readonly stableVersionId?: number | undefined;
}

/** Custom properties the registry keeps on an InferenceService it deployed to KServe. */
export const KSERVE_PROPERTIES = {
  mode: 'kserve.deploymentMode',
  canaryPercent: 'kserve.canaryPercent',
  stableVersionId: 'kserve.stableVersionId',
  alias: 'kserve.alias',
} as const;

export class KServeService {
  constructor(private readonly deps: KServeDeps) {}

  /** The InferenceService to apply for a version (or to finish a canary), checked against the policies. */
  plan(actor: Caller, modelId: number, request: ManifestRequest): Promise<PlannedDeployment> {
    return authorizedTransaction(this.deps.store, actor, async (tx, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return this.planIn(tx, model, request);
    });
  }

  /**
   * Records an applied InferenceService as a deployment (environment = namespace, inference
   * service, serve model, history), in one transaction under the model's lock, after checking the
   * production-namespace policy again there.
   */
  async recordApplied(
    actor: Caller,
    modelId: number,
    input: {
      readonly modelVersionId: number;
      readonly namespace: string;
      readonly name?: string | undefined;
      readonly mode: DeploymentMode;
      readonly canaryPercent?: number | undefined;
      readonly stableVersionId?: number | undefined;
      readonly alias?: string | undefined;
      readonly endpoint?: string | undefined;
      readonly comment?: string | undefined;
    },
  ) {
    const namespace = namespaceName(input.namespace);
    return this.deps.deployments.recordDeployment(
      actor,
      modelId,
      {
        modelVersionId: input.modelVersionId,
        environment: namespace,
        action: 'deploy',
        inferenceService: input.name === undefined ? undefined : inferenceServiceName(input.name),
        endpoint: input.endpoint,
        comment: input.comment,
      },
      {
        check: async (tx, { model, version }) => {
          this.checkProduction(namespace, model, version);
          if (input.stableVersionId === undefined) return;
          const stable = await mustGet(tx, 'modelVersion', input.stableVersionId);
          if (stable.registeredModelId !== model.id || stable.id === version.id) {
            throw new InputError(
              'INVALID_CANARY',
              `stableVersionId ${stable.id} must be another version of registered model ${model.id}`,
            );
          }
        },
        after: async (tx, { now, record, version, inferenceService }) => {
          const properties = kserveProperties(inferenceService.customProperties, input);
          const updated = await tx.update(
            'inferenceService',
            inferenceService.id,
            { customProperties: properties, runtime: null },
            now,
          );
          await record('update', 'inferenceService', updated.id, {
            kserve: input.mode,
            canaryPercent: input.canaryPercent ?? null,
          });
          await this.serveModel(tx, now, record, updated, version);
          return updated;
        },
      },
    );
  }

  private async planIn(
    tx: KServeReads,
    model: RegisteredModel,
    request: ManifestRequest,
  ): Promise<PlannedDeployment> {
    const namespace = namespaceName(request.namespace);
    const name = inferenceServiceName(request.name ?? model.name);
    const recorded = await recordedService(tx, namespace, name, model.id);
    const recordedMode = recorded?.desiredState === 'DEPLOYED' ? modeOf(recorded) : undefined;
    // KServe fixes the mode at first reconcile and refuses a change (v0.16+): say so before applying.
    if (request.mode !== undefined && recordedMode !== undefined && request.mode !== recordedMode) {
      throw new InputError(
        'INVALID_FIELD',
        `mode: ${namespace}/${name} is deployed in ${recordedMode} mode, which KServe does not let change; delete it first or deploy under another --name`,
      );
    }
    const mode = request.mode ?? recordedMode ?? 'Knative';
    let versionId = request.modelVersionId;
    let stableId: number | undefined;
    if (request.canaryEnd !== undefined) {
      const stable = numberProperty(recorded, KSERVE_PROPERTIES.stableVersionId);
      if (
        recorded?.modelVersionId === undefined ||
        numberProperty(recorded, KSERVE_PROPERTIES.canaryPercent) === undefined ||
        stable === undefined
      ) {
        throw new PreconditionError(
          'NO_CANARY_IN_PROGRESS',
          `the registry records no canary of '${model.name}' in ${namespace}/${name}`,
        );
      }
      versionId = request.canaryEnd === 'promote' ? recorded.modelVersionId : stable;
    } else if (request.canaryPercent !== undefined) {
      stableId = recorded?.desiredState === 'DEPLOYED' ? recorded.modelVersionId : undefined;
    }
    if (versionId === undefined) throw new InputError('REQUIRED_FIELD_MISSING', 'modelVersionId is required');
    const version = await mustGet(tx, 'modelVersion', versionId);
    if (version.registeredModelId !== model.id) {
      throw new InputError(
        'MODEL_VERSION_OF_ANOTHER_MODEL',
        `model version ${version.id} belongs to registered model ${version.registeredModelId}, not ${model.id}`,
      );
    }
    this.checkProduction(namespace, model, version);
    const servable = await servableVersion(tx, model, version);
    const stable =
      stableId === undefined || stableId === version.id
        ? undefined
        : await servableVersion(tx, model, await mustGet(tx, 'modelVersion', stableId));
    const kserveRequest = {
      namespace,
      name,
      mode,
      storage: request.storage ?? 'registry',
      runtime: request.runtime,
      serviceAccount: request.serviceAccount,
      resources: request.resources,
      canaryPercent: request.canaryEnd === undefined ? request.canaryPercent : undefined,
      alias: request.alias,
      inferenceServiceId: recorded?.id,
    };
    const manifest = buildInferenceService(servable, kserveRequest, stable);
    const expectedRuntime = chooseModelFormat(
      servable.artifact.modelFormatName,
      servable.artifact.modelFormatVersion,
      request.runtime,
    ).expectedRuntime;
    return {
      manifest,
      modelVersionId: version.id,
      mode,
      ...(expectedRuntime === undefined ? {} : { expectedRuntime }),
      ...(kserveRequest.canaryPercent === undefined || stableId === undefined
        ? {}
        : { stableVersionId: stableId }),
    };
  }

  private checkProduction(namespace: string, model: RegisteredModel, version: ModelVersion): void {
    if (this.deps.productionNamespaces.has(namespace) && version.stage !== 'Production') {
      throw new PreconditionError(
        'PRODUCTION_NAMESPACE_NEEDS_PRODUCTION_STAGE',
        `${namespace} is a production namespace: version '${version.name}' of '${model.name}' is in stage ${version.stage}, not Production`,
      );
    }
  }

  /** The ServeModel of the version in the service: created on first deployment, its state reset to NEW. */
  private async serveModel(
    tx: CatalogRepository,
    now: number,
    record: Record_,
    service: InferenceService,
    version: ModelVersion,
  ): Promise<void> {
    const [existing] = await tx.findAll(
      'serveModel',
      { inferenceServiceId: service.id, modelVersionId: version.id },
      1,
    );
    if (existing !== undefined) {
      const updated = await tx.update('serveModel', existing.id, { lastKnownState: 'NEW' }, now);
      await record('update', 'serveModel', updated.id, { lastKnownState: 'NEW' });
      return;
    }
    const created = await tx.insert(
      'serveModel',
      {
        name: `kserve-${version.id}`,
        inferenceServiceId: service.id,
        modelVersionId: version.id,
        lastKnownState: 'NEW',
        customProperties: {},
      },
      now,
    );
    await record('create', 'serveModel', created.id, {
      inferenceServiceId: service.id,
      modelVersionId: version.id,
    });
  }
}

async function mustGet<K extends 'registeredModel' | 'modelVersion'>(
  tx: CatalogRepository,
  kind: K,
  id: number,
) {
  const entity = await tx.get(kind, id);
  if (entity === undefined) {
    const code = kind === 'registeredModel' ? 'REGISTERED_MODEL_NOT_FOUND' : 'MODEL_VERSION_NOT_FOUND';
    throw new NotFoundError(
      code,
      `no ${kind === 'registeredModel' ? 'registered model' : 'model version'} with id ${id}`,
    );
  }
  return entity;
}

/** The inference service the registry records for a model under a namespace and name. */
export async function recordedService(
  tx: CatalogRepository,
  namespace: string,
  name: string,
  modelId?: number,
): Promise<InferenceService | undefined> {
  const [env] = await tx.findAll('servingEnvironment', { name: namespace }, 1);
  if (env === undefined) return undefined;
  const [service] = await tx.findAll('inferenceService', { servingEnvironmentId: env.id, name }, 1);
  return modelId === undefined || service?.registeredModelId === modelId ? service : undefined;
}

/** A version with its model artifact and sealed digest, as the manifest builder takes it. */
export async function servableVersion(
  tx: KServeReads,
  model: RegisteredModel,
  version: ModelVersion,
): Promise<ServableVersion> {
  const [artifact] = await tx.findAll(
    'artifact',
    { modelVersionId: version.id, artifactType: 'model-artifact' },
    1,
  );
  const manifest = await tx.getManifest(version.id);
  return {
    registeredModelId: model.id,
    modelVersionId: version.id,
    model: model.name,
    version: version.name,
    artifact: artifact ?? {},
    contentDigest: manifest?.rootDigest,
  };
}

function modeOf(service: InferenceService | undefined): DeploymentMode | undefined {
  const value = service?.customProperties[KSERVE_PROPERTIES.mode];
  return value?.type === 'string' && (value.value === 'Standard' || value.value === 'Knative')
    ? value.value
    : undefined;
}

function numberProperty(service: InferenceService | undefined, key: string): number | undefined {
  const value = service?.customProperties[key];
  return value?.type === 'int' ? value.value : undefined;
}

function kserveProperties(
  current: CustomProperties,
  input: {
    mode: DeploymentMode;
    canaryPercent?: number | undefined;
    stableVersionId?: number | undefined;
    alias?: string | undefined;
  },
): CustomProperties {
  const rest = Object.fromEntries(Object.entries(current).filter(([k]) => !k.startsWith('kserve.')));
  const canary = input.canaryPercent !== undefined && input.stableVersionId !== undefined;
  return {
    ...rest,
    [KSERVE_PROPERTIES.mode]: { type: 'string', value: input.mode },
    ...(canary
      ? {
          [KSERVE_PROPERTIES.canaryPercent]: { type: 'int', value: input.canaryPercent as number },
          [KSERVE_PROPERTIES.stableVersionId]: { type: 'int', value: input.stableVersionId as number },
        }
      : {}),
    ...(input.alias === undefined
      ? {}
      : { [KSERVE_PROPERTIES.alias]: { type: 'string', value: input.alias } }),
  };
}
