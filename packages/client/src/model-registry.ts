import { createRegistryApi, resolveUrl, type RegistryApi, type RegistryApiOptions } from './api.js';
import { BrowseCalls } from './browse.js';
import { KServeCalls } from './kserve.js';
import { RegistryError } from './errors.js';
import { ExperimentRunLogger } from './experiment-run-logger.js';
import { JsonHttp, type Query } from './json-http.js';
import { toCustomProperties } from './metadata.js';
import { createTransport, fromEnvironment } from './transport.js';
import type { DownloadOptions, TransferProgress, UploadOptions } from './file-types.js';
import type { TransferContext } from './transfer-http.js';
import type {
  GarbageCollection,
  Manifest,
  Upload,
  UploadState,
  AliasMove,
  AuditChainCheck,
  VerificationRunRequest,
  VerificationRunStart,
  VerificationStep,
  VerificationRunReport,
  RegistryReport,
  AuditEvent,
  DeploymentEvent,
  ModelAlias,
  ProductionEntry,
  Stage,
  StageTransition,
  ApiToken,
  ApiTokenCreate,
  NewApiToken,
  Principal,
  ArtifactType,
  Artifact,
  Experiment,
  ExperimentRun,
  ListOptions,
  MetadataInput,
  ModelArtifact,
  ModelVersion,
  ModelVersionWithValues,
  RegisteredModel,
  Comparison,
  DataSet,
  LineageGraph,
  Metric,
  MetricGoal,
  Parameter,
  ParentLink,
  ParentRelation,
  VersionLineage,
} from './types.js';

export interface ModelRegistryOptions extends RegistryApiOptions {
  /** The default author of versions and owner of models; defaults to MODELREG_AUTHOR or USER. */
  readonly author?: string | undefined;
}

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

/** A version named by its model and version names, or by its id. */
export type VersionLocator = { readonly model: string; readonly version: string } | { readonly id: string };

/** What `registerModel` does with `files`: progress of the upload, a signal that stops it. */
export interface RegisterModelOptions {
  readonly onProgress?: ((progress: TransferProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** As in `uploadFiles`. */
  readonly onStart?: UploadOptions['onStart'];
  /** As in `uploadFiles`. */
  readonly followLinks?: boolean | undefined;
}

/** A model version, or its id. */
export type VersionRef = ModelVersion | string;

type Updatable = RegisteredModel | ModelVersion | ModelArtifact | Artifact;

const READ_ONLY = ['id', 'name', 'createTimeSinceEpoch', 'lastUpdateTimeSinceEpoch'];

/**
 * The high-level client, modelled on the Kubeflow Python client.
 *
 * @example
 * const registry = new ModelRegistry({ url: 'http://127.0.0.1:8080', author: 'alice' });
 * await registry.registerModel({ name: 'mnist', version: 'v1', uri: 's3://models/mnist/v1', modelFormatName: 'onnx' });
 * const version = await registry.getModelVersion('mnist', 'v1');
 * for await (const model of registry.registeredModels({ orderBy: 'CREATE_TIME', sortOrder: 'DESC' })) console.log(model.name);
 */
export class ModelRegistry {
  /** The typed low-level client, for any operation of the API. */
  readonly api: RegistryApi;
  /** The base URL requests go to. */
  readonly url: string;
  /**
   * Pages with their tokens, model summaries, search suggestions, stage options and permissions:
   * the calls a browsing client (the web UI) makes, on the typed client.
   *
   * @example
   * const page = await registry.browse.modelSummaries({ orderBy: 'LAST_UPDATE_TIME', sortOrder: 'DESC', pageSize: 50 });
   * const next = await registry.browse.modelSummaries({ orderBy: 'LAST_UPDATE_TIME', sortOrder: 'DESC', pageToken: page.nextPageToken });
   */
  readonly browse: BrowseCalls;
  /** KServe deployments: plan, record, sync (see KServeCalls). */
  readonly kserve: KServeCalls;
  private readonly http: JsonHttp;
  private readonly author: string | undefined;
  private readonly transfers: TransferContext;

  constructor(options: ModelRegistryOptions = {}) {
    this.url = resolveUrl(options.url);
    this.api = createRegistryApi({ ...options, url: this.url });
    this.browse = new BrowseCalls(this.api);
    this.kserve = new KServeCalls(this.api);
    this.http = new JsonHttp(this.url, createTransport(options));
    this.author = options.author ?? fromEnvironment('MODELREG_AUTHOR') ?? fromEnvironment('USER');
    this.transfers = {
      url: this.url,
      http: this.http,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      token: options.token ?? fromEnvironment('MODELREG_TOKEN'),
      idleTimeoutMs: options.timeoutMs ?? 30_000,
    };
  }

  /**
   * Registers a version of a model and its model artifact, creating the model when it does not
   * exist yet. A version that already exists is a RegistryError (409). If the artifact cannot be
   * created, the version (and a model created by this call) is removed again.
   *
   * With `files` (Node only) the local file or directory is uploaded as the version's content and
   * the artifact gets the registry's uri for it; if the upload fails or is aborted, the version
   * (and a model created by this call) is removed again, so nothing half-registered is left.
   *
   * @example
   * await registry.registerModel({ name: 'mnist', version: 'v1', uri: 's3://models/mnist/v1', modelFormatName: 'onnx' });
   * await registry.registerModel({ name: 'mnist', version: 'v2', files: './model-dir', modelFormatName: 'onnx' });
   */
  async registerModel(input: RegisterModelInput, options: RegisterModelOptions = {}): Promise<Registration> {
    if ((input.uri === undefined) === (input.files === undefined))
      throw new RegistryError('registerModel needs either uri or files (one of them)', 'INVALID_ARGUMENT', 0);
    // The local files are listed before anything is created: a missing directory creates nothing.
    const files = input.files;
    const local =
      files === undefined
        ? undefined
        : await (await nodeFiles()).listLocalFiles(files, { followLinks: options.followLinks });
    const parents = [];
    for (const parent of input.parents ?? []) {
      const version = await this.mustGetVersion(parent.model, parent.version);
      parents.push({ modelVersionId: version.id, relation: parent.relation });
    }
    const metrics = Array.isArray(input.metrics)
      ? input.metrics
      : Object.entries(input.metrics ?? {}).map(([name, value]) => ({ name, value }));
    const pipelineRun = typeof input.pipelineRun === 'string' ? { id: input.pipelineRun } : input.pipelineRun;
    // One request, one transaction on the server: the model (when new), the version, its artifact
    // (without a uri when files follow: the upload's commit sets it), metrics, params, lineage.
    const result = await this.http.post<{
      registeredModel: RegisteredModel;
      createdRegisteredModel: boolean;
      modelVersion: ModelVersion;
      modelArtifact: ModelArtifact;
      metrics: Metric[];
      params: Parameter[];
      datasets: DataSet[];
      lineage: VersionLineage;
    }>('registrations', {
      registeredModel: { name: input.name, owner: input.owner ?? this.author, state: 'LIVE' },
      modelVersion: {
        name: input.version,
        author: input.author ?? this.author,
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
      datasets: input.datasets,
      code: input.code,
      pipelineRun,
      experimentRunId: input.experimentRunId,
      parents: parents.length === 0 ? undefined : parents,
    });
    const { registeredModel: model, modelVersion: version } = result;
    let artifact = result.modelArtifact;
    if (local !== undefined) {
      try {
        // No resume note: if this upload fails, the version it belongs to is deleted below.
        await (
          await nodeFiles()
        ).uploadFiles(this.transfers, version.id ?? '', local, { ...options, resume: false });
        artifact = await this.http.get<ModelArtifact>(`artifacts/${artifact.id}`);
      } catch (error) {
        // Leave nothing half-registered behind.
        await this.http.delete(`model_versions/${version.id}`).catch(() => undefined);
        // The model goes too if this call created it and no parallel registration has used it since.
        if (result.createdRegisteredModel) {
          const others = await this.http
            .get<{ items: unknown[] }>(`registered_models/${model.id}/versions`, { pageSize: 1 })
            .catch(() => ({ items: [undefined] }));
          if (others.items.length === 0) {
            await this.http.delete(`registered_models/${model.id}`).catch(() => undefined);
          }
        }
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
   * Uploads a local file or directory tree as the content of a version, then commits it: the
   * content is sealed (it can never change) and the version's model artifact gets the registry's
   * uri for it. Each file is streamed with its sha256 computed on the way and compared with the
   * server's; a dropped connection resumes from the bytes the server kept, and a later call for the
   * same version and unchanged files resumes an upload that was aborted or failed. Node only.
   *
   * @example
   * const version = await registry.getModelVersion('mnist', 'v3');
   * const manifest = await registry.uploadFiles(version!, './model-dir', {
   *   onProgress: ({ bytes, totalBytes }) => console.log(`${bytes}/${totalBytes}`),
   * });
   * console.log(manifest.rootDigest);
   */
  async uploadFiles(version: VersionRef, source: string, options: UploadOptions = {}): Promise<Manifest> {
    return (await nodeFiles()).uploadFiles(this.transfers, versionId(version), source, options);
  }

  /**
   * Downloads every file of a version's content into `outDir`, verifying each sha256 against the
   * manifest while it streams (unless `verify: false`). Each file is written under a temporary name
   * and renamed into place once verified; a mismatch fails the call and leaves no file behind;
   * manifest paths that would escape `outDir` are refused, and so is a file already there with other
   * bytes (`FILE_EXISTS`, unless `overwrite: true`). Node only.
   *
   * @example
   * const version = await registry.getModelVersion('mnist', 'v3');
   * await registry.downloadFiles(version!, './mnist-v3');
   */
  async downloadFiles(version: VersionRef, outDir: string, options: DownloadOptions = {}): Promise<Manifest> {
    return (await nodeFiles()).downloadFiles(this.transfers, versionId(version), outDir, options);
  }

  /**
   * The uploads of a version, oldest first, with how many bytes of each file the server holds
   * durably; `state: 'OPEN'` gives those that can still be resumed (`uploadFiles(…, { uploadId })`).
   *
   * @example
   * const open = await registry.listUploads(version!, { state: 'OPEN' });
   * for (const upload of open) console.log(upload.id, upload.expireTime);
   */
  async listUploads(version: VersionRef, options: { state?: UploadState } = {}): Promise<Upload[]> {
    const list = await this.http.get<{ items: Upload[] }>(
      `model_versions/${encodeURIComponent(versionId(version))}/uploads`,
      { state: options.state },
    );
    return list.items;
  }

  /** Aborts an OPEN upload: its staged bytes are discarded (aborting an aborted one does nothing). */
  async abortUpload(uploadId: string): Promise<void> {
    await this.http.delete(`uploads/${encodeURIComponent(uploadId)}`);
  }

  /** The manifest of a version's content (paths, sizes, sha256, root digest), or undefined when it has none. */
  getManifest(version: VersionRef): Promise<Manifest | undefined> {
    return this.http.find<Manifest>(`model_versions/${encodeURIComponent(versionId(version))}/files`, {});
  }

  /**
   * Removes stored blobs no version references and no open upload is writing, older than the
   * grace period (admins). With `dryRun` it only reports what it would remove.
   */
  collectGarbage(
    options: { dryRun?: boolean | undefined; graceSeconds?: number | undefined } = {},
  ): Promise<GarbageCollection> {
    return this.http.post<GarbageCollection>('gc', {
      dryRun: options.dryRun ?? false,
      ...(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds }),
    });
  }

  /**
   * The lineage graph around a version (or a `dataset:<digest>`, `commit:<sha>`,
   * `pipelineRun:<id>`, `experimentRun:<id>` node): upstream is what it was made from,
   * downstream what was made from it.
   */
  async lineage(
    from: VersionLocator | string,
    options: { direction?: 'upstream' | 'downstream' | 'both'; depth?: number } = {},
  ): Promise<LineageGraph> {
    const node = typeof from === 'string' ? from : `modelVersion:${await this.versionId(from)}`;
    return this.http.get<LineageGraph>('lineage', {
      node,
      direction: options.direction,
      depth: options.depth,
    });
  }

  /** A side-by-side of versions: fields, metrics with the best per metric, parameters, properties, lineage. */
  async compare(
    versions: readonly VersionLocator[],
    options: { goals?: Readonly<Record<string, MetricGoal>> } = {},
  ): Promise<Comparison> {
    const ids = [];
    for (const ref of versions) ids.push(await this.versionId(ref));
    const goals = Object.entries(options.goals ?? {})
      .map(([name, goal]) => `${name}:${goal}`)
      .join(',');
    return this.http.get<Comparison>('comparisons', {
      versionIds: ids.join(','),
      goals: goals === '' ? undefined : goals,
    });
  }

  /** Records that a version derives from another; a link that would close a cycle is a 409. */
  async addParent(
    child: VersionLocator,
    parent: VersionLocator,
    relation?: ParentRelation,
  ): Promise<ParentLink> {
    const childId = await this.versionId(child);
    return this.http.post<ParentLink>(`model_versions/${childId}/parents`, {
      parentVersionId: await this.versionId(parent),
      relation,
    });
  }

  /** Whether higher or lower is better for each named metric of a model (null: back to the default). */
  async setMetricGoals(name: string, goals: Readonly<Record<string, MetricGoal | null>>) {
    const model = await this.mustGetModel(name);
    return (
      await this.http.put<{ goals: Record<string, MetricGoal> }>(
        `registered_models/${model.id}/metric_goals`,
        {
          goals,
        },
      )
    ).goals;
  }

  /** The registered model of that name, or undefined. */
  getRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    return this.http.find<RegisteredModel>('registered_model', { name });
  }

  /** A version by model name and version name, or undefined when the version does not exist. */
  async getModelVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    const model = await this.mustGetModel(name);
    return this.findVersion(model.id ?? '', version);
  }

  /** The model artifact of a version (found by the model's name, as Kubeflow registers it), or undefined. */
  async getModelArtifact(name: string, version: string): Promise<ModelArtifact | undefined> {
    const found = await this.mustGetVersion(name, version);
    const byName = await this.http.find<ModelArtifact>('model_artifact', {
      name,
      parentResourceId: found.id,
    });
    if (byName !== undefined) return byName;
    const page = await this.http.get<{ items: ModelArtifact[] }>(`model_versions/${found.id}/artifacts`, {
      artifactType: 'model-artifact',
      orderBy: 'CREATE_TIME',
      sortOrder: 'DESC',
      pageSize: 1,
    });
    return page.items[0];
  }

  /**
   * Saves the changed fields of a model, version or artifact got from this client. The name, id
   * and parent cannot change; a given customProperties replaces the whole map.
   */
  async update<T extends Updatable>(entity: T): Promise<T> {
    if (entity.id === undefined)
      throw new RegistryError('update needs an entity with an id', 'INVALID_ARGUMENT', 0);
    const body: Record<string, unknown> = { ...entity };
    for (const field of READ_ONLY) delete body[field];
    if ('artifactType' in entity) {
      return this.http.patch<T>(`artifacts/${entity.id}`, body);
    }
    if ('registeredModelId' in entity) {
      delete body['registeredModelId'];
      return this.http.patch<T>(`model_versions/${entity.id}`, body);
    }
    return this.http.patch<T>(`registered_models/${entity.id}`, body);
  }

  /** Archives a model (state ARCHIVED); it stays readable and can be restored. */
  async archiveModel(name: string): Promise<RegisteredModel> {
    const model = await this.mustGetModel(name);
    return this.http.patch<RegisteredModel>(`registered_models/${model.id}`, { state: 'ARCHIVED' });
  }

  async restoreModel(name: string): Promise<RegisteredModel> {
    const model = await this.mustGetModel(name);
    return this.http.patch<RegisteredModel>(`registered_models/${model.id}`, { state: 'LIVE' });
  }

  async archiveVersion(name: string, version: string): Promise<ModelVersion> {
    const found = await this.mustGetVersion(name, version);
    return this.http.patch<ModelVersion>(`model_versions/${found.id}`, { state: 'ARCHIVED' });
  }

  async restoreVersion(name: string, version: string): Promise<ModelVersion> {
    const found = await this.mustGetVersion(name, version);
    return this.http.patch<ModelVersion>(`model_versions/${found.id}`, { state: 'LIVE' });
  }

  /** Deletes a model with its versions and their artifacts (refused while it is deployed). */
  async deleteModel(name: string): Promise<void> {
    const model = await this.mustGetModel(name);
    await this.http.delete(`registered_models/${model.id}`);
  }

  async deleteVersion(name: string, version: string): Promise<void> {
    const found = await this.mustGetVersion(name, version);
    await this.http.delete(`model_versions/${found.id}`);
  }

  /** Every registered model matching the options, fetched page by page as you iterate. */
  registeredModels(options: ListOptions = {}): AsyncIterable<RegisteredModel> {
    return this.pages<RegisteredModel>('registered_models', options);
  }

  /** The versions of a model (every model's versions when `name` is undefined). */
  modelVersions(name: string | undefined, options: ListOptions = {}): AsyncIterable<ModelVersion> {
    if (name === undefined) return this.pages<ModelVersion>('model_versions', options);
    return lazy(async () => {
      const model = await this.mustGetModel(name);
      return this.pages<ModelVersion>(`registered_models/${model.id}/versions`, options);
    });
  }

  /** The artifacts of a version, of any type unless `artifactType` is given. */
  modelArtifacts(
    name: string,
    version: string,
    options: ListOptions & { artifactType?: ArtifactType } = {},
  ): AsyncIterable<Artifact> {
    return lazy(async () => {
      const found = await this.mustGetVersion(name, version);
      return this.pages<Artifact>(`model_versions/${found.id}/artifacts`, options, {
        artifactType: options.artifactType,
      });
    });
  }

  experiments(options: ListOptions = {}): AsyncIterable<Experiment> {
    return this.pages<Experiment>('experiments', options);
  }

  /** The runs of an experiment (of every experiment when `experiment` is undefined). */
  experimentRuns(experiment: string | undefined, options: ListOptions = {}): AsyncIterable<ExperimentRun> {
    if (experiment === undefined) return this.pages<ExperimentRun>('experiment_runs', options);
    return lazy(async () => {
      const found = await this.http.find<Experiment>('experiment', { name: experiment });
      if (found === undefined) throw notFound(`experiment '${experiment}'`, 'EXPERIMENT_NOT_FOUND');
      return this.pages<ExperimentRun>(`experiments/${found.id}/experiment_runs`, options);
    });
  }

  /**
   * Starts a run in an experiment (created if needed) and returns a logger for its params,
   * metrics and datasets.
   *
   * @example
   * const run = await registry.startExperimentRun({ experiment: 'mnist-training' });
   * await run.logParam('lr', 0.01);
   * await run.logMetric('accuracy', 0.97, { step: 10 });
   * await run.end();
   */
  async startExperimentRun(input: {
    experiment: string;
    name?: string;
    description?: string;
    owner?: string;
  }): Promise<ExperimentRunLogger> {
    let experiment = await this.http.find<Experiment>('experiment', { name: input.experiment });
    if (experiment === undefined) {
      try {
        experiment = await this.http.post<Experiment>('experiments', {
          name: input.experiment,
          owner: input.owner ?? this.author,
        });
      } catch (error) {
        // Another job created it at the same moment.
        if (!(error instanceof RegistryError && error.status === 409)) throw error;
        experiment = await this.http.get<Experiment>('experiment', { name: input.experiment });
      }
    }
    const run = await this.http.post<ExperimentRun>(`experiments/${experiment.id}/experiment_runs`, {
      name: input.name,
      description: input.description,
      owner: input.owner ?? this.author,
      status: 'RUNNING',
      startTimeSinceEpoch: String(Date.now()),
    });
    return new ExperimentRunLogger(this.http, run);
  }

  /**
   * Moves a version to another stage; `others` archives or demotes the versions already there.
   * The move is made from the stage the version is seen in (`from`, else the stage this call
   * reads): if another client moved it in between, it fails with a 409 `STAGE_MISMATCH` naming
   * the stage it is in now, instead of moving it from a stage nobody looked at.
   *
   * @example
   * await registry.transitionStage('mnist', 'v2', 'Production', { others: 'archive', from: 'Staging' });
   */
  async transitionStage(
    name: string,
    version: string,
    stage: Stage,
    options: { comment?: string; others?: 'keep' | 'archive' | 'demote'; from?: Stage } = {},
  ): Promise<ModelVersion> {
    const found = await this.mustGetVersion(name, version);
    // `stage` is a field modelreg adds to the reference's ModelVersion, so its type does not name it.
    const seen = (found as { stage?: Stage }).stage;
    return this.http.post<ModelVersion>(`model_versions/${found.id}/stage`, {
      stage,
      ...(seen === undefined ? {} : { from: seen }),
      ...options,
    });
  }

  /** Stage moves, newest first: of one version, or of every version of the model. */
  async stageHistory(name: string, version?: string): Promise<StageTransition[]> {
    const path =
      version === undefined
        ? `registered_models/${(await this.mustGetModel(name)).id}/stage_history`
        : `model_versions/${(await this.mustGetVersion(name, version)).id}/stage_history`;
    return (await this.http.get<{ items: StageTransition[] }>(path)).items;
  }

  async aliases(name: string): Promise<ModelAlias[]> {
    const model = await this.mustGetModel(name);
    return (await this.http.get<{ items: ModelAlias[] }>(`registered_models/${model.id}/aliases`)).items;
  }

  /** Points (or, with null, removes) several aliases of a model at once: all move or none does. */
  async moveAliases(name: string, moves: Record<string, string | null>): Promise<ModelAlias[]> {
    const model = await this.mustGetModel(name);
    const aliases: Record<string, string | null> = {};
    for (const [alias, version] of Object.entries(moves)) {
      aliases[alias] = version === null ? null : ((await this.mustGetVersion(name, version)).id ?? null);
    }
    return (
      await this.http.post<{ items: ModelAlias[] }>(`registered_models/${model.id}/aliases`, { aliases })
    ).items;
  }

  /** The version an alias points at, now or at a past time (epoch ms). */
  async aliasAt(name: string, alias: string, time?: number): Promise<AliasMove> {
    const model = await this.mustGetModel(name);
    return this.http.get<AliasMove>(`registered_models/${model.id}/aliases/${encodeURIComponent(alias)}`, {
      at: time,
    });
  }

  /** Records a deployment (or undeployment) of a version to a serving environment, by name. */
  async recordDeployment(
    name: string,
    version: string,
    input: {
      environment: string;
      action?: 'deploy' | 'undeploy';
      endpoint?: string;
      inferenceService?: string;
      comment?: string;
    },
  ): Promise<DeploymentEvent> {
    const found = await this.mustGetVersion(name, version);
    return this.http.post<DeploymentEvent>(`registered_models/${found.registeredModelId}/deployments`, {
      action: 'deploy',
      ...input,
      modelVersionId: found.id,
    });
  }

  async deployments(name: string): Promise<DeploymentEvent[]> {
    const model = await this.mustGetModel(name);
    return (await this.http.get<{ items: DeploymentEvent[] }>(`registered_models/${model.id}/deployments`))
      .items;
  }

  /** The versions in stage Production (of one model, or of all) and where each is deployed. */
  production(name?: string): Promise<ProductionEntry[]> {
    return this.inStage('Production', name);
  }

  /** The versions in a stage (of one model, or of all) and where each is deployed now. */
  async inStage(stage: Stage, name?: string): Promise<ProductionEntry[]> {
    const registeredModelId = name === undefined ? undefined : (await this.mustGetModel(name)).id;
    return (await this.http.get<{ items: ProductionEntry[] }>('production', { registeredModelId, stage }))
      .items;
  }

  /** The audit trail, newest first (admins). */
  auditEvents(
    query: {
      actor?: string;
      action?: string;
      outcome?: 'success' | 'denied';
      entityType?: string;
      entityId?: string;
      since?: number;
      until?: number;
    } = {},
  ): AsyncIterable<AuditEvent> {
    const http = this.http;
    return {
      async *[Symbol.asyncIterator]() {
        let token = '';
        do {
          const page = await http.get<{ items: AuditEvent[]; nextPageToken: string }>('audit_events', {
            ...query,
            pageSize: 200,
            nextPageToken: token === '' ? undefined : token,
          });
          yield* page.items;
          token = page.nextPageToken ?? '';
        } while (token !== '');
      },
    };
  }

  /** Recomputes the audit trail's hash chain on the server. */
  verifyAuditTrail(): Promise<AuditChainCheck> {
    return this.http.get<AuditChainCheck>('audit_events/verify');
  }

  /**
   * Starts a verification run that re-hashes stored content (admins), or resumes the unfinished
   * run with the same selection; advance it with {@link stepVerification} until `run.state` is `done`.
   *
   * @example
   * let { run } = await registry.startVerification({ rateMBps: 50 });
   * while (run.state === 'running') ({ run } = await registry.stepVerification(run.id));
   */
  startVerification(request: VerificationRunRequest = {}): Promise<VerificationRunStart> {
    return this.http.post<VerificationRunStart>('verification_runs', request);
  }

  /** Verifies the next batch of a run. */
  stepVerification(runId: string): Promise<VerificationStep> {
    return this.http.post<VerificationStep>(`verification_runs/${encodeURIComponent(runId)}/step`, {});
  }

  /**
   * What needs attention in the registry (admins): each finding with its entity, why, and the
   * command that fixes it. Thresholds are in days.
   */
  report(
    thresholds: {
      staleModelDays?: number;
      stagingDays?: number;
      verifyDays?: number;
      tokenUnusedDays?: number;
    } = {},
  ): Promise<RegistryReport> {
    const query = Object.fromEntries(
      Object.entries(thresholds)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
    return this.http.get<RegistryReport>('report', query);
  }

  /** A run's progress and the corrupt files of its selection. */
  verificationRun(runId: string): Promise<VerificationRunReport> {
    return this.http.get<VerificationRunReport>(`verification_runs/${encodeURIComponent(runId)}`);
  }

  /** The name of the next version when one part of the highest semantic version goes up. */
  async nextVersionName(name: string, bump: 'major' | 'minor' | 'patch'): Promise<string> {
    const model = await this.mustGetModel(name);
    return (await this.http.get<{ name: string }>(`registered_models/${model.id}/next_version`, { bump }))
      .name;
  }

  /** The highest LIVE version matching a range: `^1.2`, `~1.4.0`, `1.x`, `latest`, … */
  async resolveVersion(name: string, range: string): Promise<ModelVersion> {
    const model = await this.mustGetModel(name);
    return this.http.get<ModelVersion>(`registered_models/${model.id}/resolve_version`, { range });
  }

  /** Who the server takes this client to be, and the roles its credential carries. */
  whoami(): Promise<Principal> {
    return this.http.get<Principal>('whoami');
  }

  /** Creates an API token (admins); the answer's `token` is the secret, shown only this once. */
  createToken(input: ApiTokenCreate): Promise<NewApiToken> {
    return this.http.post<NewApiToken>('tokens', input);
  }

  async listTokens(): Promise<ApiToken[]> {
    return (await this.http.get<{ items: ApiToken[] }>('tokens')).items;
  }

  /** Revokes a token: every replica refuses it from the next request on. */
  revokeToken(id: string): Promise<void> {
    return this.http.delete(`tokens/${id}`);
  }

  /** A logger for a run that already exists (e.g. started by another step of a pipeline). */
  async experimentRun(runId: string): Promise<ExperimentRunLogger> {
    return new ExperimentRunLogger(this.http, await this.http.get<ExperimentRun>(`experiment_runs/${runId}`));
  }

  /** Lists with a filterQuery: `search('accuracy > 0.9')` over versions, or over models. */
  search(
    filterQuery: string,
    options: ListOptions & { over?: 'versions' | 'models' } = {},
  ): AsyncIterable<RegisteredModel | ModelVersionWithValues> {
    const path = options.over === 'models' ? 'registered_models' : 'model_versions';
    return this.pages(path, { ...options, filterQuery });
  }

  private findVersion(modelId: string, version: string): Promise<ModelVersion | undefined> {
    return this.http.find<ModelVersion>('model_version', { name: version, parentResourceId: modelId });
  }

  private async versionId(ref: VersionLocator): Promise<string> {
    if ('id' in ref) return ref.id;
    return (await this.mustGetVersion(ref.model, ref.version)).id ?? '';
  }
  private async mustGetModel(name: string): Promise<RegisteredModel> {
    const model = await this.getRegisteredModel(name);
    if (model === undefined) throw notFound(`registered model '${name}'`, 'REGISTERED_MODEL_NOT_FOUND');
    return model;
  }

  private async mustGetVersion(name: string, version: string): Promise<ModelVersion> {
    const found = await this.getModelVersion(name, version);
    if (found === undefined)
      throw notFound(`version '${version}' of model '${name}'`, 'MODEL_VERSION_NOT_FOUND');
    return found;
  }

  private pages<T>(path: string, options: ListOptions, extra: Query = {}): AsyncIterable<T> {
    const http = this.http;
    return {
      async *[Symbol.asyncIterator]() {
        let token = '';
        do {
          const page = await http.list<{ items: T[]; nextPageToken: string }>(path, {
            ...extra,
            filterQuery: options.filterQuery,
            orderBy: options.orderBy,
            sortOrder: options.sortOrder,
            include: options.include === undefined ? undefined : options.include.join(','),
            pageSize: options.pageSize ?? 100,
            nextPageToken: token === '' ? undefined : token,
          });
          yield* page.items;
          // A server that leaves the token out has no next page.
          token = page.nextPageToken ?? '';
        } while (token !== '');
      },
    };
  }
}

function versionId(version: VersionRef): string {
  const id = typeof version === 'string' ? version : version.id;
  if (id === undefined || id === '')
    throw new RegistryError('a model version (or its id) is needed', 'INVALID_ARGUMENT', 0);
  return id;
}

/**
 * The Node-only file functions, loaded on first use so that the SDK's entry point stays free of
 * `node:` imports (browsers, bundlers).
 */
async function nodeFiles() {
  try {
    const [upload, download, local] = await Promise.all([
      import('./node/upload-files.js'),
      import('./node/download-files.js'),
      import('./node/local-files.js'),
    ]);
    return { ...upload, ...download, ...local };
  } catch (error) {
    throw new RegistryError(
      'uploading and downloading files needs Node.js (it reads and writes local files)',
      'UNSUPPORTED_RUNTIME',
      0,
      undefined,
      { cause: error },
    );
  }
}

/** An iterable whose source is looked up when iteration starts, not when it is created. */
function lazy<T>(source: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* await source();
    },
  };
}

function notFound(what: string, code: string): RegistryError {
  return new RegistryError(`no ${what}`, code, 404);
}
