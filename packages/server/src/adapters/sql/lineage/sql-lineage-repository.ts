import type { Selectable } from 'kysely';
import type { MetricGoal, ParentLink, VersionLineage } from '../../../domain/lineage.js';
import type { LineageRepository, StoredMetricGoal } from '../../../ports/lineage-repository.js';
import type { MetricGoalTable, VersionLineageTable, VersionParentTable } from '../database.js';
import { parameterChunks } from '../parameter-chunks.js';
import { ID_CHUNK, insertReturningId, optionalText, slices, type SqlContext } from '../shared/sql-context.js';

function rowToLineage(row: Selectable<VersionLineageTable>): VersionLineage {
  return {
    modelVersionId: Number(row.model_version_id),
    codeRepository: optionalText(row.code_repository),
    codeCommit: optionalText(row.code_commit),
    codePath: optionalText(row.code_path),
    experimentRunId: row.experiment_run_id === null ? undefined : Number(row.experiment_run_id),
  };
}

function rowToParentLink(row: Selectable<VersionParentTable>): ParentLink {
  return {
    modelVersionId: Number(row.model_version_id),
    parentVersionId: Number(row.parent_version_id),
    relation: String(row.relation) as ParentLink['relation'],
    createTimeSinceEpoch: Number(row.create_time),
  };
}

/** The code and run behind versions, parent links and metric goals (migration 0009). */
export class SqlLineageRepository implements LineageRepository {
  constructor(private readonly ctx: SqlContext) {}

  async setVersionLineage(lineage: VersionLineage): Promise<void> {
    const row = {
      code_repository: lineage.codeRepository ?? null,
      code_commit: lineage.codeCommit ?? null,
      code_path: lineage.codePath ?? null,
      experiment_run_id: lineage.experimentRunId ?? null,
    };
    const updated = await this.ctx.db
      .updateTable('version_lineage')
      .set(row)
      .where('model_version_id', '=', lineage.modelVersionId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await this.ctx.db
        .insertInto('version_lineage')
        .values({ model_version_id: lineage.modelVersionId, ...row })
        .execute();
    }
  }

  async versionLineages(modelVersionIds: readonly number[]): Promise<readonly VersionLineage[]> {
    const found: VersionLineage[] = [];
    for (const chunk of slices(modelVersionIds, ID_CHUNK)) {
      const rows = await this.ctx.db
        .selectFrom('version_lineage')
        .selectAll()
        .where('model_version_id', 'in', chunk)
        .execute();
      found.push(...rows.map(rowToLineage));
    }
    return found;
  }

  async versionsWithLineage(match: { codeCommit?: string; experimentRunId?: number }, limit: number) {
    let query = this.ctx.db.selectFrom('version_lineage').select('model_version_id');
    if (match.codeCommit !== undefined) query = query.where('code_commit', '=', match.codeCommit);
    if (match.experimentRunId !== undefined)
      query = query.where('experiment_run_id', '=', match.experimentRunId);
    const rows = await query.orderBy('model_version_id').limit(limit).execute();
    return rows.map((row) => Number(row.model_version_id));
  }

  async detachRunLineage(experimentRunIds: readonly number[]): Promise<void> {
    for (const chunk of parameterChunks(experimentRunIds)) {
      await this.ctx.db
        .updateTable('version_lineage')
        .set({ experiment_run_id: null })
        .where('experiment_run_id', 'in', chunk)
        .execute();
    }
  }

  async addParent(link: ParentLink): Promise<boolean> {
    const existing = await this.ctx.db
      .selectFrom('version_parent')
      .select('id')
      .where('model_version_id', '=', link.modelVersionId)
      .where('parent_version_id', '=', link.parentVersionId)
      .executeTakeFirst();
    if (existing !== undefined) return false;
    await insertReturningId(
      this.ctx,
      this.ctx.db.insertInto('version_parent').values({
        model_version_id: link.modelVersionId,
        parent_version_id: link.parentVersionId,
        relation: link.relation,
        create_time: link.createTimeSinceEpoch,
      }),
    );
    return true;
  }

  async removeParent(modelVersionId: number, parentVersionId: number): Promise<boolean> {
    const deleted = await this.ctx.db
      .deleteFrom('version_parent')
      .where('model_version_id', '=', modelVersionId)
      .where('parent_version_id', '=', parentVersionId)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async parentLinks(side: 'child' | 'parent', ids: readonly number[]): Promise<readonly ParentLink[]> {
    const column = side === 'child' ? 'model_version_id' : 'parent_version_id';
    const found: ParentLink[] = [];
    for (const chunk of slices(ids, ID_CHUNK)) {
      const rows = await this.ctx.db
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
    const rows: Selectable<MetricGoalTable>[] = [];
    // Chunks in ascending order of model id, each sorted: the result stays in one order.
    for (const chunk of parameterChunks([...registeredModelIds].sort((a, b) => a - b))) {
      rows.push(
        ...(await this.ctx.db
          .selectFrom('metric_goal')
          .selectAll()
          .where('registered_model_id', 'in', chunk)
          .orderBy('registered_model_id')
          .orderBy('metric')
          .execute()),
      );
    }
    return rows.map((row) => ({
      registeredModelId: Number(row.registered_model_id),
      metric: String(row.metric),
      goal: row.goal === 'minimize' ? 'minimize' : 'maximize',
    }));
  }

  async setMetricGoal(
    registeredModelId: number,
    metric: string,
    goal: MetricGoal | undefined,
  ): Promise<void> {
    await this.ctx.db
      .deleteFrom('metric_goal')
      .where('registered_model_id', '=', registeredModelId)
      .where('metric', '=', metric)
      .execute();
    if (goal !== undefined) {
      await this.ctx.db
        .insertInto('metric_goal')
        .values({ registered_model_id: registeredModelId, metric, goal })
        .execute();
    }
  }
}
