import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';

// The schema the migrations (./migrations) create, as Kysely table interfaces. Column value types
// are what the three drivers return: `bigint` columns come back as a string from pg (int8) and as
// a number from better-sqlite3 and mysql2 (supportBigNumbers); `boolean` as 0/1 from SQLite and
// MySQL. The row mappers convert with Number()/String(), as they always have.

/** A `bigint` column: written as a number, read as a number or (PostgreSQL) a string. */
type Int8 = ColumnType<number | string, number, number>;
/** A nullable `bigint` column. */
type NullableInt8 = ColumnType<number | string | null, number | null | undefined, number | null>;
/** A `boolean` column: SQLite and MySQL store 0/1. */
type Bool = ColumnType<boolean | number | null, boolean | number | null, boolean | number | null>;
/** A `double precision` column. */
type Double = number | null;
type Id = Generated<number>;

/** Columns every entity table has (migration 0001). */
interface EntityBase {
  id: Id;
  name: string;
  external_id: string | null;
  description: string | null;
  create_time: Int8;
  last_update_time: Int8;
}

export interface RegisteredModelTable extends EntityBase {
  owner: string | null;
  state: string;
  readme: string | null;
  maturity: string | null;
  /** JSON list. */
  language: string | null;
  /** JSON list. */
  tasks: string | null;
  provider: string | null;
  logo: string | null;
  license: string | null;
  license_link: string | null;
  library_name: string | null;
  /** Migration 0007. */
  version_scheme: Generated<string>;
  /** Migration 0019: the versions summarised (see catalog/version-rollup.ts). */
  latest_version_id: number | null;
  latest_version_time: NullableInt8;
  production_version_id: number | null;
  production_version_time: NullableInt8;
  development_count: Generated<number>;
  staging_count: Generated<number>;
  production_count: Generated<number>;
  archived_count: Generated<number>;
  stage_rank: Generated<number>;
}

export interface ModelVersionTable extends EntityBase {
  registered_model_id: number;
  author: string | null;
  state: string;
  /** Migration 0004. */
  stage: Generated<string>;
  /** Migration 0007. */
  version_sort_key: string | null;
}

export type ServingEnvironmentTable = EntityBase;

export interface ExperimentTable extends EntityBase {
  owner: string | null;
  state: string;
}

export interface ExperimentRunTable extends EntityBase {
  experiment_id: number;
  owner: string | null;
  state: string;
  status: string;
  start_time: NullableInt8;
  end_time: NullableInt8;
}

export interface InferenceServiceTable extends EntityBase {
  serving_environment_id: number;
  registered_model_id: number;
  model_version_id: number | null;
  runtime: string | null;
  desired_state: string;
}

export interface ServeModelTable extends EntityBase {
  inference_service_id: number;
  model_version_id: number;
  last_known_state: string;
}

export interface ArtifactTable extends EntityBase {
  artifact_type: string;
  name_scope: string;
  uri: string | null;
  state: string;
  model_version_id: number | null;
  experiment_id: number | null;
  experiment_run_id: number | null;
  model_format_name: string | null;
  model_format_version: string | null;
  storage_key: string | null;
  storage_path: string | null;
  service_account_name: string | null;
  model_source_kind: string | null;
  model_source_class: string | null;
  model_source_group: string | null;
  model_source_id: string | null;
  model_source_name: string | null;
  digest: string | null;
  source_type: string | null;
  source: string | null;
  data_schema: string | null;
  profile: string | null;
  metric_value: Double;
  timestamp: NullableInt8;
  step: NullableInt8;
  parameter_value: string | null;
  parameter_type: string | null;
  /** Migration 0009. */
  parameter_number: Double;
}

export interface MetricHistoryTable extends EntityBase {
  experiment_run_id: number;
  experiment_id: number;
  metric_value: Double;
  timestamp: NullableInt8;
  step: NullableInt8;
  state: string;
}

/** The shared id sequence of the context kinds (migration 0001). */
export interface ContextIdTable {
  id: Id;
  kind: string;
}

export interface CustomPropertyTable {
  owner_kind: string;
  owner_id: number;
  name: string;
  value_type: string;
  int_value: NullableInt8;
  double_value: Double;
  string_value: string | null;
  bool_value: Bool;
  proto_type: string | null;
}

export interface ApiTokenTable {
  id: Id;
  name: string;
  subject: string;
  role: string;
  registered_model_id: number | null;
  secret_hash: string;
  created_by: string;
  create_time: Int8;
  expire_time: NullableInt8;
  revoke_time: NullableInt8;
  /** Migration 0017. */
  last_use_time: NullableInt8;
}

export interface AccessGrantTable {
  id: Id;
  principal_type: string;
  principal: string;
  role: string;
  /** 0: every registered model. */
  registered_model_id: number;
  created_by: string;
  create_time: Int8;
}

export interface AuditEventTable {
  id: Id;
  event_time: Int8;
  actor: string;
  actor_method: string;
  action: string;
  outcome: string;
  entity_type: string | null;
  entity_id: string | null;
  request_id: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_hash: string;
  /** Migration 0013. */
  last_time: ColumnType<number | string, number | undefined, number>;
}

/** The histories (migrations 0004-0006) with their per-model sequence (0013). */
interface HistoryBase {
  id: Id;
  registered_model_id: number;
  create_time: Int8;
  seq: Int8;
}

export interface StageTransitionTable extends HistoryBase {
  model_version_id: number;
  from_stage: string;
  to_stage: string;
  actor: string;
  comment: string | null;
}

export interface ModelAliasTable {
  registered_model_id: number;
  alias: string;
  model_version_id: number;
  update_time: Int8;
}

export interface AliasHistoryTable extends HistoryBase {
  alias: string;
  /** NULL: the alias was removed. */
  model_version_id: number | null;
  actor: string;
}

export interface DeploymentEventTable extends HistoryBase {
  model_version_id: number;
  serving_environment_id: number;
  inference_service_id: number;
  action: string;
  endpoint: string | null;
  actor: string;
  comment: string | null;
}

export interface PromotionPolicyTable {
  registered_model_id: number;
  stage: string;
  /** JSON list of conditions. */
  conditions: string;
  update_time: Int8;
}

export interface ApprovalTable {
  id: Id;
  model_version_id: number;
  stage: string;
  actor: string;
  comment: string | null;
  create_time: Int8;
}

export interface VersionLineageTable {
  model_version_id: number;
  code_repository: string | null;
  code_commit: string | null;
  code_path: string | null;
  experiment_run_id: number | null;
}

export interface VersionParentTable {
  id: Id;
  model_version_id: number;
  parent_version_id: number;
  relation: string;
  create_time: Int8;
}

export interface MetricGoalTable {
  registered_model_id: number;
  metric: string;
  goal: string;
}

export interface FileUploadTable {
  id: Id;
  upload_key: string;
  model_version_id: number;
  state: string;
  created_by: string;
  create_time: Int8;
  last_update_time: Int8;
}

export interface FileUploadFileTable {
  id: Id;
  upload_id: number;
  file_index: number;
  path: string;
  path_hash: string;
  size: Int8;
  declared_sha256: string | null;
  received: Int8;
  sha256: string | null;
  content_key: string | null;
  staging_state: string | null;
  writer: string | null;
  writer_expiry: NullableInt8;
}

export interface VersionContentTable {
  model_version_id: number;
  upload_id: number;
  upload_key: string;
  root_digest: string;
  total_size: Int8;
  file_count: number;
  uri: string;
  create_time: Int8;
}

export interface VersionContentFileTable {
  model_version_id: number;
  path_hash: string;
  path: string;
  size: Int8;
  sha256: string;
  content_key: string;
}

/** A file put under an experiment run through the MLflow artifact proxy (migration 0018). */
export interface RunArtifactFileTable {
  experiment_run_id: number;
  path_hash: string;
  path: string;
  size: Int8;
  sha256: string;
  content_key: string;
  upload_key: string;
  created_by: string;
  create_time: Int8;
  /** Found corrupt while served (migration 0021): since when and why; null: not known corrupt. */
  corrupt_time: NullableInt8;
  corrupt_reason: string | null;
}

export interface KserveSyncTable {
  namespace: string;
  report: string;
  actor: string;
  observed_time: Int8;
}

export interface FileIntegrityTable {
  model_version_id: number;
  path_hash: string;
  state: string;
  verified_time: NullableInt8;
  verify_count: Generated<number>;
  corrupt_time: NullableInt8;
  reason: string | null;
  /** Segment checksums (migration 0020): the segment length, and a CRC-32C per segment, little-endian. */
  segment_size: number | null;
  segment_crc32c: Uint8Array | null;
}

export interface VerificationRunTable {
  id: Id;
  /** JSON: [registeredModelId, modelVersionId, notVerifiedForMs]. */
  selection: string;
  selection_key: string;
  state: string;
  schedule_slot: NullableInt8;
  created_by: string;
  create_time: Int8;
  last_update_time: Int8;
  cursor_version_id: number | null;
  cursor_path_hash: string | null;
  rate_bytes: NullableInt8;
  files_total: number;
  bytes_total: Int8;
  files_done: Generated<number>;
  // Updated by adding to itself, so an update may be the (int8) value read.
  bytes_done: ColumnType<number | string, number | undefined, number | string>;
  corrupt_files: Generated<number>;
}

export interface VerificationClaimTable {
  id: Id;
  run_id: number;
  after_version_id: number | null;
  after_path_hash: string | null;
  last_version_id: number;
  last_path_hash: string;
  owner: string;
  expiry: Int8;
}

/** The entity tables, one per entity kind (see TABLE in entity-rows.ts). */
export interface EntityTables {
  registered_model: RegisteredModelTable;
  model_version: ModelVersionTable;
  artifact: ArtifactTable;
  serving_environment: ServingEnvironmentTable;
  inference_service: InferenceServiceTable;
  serve_model: ServeModelTable;
  experiment: ExperimentTable;
  experiment_run: ExperimentRunTable;
  metric_history: MetricHistoryTable;
}

export type EntityTable = keyof EntityTables;

/** Every table of the registry's schema. */
export interface Database extends EntityTables {
  context_id: ContextIdTable;
  custom_property: CustomPropertyTable;
  api_token: ApiTokenTable;
  access_grant: AccessGrantTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  stage_transition: StageTransitionTable;
  model_alias: ModelAliasTable;
  alias_history: AliasHistoryTable;
  deployment_event: DeploymentEventTable;
  promotion_policy: PromotionPolicyTable;
  approval: ApprovalTable;
  version_lineage: VersionLineageTable;
  version_parent: VersionParentTable;
  metric_goal: MetricGoalTable;
  file_upload: FileUploadTable;
  file_upload_file: FileUploadFileTable;
  version_content: VersionContentTable;
  version_content_file: VersionContentFileTable;
  kserve_sync: KserveSyncTable;
  file_integrity: FileIntegrityTable;
  verification_run: VerificationRunTable;
  verification_claim: VerificationClaimTable;
  run_artifact_file: RunArtifactFileTable;
}

/** The connection, or the transaction a repository runs in. */
export type Db = Kysely<Database> | Transaction<Database>;
