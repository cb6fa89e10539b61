import type { CustomProperties } from './custom-properties.js';
import type { EntityCode } from './error-codes.js';
import type { Stage } from './lifecycle.js';

/** The entity families of the registry. Each maps to one table of its own. */
export const ENTITY_KINDS = [
  'registeredModel',
  'modelVersion',
  'artifact',
  'servingEnvironment',
  'inferenceService',
  'serveModel',
  'experiment',
  'experimentRun',
  'metricHistory',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const ARTIFACT_TYPES = [
  'model-artifact',
  'doc-artifact',
  'dataset-artifact',
  'metric',
  'parameter',
] as const;
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];

export const LIVE_OR_ARCHIVED = ['LIVE', 'ARCHIVED'] as const;
export type LiveOrArchived = (typeof LIVE_OR_ARCHIVED)[number];

export const ARTIFACT_STATES = [
  'UNKNOWN',
  'PENDING',
  'LIVE',
  'MARKED_FOR_DELETION',
  'DELETED',
  'ABANDONED',
  'REFERENCE',
] as const;
export type ArtifactState = (typeof ARTIFACT_STATES)[number];

export const EXECUTION_STATES = [
  'UNKNOWN',
  'NEW',
  'RUNNING',
  'COMPLETE',
  'FAILED',
  'CACHED',
  'CANCELED',
] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const INFERENCE_SERVICE_STATES = ['DEPLOYED', 'UNDEPLOYED'] as const;
export type InferenceServiceState = (typeof INFERENCE_SERVICE_STATES)[number];

export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'object'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** Fields every entity has. Times are epoch milliseconds. */
export interface BaseEntity {
  readonly id: number;
  readonly name: string;
  readonly externalId?: string | undefined;
  readonly description?: string | undefined;
  readonly customProperties: CustomProperties;
  readonly createTimeSinceEpoch: number;
  readonly lastUpdateTimeSinceEpoch: number;
}

export interface RegisteredModel extends BaseEntity {
  readonly owner?: string | undefined;
  readonly state: LiveOrArchived;
  /** `semver`: version names must be semantic versions (ordered by precedence, bumped, ranges). */
  readonly versionScheme: 'free' | 'semver';
  readonly readme?: string | undefined;
  readonly maturity?: string | undefined;
  readonly language?: readonly string[] | undefined;
  readonly tasks?: readonly string[] | undefined;
  readonly provider?: string | undefined;
  readonly logo?: string | undefined;
  readonly license?: string | undefined;
  readonly licenseLink?: string | undefined;
  readonly libraryName?: string | undefined;
}

export interface ModelVersion extends BaseEntity {
  readonly registeredModelId: number;
  readonly author?: string | undefined;
  readonly state: LiveOrArchived;
  /** Changed only by a stage transition; ARCHIVED state and stage Archived go together. */
  readonly stage: Stage;
}

export interface Artifact extends BaseEntity {
  readonly artifactType: ArtifactType;
  readonly uri?: string | undefined;
  readonly state: ArtifactState;
  /** The model version this artifact is attached to, if any (not on the Kubeflow wire). */
  readonly modelVersionId?: number | undefined;
  readonly experimentId?: number | undefined;
  readonly experimentRunId?: number | undefined;
  // model-artifact
  readonly modelFormatName?: string | undefined;
  readonly modelFormatVersion?: string | undefined;
  readonly storageKey?: string | undefined;
  readonly storagePath?: string | undefined;
  readonly serviceAccountName?: string | undefined;
  readonly modelSourceKind?: string | undefined;
  readonly modelSourceClass?: string | undefined;
  readonly modelSourceGroup?: string | undefined;
  readonly modelSourceId?: string | undefined;
  readonly modelSourceName?: string | undefined;
  // dataset-artifact
  readonly digest?: string | undefined;
  readonly sourceType?: string | undefined;
  readonly source?: string | undefined;
  readonly schema?: string | undefined;
  readonly profile?: string | undefined;
  // metric (`value` on the wire)
  readonly metricValue?: number | undefined;
  readonly timestamp?: number | undefined;
  readonly step?: number | undefined;
  // parameter (`value` on the wire)
  readonly parameterValue?: string | undefined;
  readonly parameterType?: ParameterType | undefined;
}

export type ServingEnvironment = BaseEntity;

export interface InferenceService extends BaseEntity {
  readonly servingEnvironmentId: number;
  readonly registeredModelId: number;
  readonly modelVersionId?: number | undefined;
  readonly runtime?: string | undefined;
  readonly desiredState: InferenceServiceState;
}

export interface ServeModel extends BaseEntity {
  readonly inferenceServiceId: number;
  readonly modelVersionId: number;
  readonly lastKnownState: ExecutionState;
}

export interface Experiment extends BaseEntity {
  readonly owner?: string | undefined;
  readonly state: LiveOrArchived;
}

export interface ExperimentRun extends BaseEntity {
  readonly experimentId: number;
  readonly owner?: string | undefined;
  readonly state: LiveOrArchived;
  readonly status: RunStatus;
  readonly startTimeSinceEpoch?: number | undefined;
  readonly endTimeSinceEpoch?: number | undefined;
}

/** One recorded value of a run's metric; the run's Metric artifact holds the latest. */
export interface MetricHistoryEntry extends BaseEntity {
  readonly experimentRunId: number;
  readonly experimentId: number;
  readonly metricValue?: number | undefined;
  readonly timestamp?: number | undefined;
  readonly step?: number | undefined;
  readonly state: ArtifactState;
}

export interface EntityByKind {
  registeredModel: RegisteredModel;
  modelVersion: ModelVersion;
  artifact: Artifact;
  servingEnvironment: ServingEnvironment;
  inferenceService: InferenceService;
  serveModel: ServeModel;
  experiment: Experiment;
  experimentRun: ExperimentRun;
  metricHistory: MetricHistoryEntry;
}

/** What a caller supplies to create an entity: everything but the server-made fields. */
export type NewEntity<K extends EntityKind> = Omit<
  EntityByKind[K],
  'id' | 'createTimeSinceEpoch' | 'lastUpdateTimeSinceEpoch'
>;

/** A change to an entity: the fields to set; `null` clears an optional field. */
export type EntityChanges<K extends EntityKind> = {
  -readonly [F in keyof Omit<EntityByKind[K], 'id' | 'createTimeSinceEpoch' | 'lastUpdateTimeSinceEpoch'>]?:
    EntityByKind[K][F] | null;
};

/** Human names for messages and error codes. */
export const KIND_LABEL: Readonly<Record<EntityKind, { label: string; code: EntityCode }>> = {
  registeredModel: { label: 'registered model', code: 'REGISTERED_MODEL' },
  modelVersion: { label: 'model version', code: 'MODEL_VERSION' },
  artifact: { label: 'artifact', code: 'ARTIFACT' },
  servingEnvironment: { label: 'serving environment', code: 'SERVING_ENVIRONMENT' },
  inferenceService: { label: 'inference service', code: 'INFERENCE_SERVICE' },
  serveModel: { label: 'serve model', code: 'SERVE_MODEL' },
  experiment: { label: 'experiment', code: 'EXPERIMENT' },
  experimentRun: { label: 'experiment run', code: 'EXPERIMENT_RUN' },
  metricHistory: { label: 'metric history entry', code: 'METRIC_HISTORY' },
};
