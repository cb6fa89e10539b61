import { API_BASE } from './api.js';
import { RegistryError } from './errors.js';
import type { TransferProgress, UploadOptions } from './file-types.js';
import type { components } from './generated/openapi.js';
import { toCustomProperties } from './metadata.js';
import { nodeFiles } from './node-files.js';
import type { Lookups } from './registry-lookups.js';
import type { TransferContext } from './transfer-http.js';
import { answer, idOf, type TypedClient } from './typed-http.js';
import type {
  DataSet,
  MetadataInput,
  Metric,
  ModelArtifact,
  ModelVersion,
  Parameter,
  ParentRelation,
  RegisteredModel,
  VersionLineage,
} from './types.js';

type Schemas = components['schemas'];
type RegistrationRequest = Schemas['RegistrationRequest'];
/**
 * The registration request with its three entities typed as its description says (the document
 * gives them as plain objects): a RegisteredModelCreate, a ModelVersionCreate without
 * registeredModelId, a ModelArtifactCreate without artifactType (the registration sets it).
 */
type RegistrationBody = Omit<RegistrationRequest, 'registeredModel' | 'modelVersion' | 'modelArtifact'> & {
  registeredModel: Schemas['RegisteredModelCreate'];
  modelVersion: Omit<Schemas['ModelVersionCreate'], 'registeredModelId'>;
  modelArtifact: Omit<Schemas['ModelArtifactCreate'], 'artifactType'>;
};
type RegistrationAnswer = components['schemas']['Registration'];

export interface RegisterModelInput {
  readonly name: string;
  readonly version: string;
  /**
   * Where the model's files are, when they stay there: s3://…, gs://…, oci://…, hf://…, https://…
   * The registry records it without copying anything. Give either `uri` or `files`.
   */
  readonly uri?: string;
  /**
   * A local file or directory to upload into the registry as the version's content (Node only).
   * The artifact's uri is then the one the registry gives the content. Give either `uri` or `files`.
   */
  readonly files?: string;
  readonly modelFormatName?: string;
  readonly modelFormatVersion?: string;
  readonly author?: string;
  readonly owner?: string;
  /** Description of the version. */
  readonly description?: string;
  /** Plain values stored as the version's custom properties. */
  readonly metadata?: MetadataInput;
  readonly storageKey?: string;
  readonly storagePath?: string;
  readonly serviceAccountName?: string;
  /** Metric values by name, or entries with a step and the dataset they were measured on. */
  readonly metrics?:
    | Readonly<Record<string, number>>
    | readonly { name: string; value: number; step?: number; dataset?: string }[];
  /** Hyperparameters; numbers and booleans keep their type. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
  /** Training (and other) datasets: name, uri and, best, a content digest. */
  readonly datasets?: readonly { name: string; uri: string; digest?: string }[];
  /** The code: repository URL, commit, path of the entry point. */
  readonly code?: { repository?: string; commit?: string; path?: string };
  /** The pipeline run that produced the model: a Kubeflow Pipelines run id or any CI run URL. */
  readonly pipelineRun?: string | { id: string; name?: string; kind?: string; group?: string };
  /** The experiment run (of this registry) the version came from. */
  readonly experimentRunId?: string;
  /** Versions this one derives from. */
  readonly parents?: readonly { model: string; version: string; relation?: ParentRelation }[];
}

export interface Registration {
  readonly model: RegisteredModel;
  readonly version: ModelVersion;
  readonly artifact: ModelArtifact;
  /** True when this call created the registered model. */
  readonly createdModel: boolean;
  readonly metrics: readonly Metric[];
  readonly params: readonly Parameter[];
  readonly datasets: readonly DataSet[];
  readonly lineage: VersionLineage;
}

/** What `registerModel` does with `files`: progress of the upload, a signal that stops it. */
export interface RegisterModelOptions {
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** As in `uploadFiles`. */
  readonly onStart?: UploadOptions['onStart'];
  /** As in `uploadFiles`. */
  readonly followLinks?: boolean | undefined;
}

/** What registering needs from a ModelRegistry. */
export interface RegistrationContext {
  readonly api: TypedClient;
  readonly lookups: Lookups;
  readonly transfers: TransferContext;
  /** The default author of versions and owner of models. */
  readonly author: string | undefined;
}

/** ModelRegistry.registerModel: one request (one transaction), then the upload of `files`. */
export async function registerModel(
  context: RegistrationContext,
  input: RegisterModelInput,
  options: RegisterModelOptions,
): Promise<Registration> {
  if ((input.uri === undefined) === (input.files === undefined))
    throw new RegistryError('registerModel needs either uri or files (one of them)', 'INVALID_ARGUMENT', 0);
  // The local files are listed before anything is created: a missing directory creates nothing.
  const files = input.files;
  const local =
    files === undefined
      ? undefined
      : await (await nodeFiles('local')).listLocalFiles(files, { followLinks: options.followLinks });
  const body = await registrationRequest(context, input);
  const result = await answer<RegistrationAnswer>(
    context.api.POST(`${API_BASE}/registrations`, { body: body as unknown as RegistrationRequest }),
  );
  const { registeredModel: model, modelVersion: version } = result;
  // The registration always creates the artifact (without a uri when files follow).
  let artifact = result.modelArtifact as ModelArtifact;
  if (local !== undefined) {
    try {
      // No resume note: if this upload fails, the version it belongs to is deleted below.
      await (
        await nodeFiles('upload')
      ).uploadFiles(context.transfers, version.id ?? '', local, { ...options, resume: false });
      const id = idOf(artifact);
      artifact = (await answer(
        context.api.GET(`${API_BASE}/artifacts/{id}`, { params: { path: { id } } }),
      )) as ModelArtifact;
    } catch (error) {
      await undoRegistration(context.api, result);
      throw error;
    }
  }
  return {
    model,
    version,
    artifact,
    createdModel: result.createdRegisteredModel,
    metrics: result.metrics,
    params: result.params,
    datasets: result.datasets,
    lineage: result.lineage,
  };
}

/**
 * The body of `POST /registrations`: the model (when new), the version, its artifact (without a
 * uri when files follow: the upload's commit sets it), metrics, params, lineage.
 */
async function registrationRequest(
  context: RegistrationContext,
  input: RegisterModelInput,
): Promise<RegistrationBody> {
  const parents = [];
  for (const parent of input.parents ?? []) {
    const version = await context.lookups.mustGetVersion(parent.model, parent.version);
    parents.push({ modelVersionId: idOf(version), relation: parent.relation });
  }
  const metrics = Array.isArray(input.metrics)
    ? input.metrics
    : Object.entries(input.metrics ?? {}).map(([name, value]) => ({ name, value }));
  const pipelineRun = typeof input.pipelineRun === 'string' ? { id: input.pipelineRun } : input.pipelineRun;
  return {
    registeredModel: { name: input.name, owner: input.owner ?? context.author, state: 'LIVE' },
    modelVersion: {
      name: input.version,
      author: input.author ?? context.author,
      description: input.description,
      state: 'LIVE',
      customProperties: toCustomProperties(input.metadata),
    },
    modelArtifact: {
      uri: input.uri,
      state: 'LIVE',
      modelFormatName: input.modelFormatName,
      modelFormatVersion: input.modelFormatVersion,
      storageKey: input.storageKey,
      storagePath: input.storagePath,
      serviceAccountName: input.serviceAccountName,
    },
    metrics: metrics.map((m) => ({ ...m, step: m.step === undefined ? undefined : String(m.step) })),
    params: input.params,
    datasets: input.datasets === undefined ? undefined : [...input.datasets],
    code: input.code,
    pipelineRun,
    experimentRunId: input.experimentRunId,
    parents: parents.length === 0 ? undefined : parents,
  };
}

/** Leaves nothing half-registered behind: the version, and the model if this call created it. */
async function undoRegistration(api: TypedClient, result: RegistrationAnswer): Promise<void> {
  const version = { path: { modelversionId: idOf(result.modelVersion) } };
  await answer(api.DELETE(`${API_BASE}/model_versions/{modelversionId}`, { params: version })).catch(
    () => undefined,
  );
  if (!result.createdRegisteredModel) return;
  // The model goes too if no parallel registration has used it since.
  const model = { path: { registeredmodelId: idOf(result.registeredModel) } };
  const others = await answer(
    api.GET(`${API_BASE}/registered_models/{registeredmodelId}/versions`, {
      params: { ...model, query: { pageSize: '1' } },
    }),
  ).catch(() => ({ items: [undefined] }));
  if ((others.items ?? []).length === 0) {
    await answer(api.DELETE(`${API_BASE}/registered_models/{registeredmodelId}`, { params: model })).catch(
      () => undefined,
    );
  }
}
