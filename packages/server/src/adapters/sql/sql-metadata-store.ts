import { sql, type JoinBuilder as KyselyJoinBuilder, type Kysely, type Transaction } from 'kysely';
import type { CustomProperties } from '../../domain/custom-properties.js';
import {
  KIND_LABEL,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type NewEntity,
} from '../../domain/entities.js';
import type { ApiToken, Grant } from '../../domain/access-control.js';
import type {
  AliasMove,
  Approval,
  DeploymentEvent,
  ModelAlias,
  PromotionPolicy,
  Stage,
  StageTransition,
} from '../../domain/lifecycle.js';
import { auditHashInput, type AuditEvent, type AuditQuery, type NewAuditEvent } from '../../domain/audit.js';
import { ConflictError } from '../../domain/errors.js';
import type { MetricGoal, ParentLink, VersionLineage } from '../../domain/lineage.js';
import { versionSortKey } from '../../domain/semver.js';
import { orderTerm, type Cursor, type OrderField, type Page } from '../../domain/pagination.js';
import type {
  FieldMatch,
  ListQuery,
  StoredMetricGoal,
  MetadataStore,
  MetadataTransaction,
  ModelVisibility,
  NewApiToken,
  SyncReportRow,
} from '../../ports/metadata-store.js';
import type { NameSource, VersionSummary } from '../../ports/browse-queries.js';
import { distinctNames, versionSummaries } from './browse-queries.js';
import { SqlIntegrityQueries } from './integrity-queries.js';
import type { PoolUsage, QueryObserver, SqlDialect } from './dialects/sql-dialect.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import {
  CONTEXT_KINDS,
  TABLE,
  artifactNameScope,
  parameterNumber,
  columnOf,
  entityToColumns,
  propertyToRow,
  rowToEntity,
  rowToAudit,
  rowToGrant,
  rowToProperty,
  rowToAlias,
  rowToApproval,
  rowToPolicy,
  rowToDeployment,
  rowToAliasMove,
  rowToToken,
  rowToTransition,
  type Row,
} from './entity-rows.js';
import {
  columnComparison,
  filterToSql,
  requiredMetricTerms,
  orderTermConditions,
  visibleRows,
  withoutOrderTermConditions,
} from './filter-to-sql.js';
import { rowToManifestFile, rowToUpload, rowToUploadFile } from './file-rows.js';
import { versionsWithMetric } from './search-terms-to-sql.js';
import type { Manifest, ManifestFile, Upload, UploadFile, UploadState } from '../../domain/model-files.js';
import { migrateToLatest, schemaIsDirty } from './migrator.js';
import { parameterChunks } from './parameter-chunks.js';

// Kysely<any>: tables are addressed by name at run time from the entity field tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any> | Transaction<any>;

function tableOf(kind: EntityKind): string {
  return TABLE[kind];
}

const ORDER_COLUMN = {
  ID: 'id',
  CREATE_TIME: 'create_time',
  LAST_UPDATE_TIME: 'last_update_time',
  NAME: 'name',
  VERSION: 'version_sort_key',
} as const;

type GuardedKind = EntityKind | 'apiToken' | 'accessGrant';

/** Labels of the stored things that are not registry entities. */
const OTHER_LABEL = {
  apiToken: { label: 'API token', code: 'API_TOKEN' },
  accessGrant: { label: 'grant', code: 'GRANT' },
} as const;

/** Where a name must be unique, for conflict messages. */
const NAME_SCOPE: Partial<Record<EntityKind, (row: Row) => string>> = {
  modelVersion: (row) => ` in registered model ${String(row['registered_model_id'])}`,
  experimentRun: (row) => ` in experiment ${String(row['experiment_id'])}`,
  inferenceService: (row) => ` in serving environment ${String(row['serving_environment_id'])}`,
  serveModel: (row) => ` in inference service ${String(row['inference_service_id'])}`,
  artifact: (row) => {
    const scope = String(row['name_scope'] ?? 'top');
    if (scope === 'top') return ' among artifacts attached to nothing';
    const [what, id] = scope.split(':');
    return ` in ${what === 'version' ? 'model version' : 'experiment run'} ${String(id)}`;
  },
};

const MAX_ATTEMPTS = 5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are addressed by name at run time
type JoinBuilder = KyselyJoinBuilder<any, any>;

function rowToLineage(row: Row): VersionLineage {
  const text = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
  return {
    modelVersionId: Number(row['model_version_id']),
    codeRepository: text(row['code_repository']),
    codeCommit: text(row['code_commit']),
    codePath: text(row['code_path']),
    experimentRunId: row['experiment_run_id'] === null ? undefined : Number(row['experiment_run_id']),
  };
}

function rowToParentLink(row: Row): ParentLink {
  return {
    modelVersionId: Number(row['model_version_id']),
    parentVersionId: Number(row['parent_version_id']),
    relation: String(row['relation']) as ParentLink['relation'],
    createTimeSinceEpoch: Number(row['create_time']),
  };
}

/** Properties are read for a page in chunks, so an IN list stays within every engine's parameter limit. */
const PROPERTY_CHUNK = 500;
/** A metric term that at most this many values satisfy drives a version query from the metric index. */
const SELECTIVE_ROWS = 1000;
/** Rows per multi-row insert of upload and manifest files (12 columns: within every engine's parameter limit). */
const FILE_ROW_CHUNK = 400;

class SqlMetadataTransaction implements MetadataTransaction {
  readonly integrity: SqlIntegrityQueries;

  constructor(
    private readonly db: Db,
    private readonly dialect: SqlDialect,
  ) {
    this.integrity = new SqlIntegrityQueries(db, dialect);
  }

  async insert<K extends EntityKind>(kind: K, entity: NewEntity<K>, now: number): Promise<EntityByKind[K]> {
    const fields = entity as unknown as Record<string, unknown>;
    const row = entityToColumns(kind, fields);
    row['create_time'] = now;
    row['last_update_time'] = now;
    if (kind === 'artifact') {
      row['name_scope'] = artifactNameScope(fields);
      row['parameter_number'] = parameterNumber(fields);
    }
    if (kind === 'modelVersion') row['version_sort_key'] = versionSortKey(String(fields['name']));
    if (CONTEXT_KINDS.has(kind))
      row['id'] = await this.insertReturningId('context_id', { kind: tableOf(kind) });
    const id = await this.guard(kind, () => this.insertReturningId(tableOf(kind), row), row);
    await this.writeProperties(
      kind,
      id,
      (entity as { customProperties?: CustomProperties }).customProperties,
    );
    const created = await this.get(kind, id);
    if (created === undefined) throw new Error(`inserted ${kind} ${id} is not readable`);
    return created;
  }

  async update<K extends EntityKind>(
    kind: K,
    id: number,
    changes: EntityChanges<K>,
    now: number,
  ): Promise<EntityByKind[K]> {
    const fields = changes as Record<string, unknown>;
    const row = entityToColumns(kind, fields);
    row['last_update_time'] = now;
    if (kind === 'artifact' && ('modelVersionId' in fields || 'experimentRunId' in fields)) {
      const current = await this.get(kind, id);
      row['name_scope'] = artifactNameScope({ ...current, ...fields });
    }
    await this.guard(
      kind,
      () => this.db.updateTable(tableOf(kind)).set(row).where('id', '=', id).execute(),
      row,
    );
    if (kind === 'artifact' && ('parameterValue' in fields || 'parameterType' in fields)) {
      const current = await this.get(kind, id);
      await this.db
        .updateTable('artifact')
        .set({ parameter_number: parameterNumber({ ...current }) })
        .where('id', '=', id)
        .execute();
    }
    const properties = fields['customProperties'];
    if (properties !== undefined) {
      await this.db
        .deleteFrom('custom_property')
        .where('owner_kind', '=', tableOf(kind))
        .where('owner_id', '=', id)
        .execute();
      await this.writeProperties(kind, id, (properties ?? {}) as CustomProperties);
    }
    const updated = await this.get(kind, id);
    if (updated === undefined) throw new Error(`updated ${kind} ${id} is not readable`);
    return updated;
  }

  async get<K extends EntityKind>(kind: K, id: number): Promise<EntityByKind[K] | undefined> {
    const rows = await this.db.selectFrom(tableOf(kind)).selectAll().where('id', '=', id).execute();
    return (await this.withProperties(kind, rows))[0];
  }

  async exists(kind: EntityKind, id: number): Promise<boolean> {
    const row = await this.db.selectFrom(tableOf(kind)).select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async findAll<K extends EntityKind>(
    kind: K,
    match: FieldMatch,
    limit: number,
  ): Promise<readonly EntityByKind[K][]> {
    let query = this.db.selectFrom(tableOf(kind)).selectAll();
    for (const [field, value] of Object.entries(match)) {
      query =
        value === null ? query.where(columnOf(field), 'is', null) : query.where(columnOf(field), '=', value);
    }
    const rows = await query.orderBy('id').limit(limit).execute();
    return this.withProperties(kind, rows);
  }

  /**
   * The required metric terms of a version filter that at most SELECTIVE_ROWS metric values satisfy,
   * counted with a bounded walk of the metric index (cheap: it stops at SELECTIVE_ROWS + 1). Such a
   * term is compiled to drive the query from the index; a common one stays a per-version test, which
   * a page in id order finds quickly (ADR 9). The engines' planners cannot tell the two apart:
   * SQLite keeps no histogram of metric values.
   */
  private async selectiveMetricTerms(filter: ResolvedFilter | undefined): Promise<Set<ResolvedFilter>> {
    const selective = new Set<ResolvedFilter>();
    const compare = columnComparison(this.dialect);
    for (const term of requiredMetricTerms(filter)) {
      const row = await this.db
        .selectFrom((eb) =>
          versionsWithMetric(eb, term, compare)
            .limit(SELECTIVE_ROWS + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      if (Number(row?.['n'] ?? 0) <= SELECTIVE_ROWS) selective.add(term);
    }
    return selective;
  }

  async list<K extends EntityKind>(kind: K, q: ListQuery): Promise<Page<EntityByKind[K]>> {
    const table = tableOf(kind);
    const term = orderTerm(q.orderBy);
    const direction = q.sortOrder === 'DESC' ? 'desc' : 'asc';
    const beyond = direction === 'asc' ? '>' : '<';
    let query = this.db.selectFrom(table).selectAll(table);
    for (const [field, value] of Object.entries(q.match ?? {})) {
      const column = `${table}.${columnOf(field)}`;
      query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
    }
    // Conditions on the value a list is ordered by are enforced on the ordering join below; testing
    // them again in the filter would cost an EXISTS lookup per candidate row.
    const demanded = term === undefined ? [] : orderTermConditions(q.filter, term);
    const filter =
      term === undefined || demanded.length === 0 ? q.filter : withoutOrderTermConditions(q.filter, term);
    const selective =
      term === undefined && table === 'model_version' ? await this.selectiveMetricTerms(filter) : undefined;
    if (filter !== undefined)
      query = query.where((eb) => filterToSql(eb, filter, table, this.dialect, { selective }));
    const visibility = q.visibility;
    if (visibility !== undefined) query = query.where((eb) => visibleRows(eb, kind, table, visibility));
    const after = q.after;
    let orderColumn: string;
    if (term !== undefined) {
      // Ordered by a metric's value or a parameter's number, joined from the version's artifact.
      // When the filter already demands that value, an inner join lets the engine walk the
      // (type, name, value, version) index in order; otherwise versions without it come last.
      const type = term.kind === 'metric' ? 'metric' : 'parameter';
      const valueColumn = term.kind === 'metric' ? 'ord.metric_value' : 'ord.parameter_number';
      const join = (builder: JoinBuilder) =>
        builder
          .onRef('ord.model_version_id', '=', `${table}.id`)
          .on('ord.artifact_type', '=', type)
          .on('ord.name', '=', term.name);
      query =
        demanded.length > 0
          ? query.innerJoin('artifact as ord', join)
          : query.leftJoin('artifact as ord', join);
      query = query.select(sql.ref(valueColumn).as('order_value'));
      const compare = columnComparison(this.dialect);
      for (const condition of demanded) {
        query = query.where(compare(sql.ref(valueColumn), condition.operator, condition.values));
      }
      const tie = demanded.length > 0 ? 'ord.model_version_id' : `${table}.id`;
      if (after !== undefined) {
        query = query.where((eb) =>
          after.value === null
            ? eb.and([eb(valueColumn, 'is', null), eb(tie, beyond, after.id)])
            : eb.or([
                eb(valueColumn, beyond, after.value),
                eb.and([eb(valueColumn, '=', after.value), eb(tie, beyond, after.id)]),
                eb(valueColumn, 'is', null),
              ]),
        );
      }
      if (demanded.length === 0)
        query = query.orderBy(sql`case when ${sql.ref(valueColumn)} is null then 1 else 0 end`);
      query = query.orderBy(valueColumn, direction).orderBy(tie, direction);
      orderColumn = 'order_value';
    } else {
      orderColumn = ORDER_COLUMN[q.orderBy as OrderField];
      if (after !== undefined) {
        const column = `${table}.${orderColumn}`;
        query =
          orderColumn === 'id'
            ? query.where(`${table}.id`, beyond, after.id)
            : query.where((eb) =>
                eb.or([
                  eb(column, beyond, after.value),
                  eb.and([eb(column, '=', after.value), eb(`${table}.id`, beyond, after.id)]),
                ]),
              );
      }
      query = query.orderBy(`${table}.${orderColumn}`, direction);
      if (orderColumn !== 'id') query = query.orderBy(`${table}.id`, direction);
    }
    if (q.pageSize !== undefined) query = query.limit(q.pageSize + 1);
    const rows = await query.execute();
    const hasMore = q.pageSize !== undefined && rows.length > q.pageSize;
    const pageRows = hasMore ? rows.slice(0, q.pageSize) : rows;
    const items = await this.withProperties(kind, pageRows);
    const last = pageRows[pageRows.length - 1];
    let next: Cursor | undefined;
    if (hasMore && last !== undefined) {
      const value = last[orderColumn] as unknown;
      const textual = orderColumn === 'name' || orderColumn === 'version_sort_key';
      next = {
        value: value === null ? null : textual ? String(value) : Number(value),
        id: Number(last['id']),
      };
    }
    return { items, next };
  }

  async ids(kind: EntityKind, match: FieldMatch): Promise<readonly number[]> {
    let query = this.db.selectFrom(tableOf(kind)).select('id');
    for (const [field, value] of Object.entries(match)) {
      query =
        value === null ? query.where(columnOf(field), 'is', null) : query.where(columnOf(field), '=', value);
    }
    const rows = await query.execute();
    return rows.map((row) => Number(row['id']));
  }

  async delete(kind: EntityKind, ids: readonly number[]): Promise<void> {
    for (let start = 0; start < ids.length; start += PROPERTY_CHUNK) {
      const chunk = ids.slice(start, start + PROPERTY_CHUNK);
      await this.db
        .deleteFrom('custom_property')
        .where('owner_kind', '=', tableOf(kind))
        .where('owner_id', 'in', chunk)
        .execute();
      await this.guard(kind, () => this.db.deleteFrom(tableOf(kind)).where('id', 'in', chunk).execute());
    }
  }

  async touch(kind: EntityKind, id: number, now: number): Promise<void> {
    await this.db
      .updateTable(tableOf(kind))
      .set({ last_update_time: now })
      .where('id', '=', id)
      .where('last_update_time', '<', now)
      .execute();
  }

  async lockModel(registeredModelId: number): Promise<boolean> {
    // SQLite: the transaction began IMMEDIATE and holds the database's write lock already.
    let query = this.db.selectFrom('registered_model').select('id').where('id', '=', registeredModelId);
    if (this.dialect.name !== 'sqlite') query = query.forUpdate();
    return (await query.executeTakeFirst()) !== undefined;
  }

  /**
   * The sequence and time of the next row of a model's history: one past the last row, at `time`
   * or the last row's time if that is later (another replica's clock may run a little ahead).
   * The caller holds the model's lock, so no other writer appends to the model's histories now.
   */
  private async nextHistoryRow(
    table: 'stage_transition' | 'alias_history' | 'deployment_event',
    registeredModelId: number,
    time: number,
  ): Promise<{ seq: number; time: number }> {
    const last = await this.db
      .selectFrom(table)
      .select(['seq', 'create_time'])
      .where('registered_model_id', '=', registeredModelId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return last === undefined
      ? { seq: 1, time }
      : { seq: Number(last['seq']) + 1, time: Math.max(time, Number(last['create_time'])) };
  }

  versionSummaries(registeredModelIds: readonly number[]): Promise<readonly VersionSummary[]> {
    return versionSummaries(this.db, registeredModelIds);
  }

  distinctNames(
    source: NameSource,
    prefix: string,
    limit: number,
    visibility?: ModelVisibility,
  ): Promise<readonly string[]> {
    return distinctNames(this.db, source, prefix, limit, visibility);
  }

  async insertToken(token: NewApiToken): Promise<ApiToken> {
    const id = await this.guard(
      'apiToken',
      () =>
        this.insertReturningId('api_token', {
          name: token.name,
          subject: token.subject,
          role: token.role,
          registered_model_id: token.registeredModelId ?? null,
          secret_hash: token.secretHash,
          created_by: token.createdBy,
          create_time: token.createTimeSinceEpoch,
          expire_time: token.expireTimeSinceEpoch ?? null,
          revoke_time: null,
        }),
      { name: token.name },
    );
    const created = await this.getToken(id);
    if (created === undefined) throw new Error(`inserted token ${id} is not readable`);
    return created.token;
  }

  async getToken(id: number): Promise<{ token: ApiToken; secretHash: string } | undefined> {
    const row = await this.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : { token: rowToToken(row), secretHash: String(row['secret_hash']) };
  }

  async listTokens(): Promise<readonly ApiToken[]> {
    const rows = await this.db.selectFrom('api_token').selectAll().orderBy('id').execute();
    return rows.map(rowToToken);
  }

  async revokeToken(id: number, now: number): Promise<void> {
    await this.db
      .updateTable('api_token')
      .set({ revoke_time: now })
      .where('id', '=', id)
      .where('revoke_time', 'is', null)
      .execute();
  }

  async insertGrant(grant: Omit<Grant, 'id'>): Promise<Grant> {
    const row = {
      principal_type: grant.principalType,
      principal: grant.principal,
      role: grant.role,
      registered_model_id: grant.registeredModelId ?? 0,
      created_by: grant.createdBy,
      create_time: grant.createTimeSinceEpoch,
    };
    const id = await this.guard('accessGrant', () => this.insertReturningId('access_grant', row), {
      name: `${grant.principalType}:${grant.principal}`,
    });
    const created = await this.getGrant(id);
    if (created === undefined) throw new Error(`inserted grant ${id} is not readable`);
    return created;
  }

  async grantsFor(subject: string, groups: readonly string[]): Promise<readonly Grant[]> {
    const rows = await this.db
      .selectFrom('access_grant')
      .selectAll()
      .where('principal_type', '=', 'user')
      .where('principal', '=', subject)
      .execute();
    // A gateway or an identity provider may name thousands of groups.
    for (const chunk of parameterChunks([...new Set(groups)])) {
      rows.push(
        ...(await this.db
          .selectFrom('access_grant')
          .selectAll()
          .where('principal_type', '=', 'group')
          .where('principal', 'in', chunk)
          .execute()),
      );
    }
    rows.sort((a, b) => Number(a['id']) - Number(b['id']));
    return rows.map(rowToGrant);
  }

  async listGrants(registeredModelId?: number): Promise<readonly Grant[]> {
    let query = this.db.selectFrom('access_grant').selectAll();
    if (registeredModelId !== undefined) query = query.where('registered_model_id', '=', registeredModelId);
    return (await query.orderBy('id').execute()).map(rowToGrant);
  }

  async getGrant(id: number): Promise<Grant | undefined> {
    const row = await this.db.selectFrom('access_grant').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToGrant(row);
  }

  async deleteGrant(id: number): Promise<void> {
    await this.db.deleteFrom('access_grant').where('id', '=', id).execute();
  }

  async insertTransition(transition: Omit<StageTransition, 'id' | 'sequence'>): Promise<StageTransition> {
    const next = await this.nextHistoryRow(
      'stage_transition',
      transition.registeredModelId,
      transition.timeSinceEpoch,
    );
    const id = await this.insertReturningId('stage_transition', {
      model_version_id: transition.modelVersionId,
      registered_model_id: transition.registeredModelId,
      from_stage: transition.fromStage,
      to_stage: transition.toStage,
      actor: transition.actor,
      comment: transition.comment ?? null,
      create_time: next.time,
      seq: next.seq,
    });
    return { ...transition, id, sequence: next.seq, timeSinceEpoch: next.time };
  }

  async listTransitions(match: { modelVersionId?: number; registeredModelId?: number }) {
    let query = this.db.selectFrom('stage_transition').selectAll();
    if (match.modelVersionId !== undefined)
      query = query.where('model_version_id', '=', match.modelVersionId);
    if (match.registeredModelId !== undefined)
      query = query.where('registered_model_id', '=', match.registeredModelId);
    const rows = await query.orderBy('seq', 'desc').orderBy('id', 'desc').execute();
    return rows.map(rowToTransition);
  }

  async deleteVersionRecords(modelVersionIds: readonly number[]): Promise<void> {
    for (let start = 0; start < modelVersionIds.length; start += PROPERTY_CHUNK) {
      const chunk = modelVersionIds.slice(start, start + PROPERTY_CHUNK);
      await this.db.deleteFrom('stage_transition').where('model_version_id', 'in', chunk).execute();
      await this.db.deleteFrom('approval').where('model_version_id', 'in', chunk).execute();
      await this.db.deleteFrom('version_lineage').where('model_version_id', 'in', chunk).execute();
      // A deleted parent leaves its children without that link; the audit trail keeps the delete.
      await this.db
        .deleteFrom('version_parent')
        .where((eb) => eb.or([eb('model_version_id', 'in', chunk), eb('parent_version_id', 'in', chunk)]))
        .execute();
    }
    await this.deleteContentOf(modelVersionIds);
  }

  async setVersionLineage(lineage: VersionLineage): Promise<void> {
    const row = {
      code_repository: lineage.codeRepository ?? null,
      code_commit: lineage.codeCommit ?? null,
      code_path: lineage.codePath ?? null,
      experiment_run_id: lineage.experimentRunId ?? null,
    };
    const updated = await this.db
      .updateTable('version_lineage')
      .set(row)
      .where('model_version_id', '=', lineage.modelVersionId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await this.db
        .insertInto('version_lineage')
        .values({ model_version_id: lineage.modelVersionId, ...row })
        .execute();
    }
  }

  async versionLineages(modelVersionIds: readonly number[]): Promise<readonly VersionLineage[]> {
    const found: VersionLineage[] = [];
    for (let start = 0; start < modelVersionIds.length; start += PROPERTY_CHUNK) {
      const chunk = modelVersionIds.slice(start, start + PROPERTY_CHUNK);
      const rows = await this.db
        .selectFrom('version_lineage')
        .selectAll()
        .where('model_version_id', 'in', chunk)
        .execute();
      found.push(...rows.map(rowToLineage));
    }
    return found;
  }

  async versionsWithLineage(match: { codeCommit?: string; experimentRunId?: number }, limit: number) {
    let query = this.db.selectFrom('version_lineage').select('model_version_id');
    if (match.codeCommit !== undefined) query = query.where('code_commit', '=', match.codeCommit);
    if (match.experimentRunId !== undefined)
      query = query.where('experiment_run_id', '=', match.experimentRunId);
    const rows = await query.orderBy('model_version_id').limit(limit).execute();
    return rows.map((row) => Number(row['model_version_id']));
  }

  async detachRunLineage(experimentRunIds: readonly number[]): Promise<void> {
    for (const chunk of parameterChunks(experimentRunIds)) {
      await this.db
        .updateTable('version_lineage')
        .set({ experiment_run_id: null })
        .where('experiment_run_id', 'in', chunk)
        .execute();
    }
  }

  async addParent(link: ParentLink): Promise<boolean> {
    const existing = await this.db
      .selectFrom('version_parent')
      .select('id')
      .where('model_version_id', '=', link.modelVersionId)
      .where('parent_version_id', '=', link.parentVersionId)
      .executeTakeFirst();
    if (existing !== undefined) return false;
    await this.insertReturningId('version_parent', {
      model_version_id: link.modelVersionId,
      parent_version_id: link.parentVersionId,
      relation: link.relation,
      create_time: link.createTimeSinceEpoch,
    });
    return true;
  }

  async removeParent(modelVersionId: number, parentVersionId: number): Promise<boolean> {
    const deleted = await this.db
      .deleteFrom('version_parent')
      .where('model_version_id', '=', modelVersionId)
      .where('parent_version_id', '=', parentVersionId)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async parentLinks(side: 'child' | 'parent', ids: readonly number[]): Promise<readonly ParentLink[]> {
    const column = side === 'child' ? 'model_version_id' : 'parent_version_id';
    const found: ParentLink[] = [];
    for (let start = 0; start < ids.length; start += PROPERTY_CHUNK) {
      const chunk = ids.slice(start, start + PROPERTY_CHUNK);
      const rows = await this.db
        .selectFrom('version_parent')
        .selectAll()
        .where(column, 'in', chunk)
        .orderBy('id')
        .execute();
      found.push(...rows.map(rowToParentLink));
    }
    return found;
  }

  async metricGoals(registeredModelIds: readonly number[]): Promise<readonly StoredMetricGoal[]> {
    const rows: Row[] = [];
    // Chunks in ascending order of model id, each sorted: the result stays in one order.
    for (const chunk of parameterChunks([...registeredModelIds].sort((a, b) => a - b))) {
      rows.push(
        ...(await this.db
          .selectFrom('metric_goal')
          .selectAll()
          .where('registered_model_id', 'in', chunk)
          .orderBy('registered_model_id')
          .orderBy('metric')
          .execute()),
      );
    }
    return rows.map((row) => ({
      registeredModelId: Number(row['registered_model_id']),
      metric: String(row['metric']),
      goal: row['goal'] === 'minimize' ? 'minimize' : 'maximize',
    }));
  }

  async setMetricGoal(
    registeredModelId: number,
    metric: string,
    goal: MetricGoal | undefined,
  ): Promise<void> {
    await this.db
      .deleteFrom('metric_goal')
      .where('registered_model_id', '=', registeredModelId)
      .where('metric', '=', metric)
      .execute();
    if (goal !== undefined) {
      await this.db
        .insertInto('metric_goal')
        .values({ registered_model_id: registeredModelId, metric, goal })
        .execute();
    }
  }

  async deleteModelRecords(registeredModelIds: readonly number[]): Promise<void> {
    for (let start = 0; start < registeredModelIds.length; start += PROPERTY_CHUNK) {
      const chunk = registeredModelIds.slice(start, start + PROPERTY_CHUNK);
      await this.db.deleteFrom('promotion_policy').where('registered_model_id', 'in', chunk).execute();
      await this.db.deleteFrom('metric_goal').where('registered_model_id', 'in', chunk).execute();
      await this.db.deleteFrom('access_grant').where('registered_model_id', 'in', chunk).execute();
      // A token for a model that is gone could never be used again; its row would also block the delete.
      await this.db.deleteFrom('api_token').where('registered_model_id', 'in', chunk).execute();
    }
  }

  async listAliases(registeredModelId: number): Promise<readonly ModelAlias[]> {
    const rows = await this.db
      .selectFrom('model_alias')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .orderBy('alias')
      .execute();
    return rows.map(rowToAlias);
  }

  async getAlias(registeredModelId: number, alias: string): Promise<ModelAlias | undefined> {
    const row = await this.db
      .selectFrom('model_alias')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToAlias(row);
  }

  async moveAlias(
    registeredModelId: number,
    alias: string,
    modelVersionId: number | undefined,
    actor: string,
    now: number,
  ): Promise<AliasMove> {
    const next = await this.nextHistoryRow('alias_history', registeredModelId, now);
    // Delete and insert rather than an engine-specific upsert; the caller holds the model's lock.
    await this.db
      .deleteFrom('model_alias')
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias)
      .execute();
    if (modelVersionId !== undefined) {
      await this.db
        .insertInto('model_alias')
        .values({
          registered_model_id: registeredModelId,
          alias,
          model_version_id: modelVersionId,
          update_time: next.time,
        })
        .execute();
    }
    const id = await this.insertReturningId('alias_history', {
      registered_model_id: registeredModelId,
      alias,
      model_version_id: modelVersionId ?? null,
      actor,
      create_time: next.time,
      seq: next.seq,
    });
    return {
      id,
      sequence: next.seq,
      registeredModelId,
      alias,
      modelVersionId,
      actor,
      timeSinceEpoch: next.time,
    };
  }

  async aliasAt(registeredModelId: number, alias: string, time?: number): Promise<AliasMove | undefined> {
    // The last move by sequence: times never go back along it, so the last move at or before a
    // time is also the last one written then.
    let query = this.db
      .selectFrom('alias_history')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias);
    if (time !== undefined) query = query.where('create_time', '<=', time);
    const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : rowToAliasMove(row);
  }

  async aliasHistory(registeredModelId: number, alias?: string): Promise<readonly AliasMove[]> {
    let query = this.db
      .selectFrom('alias_history')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId);
    if (alias !== undefined) query = query.where('alias', '=', alias);
    return (await query.orderBy('seq', 'desc').execute()).map(rowToAliasMove);
  }

  async dropAliasesOf(modelVersionIds: readonly number[], actor: string, now: number): Promise<void> {
    const rows: Row[] = [];
    for (const chunk of parameterChunks(modelVersionIds)) {
      rows.push(
        ...(await this.db
          .selectFrom('model_alias')
          .selectAll()
          .where('model_version_id', 'in', chunk)
          .execute()),
      );
    }
    for (const row of rows) {
      await this.moveAlias(Number(row['registered_model_id']), String(row['alias']), undefined, actor, now);
    }
  }

  async insertDeployment(event: Omit<DeploymentEvent, 'id' | 'sequence'>): Promise<DeploymentEvent> {
    const next = await this.nextHistoryRow('deployment_event', event.registeredModelId, event.timeSinceEpoch);
    const id = await this.insertReturningId('deployment_event', {
      registered_model_id: event.registeredModelId,
      model_version_id: event.modelVersionId,
      serving_environment_id: event.servingEnvironmentId,
      inference_service_id: event.inferenceServiceId,
      action: event.action,
      endpoint: event.endpoint ?? null,
      actor: event.actor,
      comment: event.comment ?? null,
      create_time: next.time,
      seq: next.seq,
    });
    return { ...event, id, sequence: next.seq, timeSinceEpoch: next.time };
  }

  async listDeployments(match: { registeredModelId?: number; modelVersionId?: number }) {
    let query = this.db.selectFrom('deployment_event').selectAll();
    if (match.registeredModelId !== undefined)
      query = query.where('registered_model_id', '=', match.registeredModelId);
    if (match.modelVersionId !== undefined)
      query = query.where('model_version_id', '=', match.modelVersionId);
    return (await query.orderBy('seq', 'desc').orderBy('id', 'desc').execute()).map(rowToDeployment);
  }

  async saveSyncReport(row: SyncReportRow): Promise<void> {
    await this.db.deleteFrom('kserve_sync').where('namespace', '=', row.namespace).execute();
    await this.db
      .insertInto('kserve_sync')
      .values({
        namespace: row.namespace,
        report: row.report,
        actor: row.actor,
        observed_time: row.observedTime,
      })
      .execute();
  }

  async syncReports(namespaces?: readonly string[]): Promise<readonly SyncReportRow[]> {
    if (namespaces?.length === 0) return [];
    let query = this.db.selectFrom('kserve_sync').selectAll();
    if (namespaces !== undefined) query = query.where('namespace', 'in', [...namespaces]);
    return (await query.orderBy('namespace').execute()).map((row) => ({
      namespace: String(row['namespace']),
      report: String(row['report']),
      actor: String(row['actor']),
      observedTime: Number(row['observed_time']),
    }));
  }

  async getPolicy(registeredModelId: number, stage: Stage): Promise<PromotionPolicy | undefined> {
    const row = await this.db
      .selectFrom('promotion_policy')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('stage', '=', stage)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToPolicy(row);
  }

  async listPolicies(registeredModelId: number): Promise<readonly PromotionPolicy[]> {
    const rows = await this.db
      .selectFrom('promotion_policy')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .orderBy('stage')
      .execute();
    return rows.map(rowToPolicy);
  }

  async setPolicy(policy: PromotionPolicy, now: number): Promise<void> {
    await this.db
      .deleteFrom('promotion_policy')
      .where('registered_model_id', '=', policy.registeredModelId)
      .where('stage', '=', policy.stage)
      .execute();
    if (policy.conditions.length === 0) return;
    await this.db
      .insertInto('promotion_policy')
      .values({
        registered_model_id: policy.registeredModelId,
        stage: policy.stage,
        conditions: JSON.stringify(policy.conditions),
        update_time: now,
      })
      .execute();
  }

  async addApproval(approval: Approval): Promise<void> {
    const existing = await this.db
      .selectFrom('approval')
      .select('id')
      .where('model_version_id', '=', approval.modelVersionId)
      .where('stage', '=', approval.stage)
      .where('actor', '=', approval.actor)
      .executeTakeFirst();
    if (existing !== undefined) return;
    await this.insertReturningId('approval', {
      model_version_id: approval.modelVersionId,
      stage: approval.stage,
      actor: approval.actor,
      comment: approval.comment ?? null,
      create_time: approval.timeSinceEpoch,
    });
  }

  async listApprovals(modelVersionId: number, stage?: Stage): Promise<readonly Approval[]> {
    let query = this.db.selectFrom('approval').selectAll().where('model_version_id', '=', modelVersionId);
    if (stage !== undefined) query = query.where('stage', '=', stage);
    return (await query.orderBy('id').execute()).map(rowToApproval);
  }

  async appendAudit(event: NewAuditEvent, hash: (input: string) => string): Promise<AuditEvent> {
    // Writing the head row first locks it: concurrent appends queue here, so the chain never forks.
    await this.db.updateTable('audit_head').set({ id: 1 }).where('id', '=', 1).execute();
    const head = await this.db
      .selectFrom('audit_head')
      .select(['last_hash', 'last_time'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    const prevHash = String(head['last_hash']);
    // Times never go back along the chain, whichever replica's clock wrote the previous event.
    const time = Math.max(event.timeSinceEpoch, Number(head['last_time']));
    const stored: NewAuditEvent = { ...event, timeSinceEpoch: time };
    const digest = hash(auditHashInput(prevHash, stored));
    const id = await this.insertReturningId('audit_event', {
      event_time: time,
      actor: event.actor,
      actor_method: event.actorMethod,
      action: event.action,
      outcome: event.outcome,
      entity_type: event.entityType ?? null,
      entity_id: event.entityId ?? null,
      request_id: event.requestId ?? null,
      detail: event.detail ?? null,
      prev_hash: prevHash,
      hash: digest,
    });
    await this.db
      .updateTable('audit_head')
      .set({ last_hash: digest, last_time: time })
      .where('id', '=', 1)
      .execute();
    return { ...stored, id, prevHash, hash: digest };
  }

  async listAudit(query: AuditQuery): Promise<readonly AuditEvent[]> {
    let select = this.db.selectFrom('audit_event').selectAll();
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.action !== undefined) select = select.where('action', '=', query.action);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    if (query.entityType !== undefined) select = select.where('entity_type', '=', query.entityType);
    if (query.entityId !== undefined) select = select.where('entity_id', '=', query.entityId);
    if (query.requestId !== undefined) select = select.where('request_id', '=', query.requestId);
    if (query.since !== undefined) select = select.where('event_time', '>=', query.since);
    if (query.until !== undefined) select = select.where('event_time', '<', query.until);
    if (query.beforeId !== undefined) select = select.where('id', '<', query.beforeId);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    const rows = await select
      .orderBy('id', query.oldestFirst === true ? 'asc' : 'desc')
      .limit(query.pageSize)
      .execute();
    return rows.map(rowToAudit);
  }

  async insertUpload(
    upload: Omit<Upload, 'id' | 'files' | 'state'>,
    files: readonly { path: string; pathHash: string; size: number; declaredSha256?: string | undefined }[],
  ): Promise<Upload> {
    const id = await this.insertReturningId('file_upload', {
      upload_key: upload.uploadKey,
      model_version_id: upload.modelVersionId,
      state: 'OPEN',
      created_by: upload.createdBy,
      create_time: upload.createTimeSinceEpoch,
      last_update_time: upload.lastUpdateTimeSinceEpoch,
    });
    const rows = files.map((file, index) => ({
      upload_id: id,
      file_index: index,
      path: file.path,
      path_hash: file.pathHash,
      size: file.size,
      declared_sha256: file.declaredSha256 ?? null,
      received: 0,
      sha256: null,
      content_key: null,
      staging_state: null,
      writer: null,
      writer_expiry: null,
    }));
    for (let start = 0; start < rows.length; start += FILE_ROW_CHUNK) {
      await this.db
        .insertInto('file_upload_file')
        .values(rows.slice(start, start + FILE_ROW_CHUNK))
        .execute();
    }
    const created = await this.getUpload(id);
    if (created === undefined) throw new Error(`inserted upload ${id} is not readable`);
    return created;
  }

  async getUpload(id: number): Promise<Upload | undefined> {
    const row = await this.db.selectFrom('file_upload').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : (await this.withFiles([row]))[0];
  }

  async getUploadFile(uploadId: number, pathHash: string): Promise<UploadFile | undefined> {
    const row = await this.db
      .selectFrom('file_upload_file')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToUploadFile(row);
  }

  async setUploadState(id: number, state: UploadState, now: number): Promise<void> {
    await this.db
      .updateTable('file_upload')
      .set({ state, last_update_time: now })
      .where('id', '=', id)
      .execute();
    // Whoever still writes one of its files loses its claim at its next checkpoint.
    await this.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('upload_id', '=', id)
      .execute();
  }

  async uploadsOf(modelVersionId: number, state?: UploadState): Promise<readonly Upload[]> {
    let query = this.db.selectFrom('file_upload').selectAll().where('model_version_id', '=', modelVersionId);
    if (state !== undefined) query = query.where('state', '=', state);
    return this.withFiles(await query.orderBy('id').execute());
  }

  /** Upload rows with their files: one query for the files of every PROPERTY_CHUNK uploads. */
  private async withFiles(rows: readonly Row[]): Promise<Upload[]> {
    const files = new Map<number, UploadFile[]>();
    for (let start = 0; start < rows.length; start += PROPERTY_CHUNK) {
      const ids = rows.slice(start, start + PROPERTY_CHUNK).map((row) => Number(row['id']));
      const fileRows = await this.db
        .selectFrom('file_upload_file')
        .selectAll()
        .where('upload_id', 'in', ids)
        .orderBy('upload_id')
        .orderBy('file_index')
        .execute();
      for (const fileRow of fileRows) {
        const file = rowToUploadFile(fileRow);
        const list = files.get(file.uploadId);
        if (list === undefined) files.set(file.uploadId, [file]);
        else list.push(file);
      }
    }
    return rows.map((row) => rowToUpload(row, files.get(Number(row['id'])) ?? []));
  }

  async expireUpload(id: number, idleBefore: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('file_upload')
      .set({ state: 'EXPIRED', last_update_time: now })
      .where('id', '=', id)
      .where('state', '=', 'OPEN')
      .where('last_update_time', '<', idleBefore)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('upload_id', '=', id)
      .execute();
    return true;
  }

  async touchUpload(id: number, now: number): Promise<void> {
    await this.db
      .updateTable('file_upload')
      .set({ last_update_time: now })
      .where('id', '=', id)
      .where('last_update_time', '<', now)
      .execute();
  }

  async idleUploads(idleBefore: number, now: number, limit: number): Promise<readonly Upload[]> {
    const rows = await this.db
      .selectFrom('file_upload')
      .selectAll()
      .where('state', '=', 'OPEN')
      .where('last_update_time', '<', idleBefore)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('file_upload_file')
              .select('file_upload_file.id')
              .whereRef('file_upload_file.upload_id', '=', 'file_upload.id')
              .where('file_upload_file.writer_expiry', '>=', now),
          ),
        ),
      )
      .orderBy('last_update_time')
      .orderBy('id')
      .limit(limit)
      .execute();
    return this.withFiles(rows);
  }

  async claimUploadFile(fileId: number, writer: string, expiry: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('file_upload_file')
      .set({ writer, writer_expiry: expiry })
      .where('id', '=', fileId)
      .where((eb) => eb.or([eb('writer', 'is', null), eb('writer_expiry', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async recordUploadProgress(
    fileId: number,
    writer: string,
    progress: { received: number; stagingState: string | undefined; expiry: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('file_upload_file')
      .set({
        received: progress.received,
        staging_state: progress.stagingState ?? null,
        writer_expiry: progress.expiry,
      })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async completeUploadFile(
    fileId: number,
    writer: string,
    sha256: string,
    contentKey: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('file_upload_file')
      .set({
        received: sql`size`,
        sha256,
        content_key: contentKey,
        staging_state: null,
        writer: null,
        writer_expiry: null,
      })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async resetUploadFile(fileId: number): Promise<void> {
    await this.db
      .updateTable('file_upload_file')
      .set({
        received: 0,
        sha256: null,
        content_key: null,
        staging_state: null,
        writer: null,
        writer_expiry: null,
      })
      .where('id', '=', fileId)
      .execute();
  }

  async releaseUploadFile(fileId: number, writer: string): Promise<void> {
    await this.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .execute();
  }

  async releaseAllUploadClaims(): Promise<void> {
    await this.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('writer', 'is not', null)
      .execute();
  }

  async insertManifest(
    manifest: Omit<Manifest, 'files'> & { uploadKey: string },
    files: readonly (ManifestFile & { pathHash: string })[],
  ): Promise<void> {
    try {
      await this.db
        .insertInto('version_content')
        .values({
          model_version_id: manifest.modelVersionId,
          upload_id: manifest.uploadId,
          upload_key: manifest.uploadKey,
          root_digest: manifest.rootDigest,
          total_size: manifest.totalSize,
          file_count: manifest.fileCount,
          uri: manifest.uri,
          create_time: manifest.createTimeSinceEpoch,
        })
        .execute();
    } catch (error) {
      if (this.dialect.constraintViolation(error)?.type === 'unique') {
        throw new ConflictError(
          'CONTENT_SEALED',
          `model version ${manifest.modelVersionId} already has content; it never changes (make a new version)`,
        );
      }
      throw error;
    }
    const rows = files.map((file) => ({
      model_version_id: manifest.modelVersionId,
      path_hash: file.pathHash,
      path: file.path,
      size: file.size,
      sha256: file.sha256,
      content_key: file.contentKey,
    }));
    for (let start = 0; start < rows.length; start += FILE_ROW_CHUNK) {
      await this.db
        .insertInto('version_content_file')
        .values(rows.slice(start, start + FILE_ROW_CHUNK))
        .execute();
    }
  }

  async getManifest(modelVersionId: number): Promise<Omit<Manifest, 'files'> | undefined> {
    const row = await this.db
      .selectFrom('version_content')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      modelVersionId,
      uploadId: Number(row['upload_id']),
      rootDigest: String(row['root_digest']),
      totalSize: Number(row['total_size']),
      fileCount: Number(row['file_count']),
      uri: String(row['uri']),
      createTimeSinceEpoch: Number(row['create_time']),
    };
  }

  async manifestFiles(modelVersionId: number): Promise<readonly ManifestFile[]> {
    const rows = await this.db
      .selectFrom('version_content_file')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .execute();
    return rows.map(rowToManifestFile);
  }

  async manifestFile(modelVersionId: number, pathHash: string): Promise<ManifestFile | undefined> {
    const row = await this.db
      .selectFrom('version_content_file')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToManifestFile(row);
  }

  async deleteContentOf(modelVersionIds: readonly number[]): Promise<void> {
    for (let start = 0; start < modelVersionIds.length; start += PROPERTY_CHUNK) {
      const chunk = modelVersionIds.slice(start, start + PROPERTY_CHUNK);
      await this.db.deleteFrom('file_integrity').where('model_version_id', 'in', chunk).execute();
      await this.db.deleteFrom('version_content_file').where('model_version_id', 'in', chunk).execute();
      await this.db.deleteFrom('version_content').where('model_version_id', 'in', chunk).execute();
      const uploads = this.db.selectFrom('file_upload').select('id').where('model_version_id', 'in', chunk);
      await this.db.deleteFrom('file_upload_file').where('upload_id', 'in', uploads).execute();
      await this.db.deleteFrom('file_upload').where('model_version_id', 'in', chunk).execute();
    }
  }

  async referencedDigests(
    digests: readonly string[],
    ignoring: readonly number[] = [],
  ): Promise<ReadonlySet<string>> {
    const found = new Set<string>();
    for (let start = 0; start < digests.length; start += PROPERTY_CHUNK) {
      const chunk = digests.slice(start, start + PROPERTY_CHUNK);
      const sealed = await this.db
        .selectFrom('version_content_file')
        .select('sha256')
        .distinct()
        .where('sha256', 'in', chunk)
        .execute();
      let stagedQuery = this.db
        .selectFrom('file_upload_file')
        .innerJoin('file_upload', 'file_upload.id', 'file_upload_file.upload_id')
        .select('file_upload_file.sha256')
        .distinct()
        .where('file_upload_file.sha256', 'in', chunk)
        .where('file_upload.state', '=', 'OPEN');
      if (ignoring.length > 0) stagedQuery = stagedQuery.where('file_upload.id', 'not in', ignoring);
      const staged = await stagedQuery.execute();
      for (const row of [...sealed, ...staged]) found.add(String(row['sha256']));
    }
    return found;
  }

  async uploadKeyStates(uploadKeys: readonly string[], ignoring: readonly number[] = []) {
    const open = new Set<string>();
    const sealed = new Set<string>();
    for (let start = 0; start < uploadKeys.length; start += PROPERTY_CHUNK) {
      const chunk = uploadKeys.slice(start, start + PROPERTY_CHUNK);
      let openQuery = this.db
        .selectFrom('file_upload')
        .select('upload_key')
        .where('upload_key', 'in', chunk)
        .where('state', '=', 'OPEN');
      if (ignoring.length > 0) openQuery = openQuery.where('id', 'not in', ignoring);
      const uploads = await openQuery.execute();
      for (const row of uploads) open.add(String(row['upload_key']));
      const manifests = await this.db
        .selectFrom('version_content')
        .select('upload_key')
        .where('upload_key', 'in', chunk)
        .execute();
      for (const row of manifests) sealed.add(String(row['upload_key']));
    }
    return { open, sealed };
  }

  private async insertReturningId(table: string, row: Row): Promise<number> {
    const insert = this.db.insertInto(table).values(row);
    if (this.dialect.supportsReturning) {
      const inserted = await insert.returning('id').executeTakeFirstOrThrow();
      return Number(inserted['id']);
    }
    const result = await insert.executeTakeFirstOrThrow();
    return typeof row['id'] === 'number' ? row['id'] : Number(result.insertId);
  }

  private async writeProperties(kind: EntityKind, id: number, properties: CustomProperties | undefined) {
    const entries = Object.entries(properties ?? {});
    if (entries.length === 0) return;
    const rows = entries.map(([name, value]) =>
      propertyToRow(tableOf(kind), id, name, value, this.dialect.bool),
    );
    // Thousands of properties are valid input: one insert per chunk keeps within SQLite's limit.
    for (const chunk of parameterChunks(rows, Object.keys(rows[0] ?? {}).length)) {
      await this.db.insertInto('custom_property').values(chunk).execute();
    }
  }

  /** Reads the custom properties of all rows in one query per chunk, never one per row. */
  private async withProperties<K extends EntityKind>(
    kind: K,
    rows: readonly Row[],
  ): Promise<EntityByKind[K][]> {
    const byId = new Map<number, Record<string, unknown>>();
    for (const row of rows) byId.set(Number(row['id']), {});
    const ids = [...byId.keys()];
    for (let start = 0; start < ids.length; start += PROPERTY_CHUNK) {
      const propertyRows = await this.db
        .selectFrom('custom_property')
        .selectAll()
        .where('owner_kind', '=', tableOf(kind))
        .where('owner_id', 'in', ids.slice(start, start + PROPERTY_CHUNK))
        // (owner_id, name) follows the primary key, so no engine picks a value index to sort by name.
        .orderBy('owner_id')
        .orderBy('name')
        .execute();
      for (const propertyRow of propertyRows) {
        const properties = byId.get(Number(propertyRow['owner_id']));
        if (properties !== undefined) properties[String(propertyRow['name'])] = rowToProperty(propertyRow);
      }
    }
    return rows.map(
      (row) =>
        ({
          ...rowToEntity(kind, row),
          customProperties: byId.get(Number(row['id'])) ?? {},
        }) as unknown as EntityByKind[K],
    );
  }

  /** Runs a write, turning a driver's constraint violation into a ConflictError that names the field. */
  private async guard<T>(kind: GuardedKind, write: () => Promise<T>, row: Row = {}): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const violation = this.dialect.constraintViolation(error);
      if (violation === undefined) throw error;
      const { label, code } =
        kind === 'apiToken' || kind === 'accessGrant' ? OTHER_LABEL[kind] : KIND_LABEL[kind];
      if (violation.type === 'foreign-key') {
        throw new ConflictError(
          `${code}_REFERENCE_CONFLICT`,
          `the ${label} refers to, or is referred to by, an entity that changed concurrently; retry the request`,
        );
      }
      if (/external_id/.test(violation.detail)) {
        const value = typeof row['external_id'] === 'string' ? ` '${row['external_id']}'` : '';
        throw new ConflictError(
          `${code}_EXTERNAL_ID_CONFLICT`,
          `another ${label} already has externalId${value}`,
        );
      }
      const name = typeof row['name'] === 'string' ? ` named '${row['name']}'` : ' with this name';
      const scope = kind === 'apiToken' || kind === 'accessGrant' ? '' : (NAME_SCOPE[kind]?.(row) ?? '');
      throw new ConflictError(`${code}_ALREADY_EXISTS`, `a ${label}${name} already exists${scope}`);
    }
  }
}

export interface StoreOptions {
  /** Called with the SQL of every statement run and its time (tests count queries with it; metrics time them). */
  readonly onQuery?: QueryObserver | undefined;
}

/** The SQL metadata store, one implementation for SQLite, PostgreSQL and MySQL through Kysely. */
export class SqlMetadataStore implements MetadataStore {
  private constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly db: Kysely<any>,
    private readonly sqlDialect: SqlDialect,
  ) {}

  /** Connects and migrates the schema (under the database's migration lock) before returning. */
  static async open(dialect: SqlDialect, options: StoreOptions = {}): Promise<SqlMetadataStore> {
    const db = await dialect.open(options.onQuery);
    try {
      await sql`select 1`.execute(db);
      await migrateToLatest(db, dialect.name);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    return new SqlMetadataStore(db, dialect);
  }

  get dialect() {
    return this.sqlDialect.name;
  }

  poolUsage(): PoolUsage | undefined {
    return this.sqlDialect.poolUsage?.();
  }

  async transaction<T>(work: (tx: MetadataTransaction) => Promise<T>): Promise<T> {
    // A deadlock victim is rolled back whole, so running the work again is safe; it touches only the database.
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db
          .transaction()
          .execute((trx) => work(new SqlMetadataTransaction(trx, this.sqlDialect)));
        this.sqlDialect.afterTransaction?.();
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !this.sqlDialect.isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  isDirty(): Promise<boolean> {
    return schemaIsDirty(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Raw access for benchmarks and tests that compare against hand-written SQL. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get kysely(): Kysely<any> {
    return this.db;
  }
}
