import { sql } from 'kysely';
import { isStage, type Stage } from '../../../domain/lifecycle.js';
import { runCompiled } from '../shared/compiled-statement.js';
import type { SqlContext } from '../shared/sql-context.js';

// The versions of a registered model, summarised on the model's row (migration 0019,
// docs/adr/0024-models-list-sorts.md), so that a list of 100k models can be ordered by them from
// an index: the newest version (highest id) and its creation time, the newest version in
// Production and its creation time, the versions per stage, and the rank of the most advanced
// stage any version is in. The catalog store updates them whenever it inserts, deletes or moves a
// version, in the same transaction; the writer holds the model's lock (ADR 15), so the counts it
// adds to and the heads it reads are the last holder's.

/** The stages in the order the rank tests them. */
const BY_RANK: readonly Stage[] = ['Production', 'Staging', 'Development', 'Archived'];

const COUNT_COLUMN = {
  Development: 'development_count',
  Staging: 'staging_count',
  Production: 'production_count',
  Archived: 'archived_count',
} as const satisfies Record<Stage, string>;

/**
 * The rank of a model's most advanced stage, what the Stages column sorts by: 4 a version in
 * Production, 3 in Staging (none in Production), 2 in Development, 1 only archived versions,
 * 0 no versions. Computed from the counts as they will be once `counts` is added to them.
 */
function stageRank(counts: ReadonlyMap<Stage, number>) {
  const after = (stage: Stage) => {
    const column = sql.ref(COUNT_COLUMN[stage]);
    const n = counts.get(stage) ?? 0;
    return n === 0 ? column : sql`${column} + ${n}`;
  };
  const [production, staging, development, archived] = BY_RANK.map(after);
  return sql<number>`case
  when ${production} > 0 then 4
  when ${staging} > 0 then 3
  when ${development} > 0 then 2
  when ${archived} > 0 then 1
  else 0 end`;
}

/** Versions gained (positive) or lost (negative) per registered model and stage, by one write. */
export class StageDeltas {
  private readonly byModel = new Map<number, Map<Stage, number>>();

  add(registeredModelId: number, stage: string, n: number): this {
    if (!isStage(stage)) return this;
    const counts = this.byModel.get(registeredModelId) ?? new Map<Stage, number>();
    counts.set(stage, (counts.get(stage) ?? 0) + n);
    this.byModel.set(registeredModelId, counts);
    return this;
  }

  entries(): IterableIterator<[number, Map<Stage, number>]> {
    return this.byModel.entries();
  }
}

/**
 * Brings the summaries of the models a write touched up to date, one statement per model: the
 * rank and the heads first, then the counts. Every engine computes the rank from the counts as
 * they were (MySQL's SET sees the values assigned before it in the same statement, so they come
 * after; PostgreSQL and SQLite always see the old row), plus the deltas.
 */
export async function applyStageDeltas(ctx: SqlContext, deltas: StageDeltas): Promise<void> {
  for (const [modelId, counts] of deltas.entries()) {
    const newest = (column: 'id' | 'create_time', production: boolean) =>
      sql<number>`(select ${sql.ref(`v.${column}`)} from model_version v
        where v.registered_model_id = ${modelId}${production ? sql` and v.stage = 'Production'` : sql``}
        order by v.id desc limit 1)`;
    const changed = [...counts].filter(([, n]) => n !== 0);
    // The SQL depends on the stages that changed, in order; bound are the deltas and the model's
    // id, in the order of the SET (rank, four heads, counts) and then the WHERE.
    const key = `apply stage deltas ${changed.map(([stage]) => stage).join()}`;
    const values = [
      ...BY_RANK.map((stage) => counts.get(stage) ?? 0).filter((n) => n !== 0),
      ...[modelId, modelId, modelId, modelId],
      ...changed.map(([, n]) => n),
      modelId,
    ];
    await runCompiled(
      ctx,
      key,
      values,
      () =>
        ctx.db
          .updateTable('registered_model')
          .set({
            stage_rank: stageRank(counts),
            latest_version_id: newest('id', false),
            latest_version_time: newest('create_time', false),
            production_version_id: newest('id', true),
            production_version_time: newest('create_time', true),
            ...Object.fromEntries(
              changed.map(([stage, n]) => {
                const column = sql.ref(COUNT_COLUMN[stage]);
                return [COUNT_COLUMN[stage], sql<number>`${column} + ${n}`];
              }),
            ),
          })
          .where('id', '=', modelId),
      // Nothing reads its answer: on PostgreSQL it goes out with the next statement.
      'later',
    );
  }
}
