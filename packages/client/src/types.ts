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

/** Plain values for metadata: each becomes a typed custom property. */
export type MetadataInput = Record<string, string | number | boolean | null | undefined>;

/** Options every listing takes. */
export interface ListOptions {
  /** A filterQuery, e.g. `accuracy > 0.9 AND framework = 'pytorch'`. */
  readonly filterQuery?: string;
  readonly orderBy?: OrderBy;
  readonly sortOrder?: SortOrder;
  /** Items fetched per request while iterating (default 100). */
  readonly pageSize?: number;
}

// ---- model files (the contract in /work/files-api-contract.md until the served document has them) ----

/** One file of a version's sealed content. */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  /** Lower-case hex. */
  readonly sha256: string;
}

/** A version's sealed content: its files (sorted by path, byte order) and one digest over them all. */
export interface Manifest {
  readonly modelVersionId: string;
  /** `sha256:<hex>` over one line per file, `<sha256>  <size>  <path>\n`, sorted by path. */
  readonly rootDigest: string;
  readonly totalSize: number;
  readonly fileCount: number;
  readonly files: readonly ManifestFile[];
  /** The ModelArtifact uri the registry set: its content.tar URL (disk) or an s3:// prefix. */
  readonly uri: string;
  readonly createTime: string;
}

export interface UploadFile {
  readonly path: string;
  readonly size: number;
  readonly sha256?: string;
  /** Bytes the server holds durably: where a resumed PUT starts. */
  readonly received: number;
}

/** An upload session: files are PUT (resumably) and then committed together. */
export interface Upload {
  readonly id: string;
  readonly modelVersionId: string;
  readonly state: 'OPEN' | 'COMMITTED' | 'ABORTED';
  readonly files: readonly UploadFile[];
  readonly createTime: string;
  readonly lastUpdateTime: string;
}

/** What the server answers a file PUT with. */
export interface UploadedFile {
  readonly path: string;
  readonly size: number;
  readonly received: number;
  /** Present once received equals size. */
  readonly sha256?: string;
}

/** What a garbage collection removed (or, with dryRun, would remove). */
export interface GarbageCollection {
  readonly dryRun: boolean;
  readonly removed: readonly { readonly key: string; readonly size: number }[];
  readonly removedBytes: number;
  readonly kept: number;
}
