import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

export type RegisteredModel = Schemas['RegisteredModel'];
export type ModelVersion = Schemas['ModelVersion'];
export type ModelArtifact = Schemas['ModelArtifact'];
export type DocArtifact = Schemas['DocArtifact'];
export type DataSet = Schemas['DataSet'];
export type Metric = Schemas['Metric'];
export type Parameter = Schemas['Parameter'];
export type Artifact = Schemas['Artifact'];
export type ServingEnvironment = Schemas['ServingEnvironment'];
export type InferenceService = Schemas['InferenceService'];
export type ServeModel = Schemas['ServeModel'];
export type Experiment = Schemas['Experiment'];
export type ExperimentRun = Schemas['ExperimentRun'];
export type MetadataValue = Schemas['MetadataValue'];
export type CustomProperties = Record<string, MetadataValue>;
export type OrderBy = Schemas['OrderByField'];
export type SortOrder = Schemas['SortOrder'];
export type ArtifactType = Schemas['ArtifactTypeQueryParam'];
export type Principal = Schemas['Principal'];
export type ApiToken = Schemas['ApiToken'];
export type ApiTokenCreate = Schemas['ApiTokenCreate'];
export type NewApiToken = Schemas['NewApiToken'];
export type Grant = Schemas['Grant'];
export type AuditEvent = Schemas['AuditEvent'];
export type Stage = Schemas['Stage'];
export type StageTransition = Schemas['StageTransition'];
export type ModelAlias = Schemas['ModelAlias'];
export type AliasMove = Schemas['AliasMove'];
export type DeploymentEvent = Schemas['DeploymentEvent'];
export type ProductionEntry = Schemas['ProductionList']['items'][number];
export type AuditChainCheck = Schemas['AuditChainCheck'];
export type LineageGraph = Schemas['LineageGraph'];
export type LineageNode = LineageGraph['nodes'][number];
export type LineageEdge = LineageGraph['edges'][number];
export type ParentRelation = Schemas['ParentRelation'];
export type ParentLink = Schemas['ParentLink'];
export type VersionLineage = Schemas['VersionLineage'];
export type Comparison = Schemas['Comparison'];
export type ComparedRow = Schemas['ComparedRow'];
export type MetricGoal = 'maximize' | 'minimize';

/** A model version with its metrics and parameters, as lists return it with `include`. */
export type ModelVersionWithValues = ModelVersion & {
  metrics?: Record<string, number>;
  params?: Record<string, string | number | boolean | null>;
};

/** Plain values for metadata: each becomes a typed custom property. */
export type MetadataInput = Record<string, string | number | boolean | null | undefined>;

/** Options every listing takes. */
export interface ListOptions {
  /** A filterQuery, e.g. `accuracy > 0.9 AND framework = 'pytorch'`. */
  readonly filterQuery?: string;
  /** A field, or for versions `metrics.<name>` / `params.<name>` (versions without it come last). */
  readonly orderBy?: OrderBy | `metrics.${string}` | `params.${string}`;
  readonly sortOrder?: SortOrder;
  /** Items fetched per request while iterating (default 100). */
  readonly pageSize?: number;
  /** Versions only: each item also carries its metrics and/or parameters. */
  readonly include?: readonly ('metrics' | 'params')[];
}

/** One file of a version's sealed content: path, size and lower-case hex sha256. */
export type ManifestFile = Schemas['ManifestFile'];
/** A version's sealed content: its files (sorted by path, byte order) and one digest over them all. */
export type Manifest = Schemas['Manifest'];
/** An upload session: files are PUT (resumably) and then committed together. */
export type Upload = Schemas['Upload'];
export type UploadState = Upload['state'];
export type UploadFile = Schemas['UploadFile'];
/** What the server answers a file PUT with (`sha256` once the whole file is there). */
export type UploadedFile = Schemas['UploadFileProgress'];
/** What a garbage collection removed (or, with dryRun, would remove). */
export type GarbageCollection = Schemas['GarbageCollectionReport'];
export type CorruptFile = Schemas['CorruptFile'];
export type VerificationRunRequest = Schemas['VerificationRunRequest'];
export type VerificationRun = Schemas['VerificationRun'];
export type VerificationRunReport = Schemas['VerificationRunReport'];
export type VerificationRunStart = Schemas['VerificationRunStart'];
export type VerificationStep = Schemas['VerificationStep'];
export type RegistryReport = Schemas['RegistryReport'];
export type ReportFinding = Schemas['ReportFinding'];
