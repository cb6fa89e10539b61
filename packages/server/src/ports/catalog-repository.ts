import type { EntityByKind, EntityChanges, EntityKind, NewEntity } from '../domain/entities.js';
import type { ResolvedFilter } from '../domain/filter-query/resolve.js';
import type { Page, PageRequest } from '../domain/pagination.js';

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

/**
 * One key of a model-version ordering by several (MLflow's `order_by`): a time, the registered
 * model's name, or the version number as MLflow numbers versions (names that are whole numbers,
 * by value, then the others, by id).
 */
export interface VersionSortKey {
  readonly key: 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'MODEL_NAME' | 'NUMBER';
  readonly descending: boolean;
}

export interface ListQuery extends PageRequest {
  readonly match?: FieldMatch | undefined;
  readonly filter?: ResolvedFilter | undefined;
  /** Restricts the rows to what the caller may see, in the query itself. */
  readonly visibility?: ModelVisibility | undefined;
  /**
   * Model versions only: ordered by these keys, then by id, and paged by `offset` rather than by
   * a cursor (orderBy, sortOrder and after are then ignored). The page's `next` is then only a
   * sign that more rows follow: the next page starts at offset + pageSize.
   */
  readonly sortKeys?: readonly VersionSortKey[] | undefined;
  readonly offset?: number | undefined;
}

/**
 * The registered model is the aggregate whose row is the lock, whichever context writes
 * (docs/adr/0015-one-lock-per-model.md).
 */
export interface ModelLock {
  /**
   * Takes the lock of a registered model's aggregate for the rest of the transaction: a writer
   * that holds it is the only one changing the model's lifecycle, and reads made after it see
   * every earlier holder's commit (docs/adr/0015-one-lock-per-model.md). False when there is no
   * such model.
   */
  lockModel(registeredModelId: number): Promise<boolean>;
}

/**
 * Catalog context: models, versions, artifacts and the Kubeflow entities, by generic entity CRUD.
 * Unique names and external ids are enforced by the store, which turns a violation into a
 * ConflictError that names the clashing field.
 */
/** A registered model's id, owner and version scheme. */
export interface ModelHead {
  readonly id: number;
  readonly owner?: string | undefined;
  readonly versionScheme: string;
}

export interface CatalogRepository extends ModelLock {
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
  /**
   * What the write path needs of a registered model, without its custom properties: its owner
   * (for permissions) and version scheme (to check a new version's name).
   */
  modelHead(id: number): Promise<ModelHead | undefined>;
  /**
   * The registered model of a model version (an artifact's model, for its lock and permissions);
   * undefined when there is no such version. With `lock`, the model's lock (ModelLock) is taken
   * too, in the same read where the engine can (PostgreSQL's FOR UPDATE OF the model's row; SQLite
   * holds every lock from its BEGIN), so that `lockModel` then reads nothing.
   */
  modelIdOfVersion(versionId: number, lock?: boolean): Promise<number | undefined>;
  /**
   * Whether a row this transaction then writes may refer to the model version (an artifact's
   * `modelVersionId`). True without a read when this transaction found the version already (its
   * model, by `modelIdOfVersion`): the write's foreign key refuses a version deleted since, with
   * a ConflictError `…_REFERENCE_CONFLICT` and nothing written. Otherwise as `exists`.
   */
  versionReferable(versionId: number): Promise<boolean>;
  /**
   * The registered model of this name, for a write into it: its lock (ModelLock) taken in the
   * same read where the engine can (PostgreSQL's FOR UPDATE; SQLite holds every lock from its
   * BEGIN), so that `lockModel` then reads nothing; elsewhere (MySQL) read as `findAll` reads it.
   * Undefined when no model has the name.
   */
  modelToWrite(name: string): Promise<EntityByKind['registeredModel'] | undefined>;
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
   * Removes the stage history, approvals, manifests and uploads of deleted versions (the records
   * other contexts keep about a catalog entity, dropped when it is).
   */
  deleteVersionRecords(modelVersionIds: readonly number[]): Promise<void>;
  /** Removes the promotion policies, grants and model-scoped API tokens of deleted models. */
  deleteModelRecords(registeredModelIds: readonly number[]): Promise<void>;
}
