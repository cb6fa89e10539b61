import { sql } from 'kysely';
import { isStage, type Stage } from '../../../domain/lifecycle.js';
import type { SqlContext } from '../shared/sql-context.js';

// The versions of a registered model, summarised on the model's row (migration 0019,
// docs/adr/0024-models-list-sorts.md), so that a list of 100k models can be ordered by them from
// an index: the newest version (highest id) and its creation time, the newest version in
// Production and its creation time, the versions per stage, and the rank of the most advanced
// stage any version is in. The catalog store updates them whenever it inserts, deletes or moves a
// version, in the same transaction; the writer holds the model's lock (ADR 15), so the counts it
// adds to and the heads it reads are the last holder's.

const COUNT_COLUMN = {
  Development: 'development_count',
  Staging: 'staging_count',
  Production: 'production_count',
  Archived: 'archived_count',
} as const satisfies Record<Stage, string>;

/**
 * The rank of a model's most advanced stage, what the Stages column sorts by: 4 a version in
 * Production, 3 in Staging (none in Production), 2 in Development, 1 only archived versions,
 * 0 no versions.
 */
const STAGE_RANK = sql<number>`case
  when production_count > 0 then 4
  when staging_count > 0 then 3
  when development_count > 0 then 2
  when archived_count > 0 then 1
  else 0 end`;

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
 * Brings the summaries of the models a write touched up to date: the counts by the deltas, then
 * the heads and the rank read again (two statements, because MySQL's SET sees the values assigned
 * before it in the same statement, and the others see the old row).
 */
export async function applyStageDeltas(ctx: SqlContext, deltas: StageDeltas): Promise<void> {
  for (const [modelId, counts] of deltas.entries()) {
    const changed = [...counts].filter(([, n]) => n !== 0);
    if (changed.length > 0) {
      await sql`update registered_model set ${sql.join(
        changed.map(([stage, n]) => {
          const column = sql.ref(COUNT_COLUMN[stage]);
          return sql`${column} = ${column} + ${n}`;
        }),
      )} where id = ${modelId}`.execute(ctx.db);
    }
    const newest = (column: 'id' | 'create_time', production: boolean) =>
      sql<number>`(select ${sql.ref(`v.${column}`)} from model_version v
        where v.registered_model_id = ${modelId}${production ? sql` and v.stage = 'Production'` : sql``}
        order by v.id desc limit 1)`;
    await ctx.db
      .updateTable('registered_model')
      .set({
        latest_version_id: newest('id', false),
        latest_version_time: newest('create_time', false),
        production_version_id: newest('id', true),
        production_version_time: newest('create_time', true),
        stage_rank: STAGE_RANK,
      })
      .where('id', '=', modelId)
      .execute();
  }
}
