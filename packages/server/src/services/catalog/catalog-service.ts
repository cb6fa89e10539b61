import {
  KIND_LABEL,
  type Artifact,
  type ArtifactType,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type ModelVersion,
} from '../../domain/entities.js';
import { ENTITY_KIND_RULES, kindLabel, type Draft } from '../../domain/entity-kinds.js';
import { checkAlias } from '../../domain/lifecycle.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import type { FieldMatch } from '../../ports/metadata-store.js';
import type { VersionSortKey } from '../../ports/catalog-repository.js';
import type { CatalogTx } from './catalog-tx.js';
import type { Authorizer } from '../access/index.js';
import {
  authorizedTransaction,
  runUseCase,
  type Caller,
  type Record_,
  type Transactions,
} from '../use-case.js';
import { parentOfArtifacts, upsertArtifactIn, type ArtifactParent } from './artifact-upsert.js';
import {
  actorDefaults,
  createEntity,
  modelOf,
  mustGet,
  notFound,
  removeEntities,
  snapshotOf,
  touchParents,
  updateEntity,
  type CreateInput,
} from './entity-writes.js';
import { lockAggregate } from './locks.js';

export interface ListOptions extends PageRequest {
  readonly filter?: ResolvedFilter | undefined;
  /** Exact-match conditions, e.g. the parent id or `artifactType`. */
  readonly match?: FieldMatch | undefined;
  /** Model versions by several keys, paged by offset (the MLflow API's searches). */
  readonly sortKeys?: readonly VersionSortKey[] | undefined;
  readonly offset?: number | undefined;
}

export interface FindCriteria {
  readonly name?: string | undefined;
  readonly externalId?: string | undefined;
  readonly parentResourceId?: number | undefined;
  readonly artifactType?: ArtifactType | undefined;
}

export interface CatalogServiceDeps {
  readonly store: Transactions<CatalogTx>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** A fresh unique name, for entities created without one. */
  readonly newName: () => string;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
}

/**
 * The catalog's use cases: generic CRUD of every entity kind (models, versions, artifacts and the
 * Kubeflow entities), by the per-kind rules of ENTITY_KIND_RULES and KIND_EFFECTS. Each public
 * method is one transaction: it lands whole or not at all.
 */
export class CatalogService {
  constructor(private readonly deps: CatalogServiceDeps) {}

  private run<T>(
    actor: Caller,
    work: (tx: CatalogTx, now: number, auth: Authorizer, record: Record_) => Promise<T>,
  ): Promise<T> {
    return runUseCase(this.deps, actor, work);
  }

  /** Work that only reads: no audit recorder, and on SQLite no write lock (docs/adr/0025-read-transactions.md). */
  private read<T>(actor: Caller, work: (tx: CatalogTx, auth: Authorizer) => Promise<T>): Promise<T> {
    return authorizedTransaction(this.deps.store, actor, work, { readOnly: true });
  }

  get<K extends EntityKind>(actor: Caller, kind: K, id: number): Promise<EntityByKind[K]> {
    return this.read(actor, async (tx, auth) => {
      const entity = await mustGet(tx, kind, id);
      await auth.require('read', `${kindLabel(kind)} ${id}`, () => modelOf(tx, kind, entity));
      return entity;
    });
  }

  create<K extends EntityKind>(actor: Caller, kind: K, input: CreateInput<K>): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const given: Draft<K> = input;
      await auth.require('write', `a new ${kindLabel(kind)}`, () =>
        kind === 'registeredModel' ? Promise.resolve(undefined) : modelOf(tx, kind, given),
      );
      const now = (await lockAggregate(tx, this.deps.clock, kind, given)) ?? txStart;
      const ctx = { tx, now, record, actor, newName: this.deps.newName };
      return createEntity(ctx, kind, { ...actorDefaults(kind, actor), ...given });
    });
  }

  update<K extends EntityKind>(
    actor: Caller,
    kind: K,
    id: number,
    changes: EntityChanges<K>,
  ): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, now, auth, record) => {
      const found = await mustGet(tx, kind, id);
      await auth.require('write', `${kindLabel(kind)} ${id}`, () => modelOf(tx, kind, found));
      const at = await lockAggregate(tx, this.deps.clock, kind, found);
      // What the change decides on (a version's state, say) is read again under the lock.
      const current = at === undefined ? found : await mustGet(tx, kind, id);
      return updateEntity({ tx, now: at ?? now, record, actor }, kind, current, changes);
    });
  }

  /** A page of entities; a caller without global read sees only what it may, filtered in the query. */
  list<K extends EntityKind>(
    actor: Caller,
    kind: K,
    options: ListOptions,
    parent?: { kind: EntityKind; id: number },
  ) {
    return this.read(actor, async (tx, auth): Promise<Page<EntityByKind[K]>> => {
      const page = await tx.list(kind, { ...options, visibility: await auth.visibility() });
      if (parent !== undefined) {
        // Every child row refers to its parent by a foreign key, so a page with rows shows the
        // parent exists in the snapshot the page was read from; only an empty page checks. The
        // parent is read whole only when the caller's rights depend on its model.
        if (page.items.length === 0 && !(await tx.exists(parent.kind, parent.id))) {
          throw notFound(parent.kind, parent.id);
        }
        await auth.require('read', `${kindLabel(parent.kind)} ${parent.id}`, async () =>
          modelOf(tx, parent.kind, await mustGet(tx, parent.kind, parent.id)),
        );
      }
      return page;
    });
  }

  /** Exactly one entity by name (within `parentResourceId` for child kinds) or by externalId. */
  find<K extends EntityKind>(actor: Caller, kind: K, criteria: FindCriteria): Promise<EntityByKind[K]> {
    return this.read(actor, async (tx, auth) => {
      const match = await findMatch(tx, kind, criteria);
      // Only what the caller may read: another model's entity is as absent as a missing one.
      const query = { match, orderBy: 'ID', sortOrder: 'ASC', pageSize: 2 } as const;
      const found = (await tx.list(kind, { ...query, visibility: await auth.visibility() })).items;
      const described = Object.entries(criteria)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      if (found.length > 1) {
        throw new InputError(
          `${KIND_LABEL[kind].code}_AMBIGUOUS`,
          `more than one ${kindLabel(kind)} matches ${described}; add parentResourceId or use externalId`,
        );
      }
      const [entity] = found;
      if (entity === undefined) {
        throw new NotFoundError(
          `${KIND_LABEL[kind].code}_NOT_FOUND`,
          `no ${kindLabel(kind)} matches ${described}`,
        );
      }
      await auth.require('read', `${kindLabel(kind)} ${entity.id}`, () => modelOf(tx, kind, entity));
      return entity;
    });
  }

  /**
   * Creates an artifact under a model version or run, or updates one: by `id` when given,
   * else by name for metrics and parameters (logging a value again). A metric logged to a
   * run is also appended to the run's metric history.
   */
  upsertArtifact(
    actor: Caller,
    parent: ArtifactParent,
    input: CreateInput<'artifact'> & { id?: number | undefined },
  ): Promise<{ artifact: Artifact; created: boolean }> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const owner = await parentOfArtifacts(tx, parent);
      await auth.require('write', `the artifacts of ${kindLabel(parent.kind)} ${parent.id}`, () =>
        modelOf(tx, parent.kind, owner),
      );
      const now = (await lockAggregate(tx, this.deps.clock, parent.kind, owner)) ?? txStart;
      return upsertArtifactIn({ tx, now, record, actor, newName: this.deps.newName }, parent, input);
    });
  }

  /** The registered model an inference service serves. */
  inferenceServiceModel(actor: Caller, id: number) {
    return this.read(actor, async (tx, auth) => {
      const service = await mustGet(tx, 'inferenceService', id);
      const model = await mustGet(tx, 'registeredModel', service.registeredModelId);
      await auth.require('read', `inference service ${id}`, model);
      return model;
    });
  }

  /** The pinned version of an inference service, or the newest version of its model when none is pinned. */
  inferenceServiceVersion(actor: Caller, id: number): Promise<ModelVersion> {
    return this.read(actor, async (tx, auth) => {
      const service = await mustGet(tx, 'inferenceService', id);
      await auth.require('read', `inference service ${id}`, () => modelOf(tx, 'inferenceService', service));
      if (service.modelVersionId !== undefined) return mustGet(tx, 'modelVersion', service.modelVersionId);
      const page = await tx.list('modelVersion', {
        match: { registeredModelId: service.registeredModelId },
        orderBy: 'CREATE_TIME',
        sortOrder: 'DESC',
        pageSize: 1,
      });
      const [newest] = page.items;
      if (newest === undefined) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `inference service ${id} pins no version and registered model ${service.registeredModelId} has none`,
        );
      }
      return newest;
    });
  }

  /** Deletes an entity and what it owns; refuses while something else still refers to it. */
  remove(actor: Caller, kind: EntityKind, id: number): Promise<void> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const found = await mustGet(tx, kind, id);
      await auth.require('admin', `${kindLabel(kind)} ${id}`, () => modelOf(tx, kind, found));
      const at = await lockAggregate(tx, this.deps.clock, kind, found);
      const now = at ?? txStart;
      const entity = at === undefined ? found : await mustGet(tx, kind, id);
      await removeEntities({ tx, now, actorName: actor.subject }, kind, [id]);
      await record('delete', kind, id, { before: entity });
      await touchParents(tx, kind, snapshotOf(kind, entity), now);
    });
  }
}

/** The exact-match conditions of a find: name or externalId, type, and the parent resource. */
async function findMatch(tx: CatalogTx, kind: EntityKind, criteria: FindCriteria): Promise<FieldMatch> {
  const { name, externalId, parentResourceId, artifactType } = criteria;
  if (name === undefined && externalId === undefined) {
    throw new InputError(
      'FIND_CRITERIA_MISSING',
      `finding a ${kindLabel(kind)} needs a name or an externalId`,
    );
  }
  let parentField: FieldMatch = {};
  if (parentResourceId !== undefined) {
    if (kind === 'artifact') {
      const field = (await tx.exists('modelVersion', parentResourceId))
        ? 'modelVersionId'
        : 'experimentRunId';
      parentField = { [field]: parentResourceId };
    } else {
      const parent = ENTITY_KIND_RULES[kind].parent;
      if (parent === undefined) {
        throw new InputError('FIND_PARENT_UNSUPPORTED', `a ${kindLabel(kind)} has no parent resource`);
      }
      parentField = { [parent.field]: parentResourceId };
    }
  }
  const rest = {
    ...(externalId === undefined ? {} : { externalId }),
    ...(artifactType === undefined ? {} : { artifactType }),
    ...parentField,
  };
  // `@champion` within a model names the version its alias points at.
  if (kind === 'modelVersion' && name?.startsWith('@') === true && parentResourceId !== undefined) {
    const alias = await tx.getAlias(parentResourceId, checkAlias(name.slice(1)));
    return { ...rest, id: alias?.modelVersionId ?? 0 };
  }
  return { ...(name === undefined ? {} : { name }), ...rest };
}
