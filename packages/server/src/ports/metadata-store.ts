import type { ApiToken, Grant } from '../domain/access-control.js';
import type { AuditEvent, AuditQuery, NewAuditEvent } from '../domain/audit.js';
import type {
  AliasMove,
  Approval,
  DeploymentEvent,
  ModelAlias,
  PromotionPolicy,
  Stage,
  StageTransition,
} from '../domain/lifecycle.js';
import type { EntityByKind, EntityChanges, EntityKind, NewEntity } from '../domain/entities.js';
import type { ResolvedFilter } from '../domain/filter-query/resolve.js';
import type { MetricGoal, ParentLink, VersionLineage } from '../domain/lineage.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Manifest, ManifestFile, Upload, UploadFile, UploadState } from '../domain/model-files.js';
import type { BrowseQueries } from './browse-queries.js';
import type { IntegrityQueries } from './integrity-queries.js';

export interface StoredMetricGoal {
  readonly registeredModelId: number;
  readonly metric: string;
  readonly goal: MetricGoal;
}

/** Exact-match conditions on standard fields, e.g. `{ registeredModelId: 4 }`. */
export type FieldMatch = Readonly<Record<string, string | number | null>>;

/**
 * What a caller without global read may see: the registered models listed, and those it owns.
 * Entities that belong to no registered model are then invisible.
 */
export interface ModelVisibility {
  readonly modelIds: readonly number[];
  readonly owner?: string | undefined;
}

export interface ListQuery extends PageRequest {
  readonly match?: FieldMatch | undefined;
  readonly filter?: ResolvedFilter | undefined;
  /** Restricts the rows to what the caller may see, in the query itself. */
  readonly visibility?: ModelVisibility | undefined;
}

export interface NewApiToken extends Omit<ApiToken, 'id'> {
  readonly secretHash: string;
}

/**
 * Reads and writes of registry metadata inside one transaction.
 * Unique names and external ids are enforced by the store, which turns a
 * violation into a ConflictError that names the clashing field.
 */
export interface MetadataTransaction extends BrowseQueries {
  /** Content integrity and verification runs (docs/adr/0016-content-integrity.md). */
  readonly integrity: IntegrityQueries;
  insert<K extends EntityKind>(kind: K, entity: NewEntity<K>, now: number): Promise<EntityByKind[K]>;
  /** Applies the changes; a given `customProperties` replaces the whole map. */
  update<K extends EntityKind>(
    kind: K,
    id: number,
    changes: EntityChanges<K>,
    now: number,
  ): Promise<EntityByKind[K]>;
  get<K extends EntityKind>(kind: K, id: number): Promise<EntityByKind[K] | undefined>;
  /** Whether the entity exists, without reading it. */
  exists(kind: EntityKind, id: number): Promise<boolean>;
  /** The entities matching every condition, without paging: for lookups that expect 0 or 1 row. */
  findAll<K extends EntityKind>(
    kind: K,
    match: FieldMatch,
    limit: number,
  ): Promise<readonly EntityByKind[K][]>;
  list<K extends EntityKind>(kind: K, query: ListQuery): Promise<Page<EntityByKind[K]>>;
  /** Ids of the rows of `kind` matching the conditions (for cascades and reference checks). */
  ids(kind: EntityKind, match: FieldMatch): Promise<readonly number[]>;
  delete(kind: EntityKind, ids: readonly number[]): Promise<void>;
  /** Moves `lastUpdateTimeSinceEpoch` of an entity, when a child of it changed. */
  touch(kind: EntityKind, id: number, now: number): Promise<void>;
  /**
   * Takes the lock of a registered model's aggregate for the rest of the transaction: a writer
   * that holds it is the only one changing the model's lifecycle, and reads made after it see
   * every earlier holder's commit (docs/adr/0015-one-lock-per-model.md). False when there is no
   * such model.
   */
  lockModel(registeredModelId: number): Promise<boolean>;

  insertToken(token: NewApiToken): Promise<ApiToken>;
  /** A token with the hash of its secret, for verifying a presented token. */
  getToken(id: number): Promise<{ token: ApiToken; secretHash: string } | undefined>;
  listTokens(): Promise<readonly ApiToken[]>;
  revokeToken(id: number, now: number): Promise<void>;
  insertGrant(grant: Omit<Grant, 'id'>): Promise<Grant>;
  /** The grants to this user or any of these groups. */
  grantsFor(subject: string, groups: readonly string[]): Promise<readonly Grant[]>;
  listGrants(registeredModelId?: number): Promise<readonly Grant[]>;
  getGrant(id: number): Promise<Grant | undefined>;
  deleteGrant(id: number): Promise<void>;
  /**
   * Appends to the model's stage history (the caller holds the model's lock): the next sequence,
   * at `timeSinceEpoch` or the previous row's time if that is later.
   */
  insertTransition(transition: Omit<StageTransition, 'id' | 'sequence'>): Promise<StageTransition>;
  /** Newest (highest sequence) first. */
  listTransitions(match: {
    modelVersionId?: number;
    registeredModelId?: number;
  }): Promise<readonly StageTransition[]>;
  /** Removes the stage history, approvals, manifests and uploads of deleted versions. */
  deleteVersionRecords(modelVersionIds: readonly number[]): Promise<void>;
  /** Removes the promotion policies, grants and model-scoped API tokens of deleted models. */
  deleteModelRecords(registeredModelIds: readonly number[]): Promise<void>;
  listAliases(registeredModelId: number): Promise<readonly ModelAlias[]>;
  getAlias(registeredModelId: number, alias: string): Promise<ModelAlias | undefined>;
  /**
   * Points the alias at a version (creating it), or removes it when `modelVersionId` is undefined;
   * records the move as insertTransition records a stage move (the caller holds the model's lock).
   */
  moveAlias(
    registeredModelId: number,
    alias: string,
    modelVersionId: number | undefined,
    actor: string,
    now: number,
  ): Promise<AliasMove>;
  /**
   * The alias's last move at or before `time`, or its last move of all when `time` is undefined
   * (undefined: it did not exist then).
   */
  aliasAt(registeredModelId: number, alias: string, time?: number): Promise<AliasMove | undefined>;
  /** Newest (highest sequence) first. */
  aliasHistory(registeredModelId: number, alias?: string): Promise<readonly AliasMove[]>;
  /** Removes the aliases pointing at these versions (recording the removals); returns their names. */
  dropAliasesOf(modelVersionIds: readonly number[], actor: string, now: number): Promise<void>;
  /** Appends to the model's deployment history, as insertTransition does to its stage history. */
  insertDeployment(event: Omit<DeploymentEvent, 'id' | 'sequence'>): Promise<DeploymentEvent>;
  /** Newest (highest sequence) first. */
  listDeployments(match: {
    registeredModelId?: number;
    modelVersionId?: number;
  }): Promise<readonly DeploymentEvent[]>;
  /** Replaces the last sync report of a Kubernetes namespace (docs/adr/0019-kserve.md). */
  saveSyncReport(report: SyncReportRow): Promise<void>;
  /** The last sync report of each namespace (of these namespaces, when given), by namespace. */
  syncReports(namespaces?: readonly string[]): Promise<readonly SyncReportRow[]>;
  getPolicy(registeredModelId: number, stage: Stage): Promise<PromotionPolicy | undefined>;
  listPolicies(registeredModelId: number): Promise<readonly PromotionPolicy[]>;
  /** Replaces the policy of a stage; no conditions removes it. */
  setPolicy(policy: PromotionPolicy, now: number): Promise<void>;
  /** Records an approval; approving twice is one approval. */
  addApproval(approval: Approval): Promise<void>;
  listApprovals(modelVersionId: number, stage?: Stage): Promise<readonly Approval[]>;
  /** Records (or replaces) the code and experiment run behind a version. */
  setVersionLineage(lineage: VersionLineage): Promise<void>;
  versionLineages(modelVersionIds: readonly number[]): Promise<readonly VersionLineage[]>;
  /** Ids of the versions whose lineage names this commit or experiment run, at most `limit`. */
  versionsWithLineage(
    match: { codeCommit?: string; experimentRunId?: number },
    limit: number,
  ): Promise<readonly number[]>;
  /** Clears the experiment run of the lineage rows that name these (deleted) runs. */
  detachRunLineage(experimentRunIds: readonly number[]): Promise<void>;
  /** Records that a version derives from a parent; false when that link exists already. */
  addParent(link: ParentLink): Promise<boolean>;
  removeParent(modelVersionId: number, parentVersionId: number): Promise<boolean>;
  /** The links whose child ('child') or parent ('parent') is one of `ids`. */
  parentLinks(side: 'child' | 'parent', ids: readonly number[]): Promise<readonly ParentLink[]>;
  metricGoals(registeredModelIds: readonly number[]): Promise<readonly StoredMetricGoal[]>;
  /** Sets whether higher or lower is better for a metric of a model; undefined returns it to the default. */
  setMetricGoal(registeredModelId: number, metric: string, goal: MetricGoal | undefined): Promise<void>;
  /** Creates an OPEN upload with its files (received 0). */
  insertUpload(
    upload: Omit<Upload, 'id' | 'files' | 'state'>,
    files: readonly { path: string; pathHash: string; size: number; declaredSha256?: string | undefined }[],
  ): Promise<Upload>;
  getUpload(id: number): Promise<Upload | undefined>;
  /** One file of an upload, by the hash of its path. */
  getUploadFile(uploadId: number, pathHash: string): Promise<UploadFile | undefined>;
  setUploadState(id: number, state: UploadState, now: number): Promise<void>;
  /** The uploads of a version in a state. */
  uploadsOf(modelVersionId: number, state?: UploadState): Promise<readonly Upload[]>;
  /**
   * Marks an upload EXPIRED if it is still OPEN and idle since before `idleBefore` (checked in the
   * UPDATE itself, so a concurrent write or commit wins); false when it was not.
   */
  expireUpload(id: number, idleBefore: number, now: number): Promise<boolean>;
  /** Records activity on an upload (its last update time), which keeps it from expiring. */
  touchUpload(id: number, now: number): Promise<void>;
  /**
   * OPEN uploads idle since before `idleBefore` that no request is writing now (no claim
   * unexpired at `now`): the ones to expire, oldest first, at most `limit`.
   */
  idleUploads(idleBefore: number, now: number, limit: number): Promise<readonly Upload[]>;
  /**
   * Claims a file for one writing request: succeeds when no other writer holds an unexpired
   * claim. False when another does.
   */
  claimUploadFile(fileId: number, writer: string, expiry: number, now: number): Promise<boolean>;
  /**
   * Records durable progress of the claim's holder and extends its claim; false (nothing
   * written) when the claim was lost.
   */
  recordUploadProgress(
    fileId: number,
    writer: string,
    progress: { received: number; stagingState: string | undefined; expiry: number },
  ): Promise<boolean>;
  /** Marks a file complete (received = size) with its digest and content key, releasing the claim. */
  completeUploadFile(fileId: number, writer: string, sha256: string, contentKey: string): Promise<boolean>;
  /** Sets a file back to nothing received (a digest mismatch, or content lost), releasing any claim. */
  resetUploadFile(fileId: number): Promise<void>;
  releaseUploadFile(fileId: number, writer: string): Promise<void>;
  /** Drops every claim (SQLite at start-up: one process owns the database, so none is alive). */
  releaseAllUploadClaims(): Promise<void>;
  /** Seals a version's content; a second manifest for the version is a ConflictError CONTENT_SEALED. */
  insertManifest(
    manifest: Omit<Manifest, 'files'> & { uploadKey: string },
    files: readonly (ManifestFile & { pathHash: string })[],
  ): Promise<void>;
  /** The manifest without its files, or undefined when the version has no content. */
  getManifest(modelVersionId: number): Promise<Omit<Manifest, 'files'> | undefined>;
  manifestFiles(modelVersionId: number): Promise<readonly ManifestFile[]>;
  manifestFile(modelVersionId: number, pathHash: string): Promise<ManifestFile | undefined>;
  /** Deletes the manifests and every upload of these versions (their stored bytes become orphans). */
  deleteContentOf(modelVersionIds: readonly number[]): Promise<void>;
  /**
   * Of these sha256 digests, those a manifest or a file of an OPEN upload refers to; uploads
   * in `ignoring` count as not OPEN (the ones a dry run of garbage collection would expire).
   */
  referencedDigests(digests: readonly string[], ignoring?: readonly number[]): Promise<ReadonlySet<string>>;
  /** Of these upload keys: those of an OPEN upload (but those in `ignoring`), and those whose upload made a manifest. */
  uploadKeyStates(
    uploadKeys: readonly string[],
    ignoring?: readonly number[],
  ): Promise<{ readonly open: ReadonlySet<string>; readonly sealed: ReadonlySet<string> }>;
  /**
   * Appends an event to the hash chain (serialised with every other append, so ids follow commit
   * order); its time is `timeSinceEpoch` or the previous event's if that is later.
   */
  appendAudit(event: NewAuditEvent, hash: (input: string) => string): Promise<AuditEvent>;
  /** Newest first. */
  listAudit(query: AuditQuery): Promise<readonly AuditEvent[]>;
}

/**
 * The registry's metadata store (SQLite, PostgreSQL or MySQL behind one interface).
 *
 * @example
 * const store = await openMetadataStore({ url: 'sqlite:./modelreg-data/registry.db' });
 * const model = await store.transaction((tx) => tx.get('registeredModel', 1));
 */
export interface MetadataStore {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  /** Runs `work` in one transaction: all of it lands, or none of it. */
  transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  /** True when the schema is not at the version this server knows (a migration failed or is pending). */
  isDirty(): Promise<boolean>;
  /** Connections of the pool by state, when the driver tells (PostgreSQL), for metrics. */
  poolUsage?(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
}

/** What the last sync of a namespace saw, as JSON the KServe service writes and reads. */
export interface SyncReportRow {
  readonly namespace: string;
  readonly report: string;
  readonly actor: string;
  readonly observedTime: number;
}
