import { sql, type Insertable, type Updateable } from 'kysely';
import type { CustomProperties } from '../../../domain/custom-properties.js';
import {
  KIND_LABEL,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type NewEntity,
} from '../../../domain/entities.js';
import type { Page } from '../../../domain/pagination.js';
import { versionSortKey } from '../../../domain/semver.js';
import type {
  CatalogRepository,
  FieldMatch,
  ListQuery,
  ModelHead,
} from '../../../ports/catalog-repository.js';
import type { ContentReferences } from '../../../ports/content-repository.js';
import type { EntityTable, EntityTables } from '../database.js';
import {
  ID_CHUNK,
  guardWrite,
  holdModel,
  insertRowReturningId,
  lockModel,
  slices,
  type SqlContext,
} from '../shared/sql-context.js';
import { fixed, runCompiled } from '../shared/compiled-statement.js';
import { insertPlainRows } from '../shared/plain-insert.js';
import { listEntities } from './entity-list.js';
import { EntityProperties } from './entity-properties.js';
import { applyStageDeltas, StageDeltas } from './version-rollup.js';
import {
  CONTEXT_KINDS,
  TABLE,
  artifactNameScope,
  columnOf,
  entityToColumns,
  parameterNumber,
  rowToEntity,
  type ArtifactParameter,
  type ArtifactPlacement,
  type EntityColumns,
  type EntityRow,
} from './entity-rows.js';

/** Where a name must be unique, for conflict messages. */
const NAME_SCOPE: Partial<Record<EntityKind, (columns: EntityColumns) => string>> = {
  modelVersion: (columns) => ` in registered model ${String(columns.get('registered_model_id'))}`,
  experimentRun: (columns) => ` in experiment ${String(columns.get('experiment_id'))}`,
  inferenceService: (columns) => ` in serving environment ${String(columns.get('serving_environment_id'))}`,
  serveModel: (columns) => ` in inference service ${String(columns.get('inference_service_id'))}`,
  artifact: (columns) => {
    const scope = String(columns.get('name_scope') ?? 'top');
    if (scope === 'top') return ' among artifacts attached to nothing';
    const [what, id] = scope.split(':');
    return ` in ${what === 'version' ? 'model version' : 'experiment run'} ${String(id)}`;
  },
};

/** A row to insert into, or the changes to an, entity table: built from the kind's field table. */
type EntityInsert = Insertable<EntityTables[EntityTable]>;
type EntityUpdate = Updateable<EntityTables[EntityTable]>;

function tableOf(kind: EntityKind): EntityTable {
  return TABLE[kind];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Models, versions, artifacts and the Kubeflow entities by generic CRUD over their field tables. */
export class SqlCatalogRepository implements CatalogRepository {
  private readonly properties: EntityProperties;
  /** The model of each version this transaction looked up or created. */
  private readonly versionModels = new Map<number, number>();
  /**
   * Versions that exist until this transaction ends: those it created (no other transaction can
   * delete a row before it is committed) and, where it holds every lock from its BEGIN, those it read.
   */
  private readonly versionsHeld = new Set<number>();
  /**
   * The `last_update_time` this transaction wrote into entity rows, by table and id: no other
   * transaction can change a row this one wrote until it ends.
   */
  private readonly updatedAt = new Map<string, number>();

  constructor(
    private readonly ctx: SqlContext,
    private readonly content: Pick<ContentReferences, 'deleteContentOf'>,
  ) {
    this.properties = new EntityProperties(ctx);
  }

  async insert<K extends EntityKind>(kind: K, entity: NewEntity<K>, now: number): Promise<EntityByKind[K]> {
    const columns = entityToColumns(kind, entity);
    columns.set('create_time', now);
    columns.set('last_update_time', now);
    if (kind === 'artifact') {
      columns.set('name_scope', artifactNameScope(entity as ArtifactPlacement));
      columns.set('parameter_number', parameterNumber(entity as ArtifactParameter));
    }
    if (kind === 'modelVersion') columns.set('version_sort_key', versionSortKey(String(columns.get('name'))));
    // The id from the shared sequence: where the engine's WITH may write, in the row's insert.
    if (CONTEXT_KINDS.has(kind) && this.ctx.dialect.supportsWritableCte !== true) {
      columns.set('id', await insertRowReturningId(this.ctx, 'context_id', { kind: TABLE[kind] }));
    }
    const inserted = await this.guard(kind, columns, () => this.insertRow(kind, columns));
    const id = Number(inserted.id);
    this.updatedAt.set(`${TABLE[kind]} ${id}`, now);
    const { customProperties } = entity as { customProperties?: CustomProperties };
    const written = await this.properties.write(TABLE[kind], id, customProperties);
    // Where the inserts returned the stored rows (RETURNING), they are not read again.
    const created =
      inserted.row === undefined
        ? await this.get(kind, id)
        : written === undefined
          ? (await this.properties.attach(kind, [inserted.row]))[0]
          : rowToEntity(kind, inserted.row, written);
    if (created === undefined) throw new Error(`inserted ${kind} ${id} is not readable`);
    if (kind === 'modelVersion') await this.versionCreated(id, columns, inserted.row);
    return created;
  }

  async update<K extends EntityKind>(
    kind: K,
    id: number,
    changes: EntityChanges<K>,
    now: number,
  ): Promise<EntityByKind[K]> {
    const table: EntityTable = TABLE[kind];
    // A model's owner or scheme may change here: what its lock read is read again when needed.
    if (kind === 'registeredModel') this.ctx.lockedModels.delete(id);
    const columns = entityToColumns(kind, changes);
    columns.set('last_update_time', now);
    const moves = kind === 'modelVersion' && (columns.has('stage') || columns.has('registered_model_id'));
    const before = moves ? await this.versionPlace(id) : undefined;
    if (kind === 'artifact' && ('modelVersionId' in changes || 'experimentRunId' in changes)) {
      const current = await this.get(kind, id);
      columns.set('name_scope', artifactNameScope({ ...current, ...(changes as ArtifactPlacement) }));
    }
    await this.guard(kind, columns, () =>
      this.ctx.db
        .updateTable(table)
        .set(Object.fromEntries(columns) as EntityUpdate)
        .where('id', '=', id)
        .execute(),
    );
    this.updatedAt.set(`${table} ${id}`, now);
    if (kind === 'artifact' && ('parameterValue' in changes || 'parameterType' in changes)) {
      const current = await this.get('artifact', id);
      await this.ctx.db
        .updateTable('artifact')
        .set({ parameter_number: parameterNumber({ ...current }) })
        .where('id', '=', id)
        .execute();
    }
    const { customProperties } = changes as { customProperties?: CustomProperties | null };
    if (customProperties !== undefined) {
      await this.properties.deleteOne(table, id);
      await this.properties.write(table, id, customProperties ?? {});
    }
    if (before !== undefined) await this.rollupVersionWrite(id, before);
    const updated = await this.get(kind, id);
    if (updated === undefined) throw new Error(`updated ${kind} ${id} is not readable`);
    return updated;
  }

  async get<K extends EntityKind>(kind: K, id: number): Promise<EntityByKind[K] | undefined> {
    const table = tableOf(kind);
    const { rows } = await runCompiled(this.ctx, `get ${table}`, [id], () =>
      this.ctx.db.selectFrom(table).selectAll().where('id', '=', id),
    );
    return (await this.properties.attach(kind, rows))[0];
  }

  async modelHead(id: number): Promise<ModelHead | undefined> {
    const locked = this.ctx.lockedModels.get(id);
    if (locked !== undefined)
      return { id, owner: locked.owner ?? undefined, versionScheme: locked.version_scheme };
    const [row] = (
      await runCompiled(this.ctx, 'model head', [id], () =>
        this.ctx.db
          .selectFrom('registered_model')
          .select(['id', 'owner', 'version_scheme'])
          .where('id', '=', id),
      )
    ).rows;
    if (row === undefined) return undefined;
    this.readUnderLock(row);
    return { id: Number(row.id), owner: row.owner ?? undefined, versionScheme: String(row.version_scheme) };
  }

  /** A model read where the transaction holds every lock: the model's lock need not read it again. */
  private readUnderLock(row: { id: unknown; owner?: unknown; version_scheme?: unknown }): void {
    if (this.ctx.dialect.lockedFromBegin) holdModel(this.ctx, Number(row.id), row);
  }

  async modelIdOfVersion(versionId: number, lock = false): Promise<number | undefined> {
    // A version's model never changes (it is fixed at creation): one read per transaction.
    const known = this.versionModels.get(versionId);
    if (known !== undefined) return lock && !(await lockModel(this.ctx, known)) ? undefined : known;
    // Where the engine can, the model's lock is taken in the same read.
    const { lockedFromBegin, locksOneTableOfJoin } = this.ctx.dialect;
    if (lock && (lockedFromBegin || locksOneTableOfJoin === true)) return this.lockModelOfVersion(versionId);
    const [row] = (
      await runCompiled(this.ctx, 'model of version', [versionId], () =>
        this.ctx.db.selectFrom('model_version').select('registered_model_id').where('id', '=', versionId),
      )
    ).rows;
    if (row === undefined) return undefined;
    const modelId = this.versionFound(versionId, row.registered_model_id);
    // The model is gone (deleted with its versions since the read): so is the version.
    return lock && !(await lockModel(this.ctx, modelId)) ? undefined : modelId;
  }

  /**
   * A version's model and that model's lock in one read (one round trip instead of two): the
   * model's row is locked (FOR UPDATE OF it alone), or, on SQLite, held since BEGIN.
   */
  private async lockModelOfVersion(versionId: number): Promise<number | undefined> {
    const [row] = (
      await runCompiled(this.ctx, 'lock model of version', [versionId], () => {
        const query = this.ctx.db
          .selectFrom('model_version')
          .innerJoin('registered_model', 'registered_model.id', 'model_version.registered_model_id')
          .select(['registered_model.id', 'registered_model.owner', 'registered_model.version_scheme'])
          .where('model_version.id', '=', versionId);
        return this.ctx.dialect.lockedFromBegin ? query : query.forUpdate('registered_model');
      })
    ).rows;
    if (row === undefined) return undefined;
    const modelId = this.versionFound(versionId, row.id);
    holdModel(this.ctx, modelId, row);
    return modelId;
  }

  /** Keeps what this transaction found of a version: its model (and, where it holds every lock, that it exists). */
  private versionFound(versionId: number, registeredModelId: unknown): number {
    const modelId = Number(registeredModelId);
    this.versionModels.set(versionId, modelId);
    if (this.ctx.dialect.lockedFromBegin) this.versionsHeld.add(versionId);
    return modelId;
  }

  async versionReferable(versionId: number): Promise<boolean> {
    // Found in this transaction: artifact.model_version_id's foreign key checks the rest, at the
    // write (every engine enforces it), under the model's lock, which a version's delete takes too.
    if (this.versionModels.has(versionId)) return true;
    return this.exists('modelVersion', versionId);
  }

  async exists(kind: EntityKind, id: number): Promise<boolean> {
    if (kind === 'registeredModel' && this.ctx.lockedModels.has(id)) return true;
    if (kind === 'modelVersion' && this.versionsHeld.has(id)) return true;
    const table = tableOf(kind);
    const { rows } = await runCompiled(this.ctx, `exists ${table}`, [id], () =>
      this.ctx.db.selectFrom(table).select('id').where('id', '=', id),
    );
    return rows.length > 0;
  }

  async modelToWrite(name: string): Promise<EntityByKind['registeredModel'] | undefined> {
    if (this.ctx.dialect.locksFoundRowsOnly !== true)
      return (await this.findAll('registeredModel', { name }, 1))[0];
    const [row] = (
      await runCompiled(this.ctx, 'model to write by name', [name, fixed(1)], () =>
        this.ctx.db
          .selectFrom('registered_model')
          .selectAll()
          .where('name', '=', name)
          .orderBy('id')
          .limit(1)
          .forUpdate(),
      )
    ).rows;
    if (row === undefined) return undefined;
    // Locked by this read: the model's lock (lockModel) reads nothing more.
    holdModel(this.ctx, Number(row.id), row);
    return (await this.properties.attach('registeredModel', [row]))[0];
  }

  async findAll<K extends EntityKind>(
    kind: K,
    match: FieldMatch,
    limit: number,
  ): Promise<readonly EntityByKind[K][]> {
    const table = tableOf(kind);
    const fields = Object.entries(match);
    // The SQL depends on the fields and on which of them are NULL; the other values are bound.
    const key = `find ${table} ${fields.map(([field, value]) => (value === null ? `${field}:null` : field)).join()}`;
    const values = [...fields.flatMap(([, value]) => (value === null ? [] : [value])), fixed(limit)];
    const { rows } = await runCompiled(this.ctx, key, values, () => {
      const { ref } = this.ctx.db.dynamic;
      let query = this.ctx.db.selectFrom(table).selectAll();
      for (const [field, value] of fields) {
        const column = ref(columnOf(field));
        query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
      }
      return query.orderBy('id').limit(limit);
    });
    if (kind === 'registeredModel') for (const row of rows) this.readUnderLock(row);
    return this.properties.attach(kind, rows);
  }

  list<K extends EntityKind>(kind: K, query: ListQuery): Promise<Page<EntityByKind[K]>> {
    return listEntities(this.ctx, this.properties, kind, query);
  }

  async ids(kind: EntityKind, match: FieldMatch): Promise<readonly number[]> {
    const { ref } = this.ctx.db.dynamic;
    let query = this.ctx.db.selectFrom(tableOf(kind)).select('id');
    for (const [field, value] of Object.entries(match)) {
      const column = ref(columnOf(field));
      query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
    }
    const rows = await query.execute();
    return rows.map((row) => Number(row.id));
  }

  async delete(kind: EntityKind, ids: readonly number[]): Promise<void> {
    const table = tableOf(kind);
    if (kind === 'registeredModel') for (const id of ids) this.ctx.lockedModels.delete(id);
    if (kind === 'modelVersion') {
      for (const id of ids) {
        this.versionsHeld.delete(id);
        this.versionModels.delete(id);
      }
    }
    for (const chunk of slices(ids, ID_CHUNK)) {
      await this.properties.deleteOf(table, chunk);
      const lost = new StageDeltas();
      if (kind === 'modelVersion') {
        const rows = await this.ctx.db
          .selectFrom('model_version')
          .select(['registered_model_id', 'stage', (eb) => eb.fn.countAll().as('n')])
          .where('id', 'in', chunk)
          .groupBy(['registered_model_id', 'stage'])
          .execute();
        for (const row of rows) lost.add(Number(row.registered_model_id), row.stage, -Number(row.n));
      }
      await this.guard(kind, new Map(), () =>
        this.ctx.db.deleteFrom(table).where('id', 'in', chunk).execute(),
      );
      await applyStageDeltas(this.ctx, lost);
    }
  }

  async touch(kind: EntityKind, id: number, now: number): Promise<void> {
    const row = `${tableOf(kind)} ${id}`;
    // Written at `now` or later by this transaction already (a registration touches the model
    // once per entity it creates): the update would change nothing.
    if ((this.updatedAt.get(row) ?? -Infinity) >= now) return;
    const table = tableOf(kind);
    const result = await runCompiled(
      this.ctx,
      `touch ${table}`,
      [now, id, now],
      () =>
        this.ctx.db
          .updateTable(table)
          .set({ last_update_time: now })
          .where('id', '=', id)
          .where('last_update_time', '<', now),
      'later',
    );
    // Only a row it wrote is this transaction's until it ends (one it left alone is not locked);
    // a touch answered later tells neither, and the next touch of the row is sent again. But a
    // model whose lock it holds (ADR 15) keeps a time of at least `now` from here to its end.
    const held = kind === 'registeredModel' && this.ctx.lockedModels.has(id);
    if (held || Number(result.numAffectedRows ?? 0) > 0) this.updatedAt.set(row, now);
  }

  lockModel(registeredModelId: number): Promise<boolean> {
    return lockModel(this.ctx, registeredModelId);
  }

  async deleteVersionRecords(modelVersionIds: readonly number[]): Promise<void> {
    const db = this.ctx.db;
    for (const chunk of slices(modelVersionIds, ID_CHUNK)) {
      await db.deleteFrom('stage_transition').where('model_version_id', 'in', chunk).execute();
      await db.deleteFrom('approval').where('model_version_id', 'in', chunk).execute();
      await db.deleteFrom('version_lineage').where('model_version_id', 'in', chunk).execute();
      // A deleted parent leaves its children without that link; the audit trail keeps the delete.
      await db
        .deleteFrom('version_parent')
        .where((eb) => eb.or([eb('model_version_id', 'in', chunk), eb('parent_version_id', 'in', chunk)]))
        .execute();
    }
    await this.content.deleteContentOf(modelVersionIds);
  }

  async deleteModelRecords(registeredModelIds: readonly number[]): Promise<void> {
    const db = this.ctx.db;
    for (const chunk of slices(registeredModelIds, ID_CHUNK)) {
      await db.deleteFrom('promotion_policy').where('registered_model_id', 'in', chunk).execute();
      await db.deleteFrom('metric_goal').where('registered_model_id', 'in', chunk).execute();
      await db.deleteFrom('access_grant').where('registered_model_id', 'in', chunk).execute();
      // A token for a model that is gone could never be used again; its row would also block the delete.
      await db.deleteFrom('api_token').where('registered_model_id', 'in', chunk).execute();
    }
  }

  /** Where a version is: its model and its stage. */
  private async versionPlace(id: number): Promise<{ modelId: number; stage: string } | undefined> {
    const [row] = (
      await runCompiled(this.ctx, 'version place', [id], () =>
        this.ctx.db.selectFrom('model_version').select(['registered_model_id', 'stage']).where('id', '=', id),
      )
    ).rows;
    return row === undefined ? undefined : { modelId: Number(row.registered_model_id), stage: row.stage };
  }

  /** What this transaction knows of a version it created; the model's version summary follows it. */
  private async versionCreated(id: number, columns: EntityColumns, row: EntityRow | undefined) {
    const modelId = Number(columns.get('registered_model_id'));
    this.versionModels.set(id, modelId);
    this.versionsHeld.add(id);
    const stage = row === undefined ? undefined : (row as { stage?: unknown }).stage;
    // Where the insert returned the row, its stage (given or the column's default) is known.
    const place = typeof stage === 'string' ? { modelId, stage } : undefined;
    await this.rollupVersionWrite(id, undefined, place);
  }

  /** Keeps the models' version summaries in step with a version written (migration 0019). */
  private async rollupVersionWrite(
    id: number,
    before: { modelId: number; stage: string } | undefined,
    known?: { modelId: number; stage: string },
  ) {
    const after = known ?? (await this.versionPlace(id));
    if (after === undefined) return;
    if (before?.modelId === after.modelId && before.stage === after.stage) return;
    const deltas = new StageDeltas().add(after.modelId, after.stage, 1);
    if (before !== undefined) deltas.add(before.modelId, before.stage, -1);
    await applyStageDeltas(this.ctx, deltas);
  }

  /** Inserts an entity row; its id is the one given (a context kind's) or the generated one. */
  /**
   * Inserts the row: its id (a context kind's from the sequence, in the same statement where the
   * engine's WITH may write), and the row as stored where the engine returns it (RETURNING).
   */
  private async insertRow(
    kind: EntityKind,
    columns: EntityColumns,
  ): Promise<{ id: number; row?: EntityRow | undefined }> {
    const values = Object.fromEntries(columns) as EntityInsert;
    if (CONTEXT_KINDS.has(kind) && this.ctx.dialect.supportsWritableCte === true) {
      // Bound: the context's kind, then the columns given (the id is the sequence's, in SQL).
      const given = [...columns].filter(([column, value]) => column !== 'id' && value !== undefined);
      const key = `insert ${tableOf(kind)} with context id ${given.map(([column]) => column).join()}`;
      const bound = [TABLE[kind], ...given.map(([, value]) => value)];
      const [row] = (
        await runCompiled(this.ctx, key, bound, () =>
          this.ctx.db
            .with('context', (qc) =>
              qc.insertInto('context_id').values({ kind: TABLE[kind] }).returning('id'),
            )
            .insertInto(tableOf(kind))
            .values({ ...values, id: sql<number>`(select id from ${sql.table('context')})` })
            .returningAll(),
        )
      ).rows;
      if (row === undefined) throw new Error(`the insert into ${tableOf(kind)} returned no row`);
      return { id: Number(row.id), row };
    }
    const returning = this.ctx.dialect.supportsReturning;
    const result = await insertPlainRows(this.ctx, tableOf(kind), [values], returning ? 'all' : 'nothing');
    if (returning) {
      const row = result.rows[0] as EntityRow | undefined;
      if (row === undefined) throw new Error(`the insert into ${tableOf(kind)} returned no row`);
      return { id: Number(row.id), row };
    }
    const given = columns.get('id');
    return { id: typeof given === 'number' ? given : Number(result.insertId) };
  }

  /** Runs a write, turning a driver's constraint violation into a ConflictError that names the field. */
  private guard<T>(kind: EntityKind, columns: EntityColumns, write: () => Promise<T>): Promise<T> {
    const naming = {
      ...KIND_LABEL[kind],
      name: text(columns.get('name')),
      externalId: text(columns.get('external_id')),
      scope: NAME_SCOPE[kind]?.(columns) ?? '',
    };
    return guardWrite(this.ctx, naming, write);
  }
}
