import { AdminCalls, type AuditQuery, type ReportThresholds } from './admin-calls.js';
import { createRegistryApi, resolveUrl, type RegistryApi, type RegistryApiOptions } from './api.js';
import { BrowseCalls } from './browse.js';
import { CatalogCalls, type Updatable } from './catalog-calls.js';
import type { ExperimentRunLogger } from './experiment-run-logger.js';
import type { DownloadOptions, UploadOptions } from './file-types.js';
import { KServeCalls } from './kserve.js';
import { LifecycleCalls } from './lifecycle-calls.js';
import { nodeFiles } from './node-files.js';
import {
  registerModel,
  type RegisterModelInput,
  type RegisterModelOptions,
  type Registration,
  type RegistrationContext,
} from './registration.js';
import { Lookups, versionId, type VersionLocator, type VersionRef } from './registry-lookups.js';
import type { TransferContext } from './transfer-http.js';
import { createTypedClient } from './typed-http.js';
import { createTransport, fromEnvironment } from './transport.js';
import type {
  AliasMove,
  ApiToken,
  ApiTokenCreate,
  Artifact,
  ArtifactType,
  AuditChainCheck,
  AuditEvent,
  Comparison,
  DeploymentEvent,
  Experiment,
  ExperimentRun,
  GarbageCollection,
  LineageGraph,
  ListOptions,
  Manifest,
  MetricGoal,
  ModelAlias,
  ModelArtifact,
  ModelVersion,
  ModelVersionWithValues,
  NewApiToken,
  ParentLink,
  ParentRelation,
  Principal,
  ProductionEntry,
  RegisteredModel,
  RegistryReport,
  Stage,
  StageTransition,
  Upload,
  UploadState,
  VerificationRunReport,
  VerificationRunRequest,
  VerificationRunStart,
  VerificationStep,
} from './types.js';

export type { RegisterModelInput, RegisterModelOptions, Registration } from './registration.js';
export type { VersionLocator, VersionRef } from './registry-lookups.js';

export interface ModelRegistryOptions extends RegistryApiOptions {
  /** The default author of versions and owner of models; defaults to MODELREG_AUTHOR or USER. */
  readonly author?: string | undefined;
}

/**
 * The high-level client, modelled on the Kubeflow Python client. Every call goes through the
 * generated, typed client (paths, parameters, bodies and answers from the OpenAPI document).
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
  private readonly registration: RegistrationContext;
  private readonly lookups: Lookups;
  private readonly catalog: CatalogCalls;
  private readonly lifecycle: LifecycleCalls;
  private readonly admin: AdminCalls;

  constructor(options: ModelRegistryOptions = {}) {
    this.url = resolveUrl(options.url);
    this.api = createRegistryApi({ ...options, url: this.url });
    this.browse = new BrowseCalls(this.api);
    this.kserve = new KServeCalls(this.api);
    const transport = createTransport(options);
    const api = createTypedClient(this.url, transport);
    const author = options.author ?? fromEnvironment('MODELREG_AUTHOR') ?? fromEnvironment('USER');
    const transfers: TransferContext = {
      url: this.url,
      api,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      ownTransport: options.fetch === undefined,
      token: options.token ?? fromEnvironment('MODELREG_TOKEN'),
      idleTimeoutMs: options.timeoutMs ?? 30_000,
    };
    this.lookups = new Lookups(api);
    this.registration = { api, lookups: this.lookups, transfers, author };
    this.catalog = new CatalogCalls(api, this.lookups, author);
    this.lifecycle = new LifecycleCalls(api, this.lookups);
    this.admin = new AdminCalls(api);
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
  registerModel(input: RegisterModelInput, options: RegisterModelOptions = {}): Promise<Registration> {
    return registerModel(this.registration, input, options);
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
    return (await nodeFiles('upload')).uploadFiles(
      this.registration.transfers,
      versionId(version),
      source,
      options,
    );
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
    return (await nodeFiles('download')).downloadFiles(
      this.registration.transfers,
      versionId(version),
      outDir,
      options,
    );
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
    return this.admin.listUploads(versionId(version), options.state);
  }

  /** Aborts an OPEN upload: its staged bytes are discarded (aborting an aborted one does nothing). */
  abortUpload(uploadId: string): Promise<void> {
    return this.admin.abortUpload(uploadId);
  }

  /** The manifest of a version's content (paths, sizes, sha256, root digest), or undefined when it has none. */
  getManifest(version: VersionRef): Promise<Manifest | undefined> {
    return this.admin.getManifest(versionId(version));
  }

  /**
   * Removes stored blobs no version references and no open upload is writing, older than the
   * grace period (admins). With `dryRun` it only reports what it would remove.
   */
  collectGarbage(
    options: { dryRun?: boolean | undefined; graceSeconds?: number | undefined } = {},
  ): Promise<GarbageCollection> {
    return this.admin.collectGarbage(options);
  }

  /**
   * The lineage graph around a version (or a `dataset:<digest>`, `commit:<sha>`,
   * `pipelineRun:<id>`, `experimentRun:<id>` node): upstream is what it was made from,
   * downstream what was made from it.
   */
  lineage(
    from: VersionLocator | string,
    options: { direction?: 'upstream' | 'downstream' | 'both'; depth?: number } = {},
  ): Promise<LineageGraph> {
    return this.lifecycle.lineage(from, options);
  }

  /** A side-by-side of versions: fields, metrics with the best per metric, parameters, properties, lineage. */
  compare(
    versions: readonly VersionLocator[],
    options: { goals?: Readonly<Record<string, MetricGoal>> } = {},
  ): Promise<Comparison> {
    return this.lifecycle.compare(versions, options);
  }

  /** Records that a version derives from another; a link that would close a cycle is a 409. */
  addParent(child: VersionLocator, parent: VersionLocator, relation?: ParentRelation): Promise<ParentLink> {
    return this.lifecycle.addParent(child, parent, relation);
  }

  /** Whether higher or lower is better for each named metric of a model (null: back to the default). */
  setMetricGoals(
    name: string,
    goals: Readonly<Record<string, MetricGoal | null>>,
  ): Promise<Record<string, MetricGoal>> {
    return this.lifecycle.setMetricGoals(name, goals);
  }

  /** The registered model of that name, or undefined. */
  getRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    return this.lookups.findModel(name);
  }

  /** A version by model name and version name, or undefined when the version does not exist. */
  getModelVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    return this.lookups.getVersion(name, version);
  }

  /** The model artifact of a version (found by the model's name, as Kubeflow registers it), or undefined. */
  getModelArtifact(name: string, version: string): Promise<ModelArtifact | undefined> {
    return this.catalog.getModelArtifact(name, version);
  }

  /**
   * Saves the changed fields of a model, version or artifact got from this client. The name, id
   * and parent cannot change; a given customProperties replaces the whole map.
   */
  update<T extends Updatable>(entity: T): Promise<T> {
    return this.catalog.update(entity);
  }

  /** Archives a model (state ARCHIVED); it stays readable and can be restored. */
  async archiveModel(name: string): Promise<RegisteredModel> {
    return this.catalog.patchModel(await this.lookups.modelId(name), { state: 'ARCHIVED' });
  }

  async restoreModel(name: string): Promise<RegisteredModel> {
    return this.catalog.patchModel(await this.lookups.modelId(name), { state: 'LIVE' });
  }

  async archiveVersion(name: string, version: string): Promise<ModelVersion> {
    return this.catalog.patchVersion(await this.lookups.versionId({ model: name, version }), {
      state: 'ARCHIVED',
    });
  }

  async restoreVersion(name: string, version: string): Promise<ModelVersion> {
    return this.catalog.patchVersion(await this.lookups.versionId({ model: name, version }), {
      state: 'LIVE',
    });
  }

  /** Deletes a model with its versions and their artifacts (refused while it is deployed). */
  deleteModel(name: string): Promise<void> {
    return this.catalog.deleteModel(name);
  }

  deleteVersion(name: string, version: string): Promise<void> {
    return this.catalog.deleteVersion(name, version);
  }

  /** Every registered model matching the options, fetched page by page as you iterate. */
  registeredModels(options: ListOptions = {}): AsyncIterable<RegisteredModel> {
    return this.catalog.registeredModels(options);
  }

  /** The versions of a model (every model's versions when `name` is undefined). */
  modelVersions(name: string | undefined, options: ListOptions = {}): AsyncIterable<ModelVersion> {
    return this.catalog.modelVersions(name, options);
  }

  /** The artifacts of a version, of any type unless `artifactType` is given. */
  modelArtifacts(
    name: string,
    version: string,
    options: ListOptions & { artifactType?: ArtifactType } = {},
  ): AsyncIterable<Artifact> {
    return this.catalog.modelArtifacts(name, version, options);
  }

  experiments(options: ListOptions = {}): AsyncIterable<Experiment> {
    return this.catalog.experiments(options);
  }

  /** The runs of an experiment (of every experiment when `experiment` is undefined). */
  experimentRuns(experiment: string | undefined, options: ListOptions = {}): AsyncIterable<ExperimentRun> {
    return this.catalog.experimentRuns(experiment, options);
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
  startExperimentRun(input: {
    experiment: string;
    name?: string;
    description?: string;
    owner?: string;
  }): Promise<ExperimentRunLogger> {
    return this.catalog.startExperimentRun(input);
  }

  /** A logger for a run that already exists (e.g. started by another step of a pipeline). */
  experimentRun(runId: string): Promise<ExperimentRunLogger> {
    return this.catalog.experimentRun(runId);
  }

  /** Lists with a filterQuery: `search('accuracy > 0.9')` over versions, or over models. */
  search(
    filterQuery: string,
    options: ListOptions & { over?: 'versions' | 'models' } = {},
  ): AsyncIterable<RegisteredModel | ModelVersionWithValues> {
    return this.catalog.search(filterQuery, options);
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
  transitionStage(
    name: string,
    version: string,
    stage: Stage,
    options: { comment?: string; others?: 'keep' | 'archive' | 'demote'; from?: Stage } = {},
  ): Promise<ModelVersion> {
    return this.lifecycle.transitionStage(name, version, stage, options);
  }

  /** Stage moves, newest first: of one version, or of every version of the model. */
  stageHistory(name: string, version?: string): Promise<StageTransition[]> {
    return this.lifecycle.stageHistory(name, version);
  }

  aliases(name: string): Promise<ModelAlias[]> {
    return this.lifecycle.aliases(name);
  }

  /** Points (or, with null, removes) several aliases of a model at once: all move or none does. */
  moveAliases(name: string, moves: Record<string, string | null>): Promise<ModelAlias[]> {
    return this.lifecycle.moveAliases(name, moves);
  }

  /** The version an alias points at, now or at a past time (epoch ms). */
  aliasAt(name: string, alias: string, time?: number): Promise<AliasMove> {
    return this.lifecycle.aliasAt(name, alias, time);
  }

  /** Records a deployment (or undeployment) of a version to a serving environment, by name. */
  recordDeployment(
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
    return this.lifecycle.recordDeployment(name, version, input);
  }

  deployments(name: string): Promise<DeploymentEvent[]> {
    return this.lifecycle.deployments(name);
  }

  /** The versions in stage Production (of one model, or of all) and where each is deployed. */
  production(name?: string): Promise<ProductionEntry[]> {
    return this.inStage('Production', name);
  }

  /** The versions in a stage (of one model, or of all) and where each is deployed now. */
  inStage(stage: Stage, name?: string): Promise<ProductionEntry[]> {
    return this.lifecycle.inStage(stage, name);
  }

  /** The name of the next version when one part of the highest semantic version goes up. */
  nextVersionName(name: string, bump: 'major' | 'minor' | 'patch'): Promise<string> {
    return this.lifecycle.nextVersionName(name, bump);
  }

  /** The highest LIVE version matching a range: `^1.2`, `~1.4.0`, `1.x`, `latest`, … */
  resolveVersion(name: string, range: string): Promise<ModelVersion> {
    return this.lifecycle.resolveVersion(name, range);
  }

  /** The audit trail, newest first (admins). */
  auditEvents(query: AuditQuery = {}): AsyncIterable<AuditEvent> {
    return this.admin.auditEvents(query);
  }

  /** Recomputes the audit trail's hash chain on the server. */
  verifyAuditTrail(): Promise<AuditChainCheck> {
    return this.admin.verifyAuditTrail();
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
    return this.admin.startVerification(request);
  }

  /** Verifies the next batch of a run. */
  stepVerification(runId: string): Promise<VerificationStep> {
    return this.admin.stepVerification(runId);
  }

  /** A run's progress and the corrupt files of its selection. */
  verificationRun(runId: string): Promise<VerificationRunReport> {
    return this.admin.verificationRun(runId);
  }

  /**
   * What needs attention in the registry (admins): each finding with its entity, why, and the
   * command that fixes it. Thresholds are in days.
   */
  report(thresholds: ReportThresholds = {}): Promise<RegistryReport> {
    return this.admin.report(thresholds);
  }

  /** Who the server takes this client to be, and the roles its credential carries. */
  whoami(): Promise<Principal> {
    return this.admin.whoami();
  }

  /** Creates an API token (admins); the answer's `token` is the secret, shown only this once. */
  createToken(input: ApiTokenCreate): Promise<NewApiToken> {
    return this.admin.createToken(input);
  }

  listTokens(): Promise<ApiToken[]> {
    return this.admin.listTokens();
  }

  /** Revokes a token: every replica refuses it from the next request on. */
  revokeToken(id: string): Promise<void> {
    return this.admin.revokeToken(id);
  }
}
