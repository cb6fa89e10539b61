import type { Db } from './dataset.js';

// What the store keeps on a registered model's row about its versions (migration 0019,
// packages/server/src/adapters/sql/catalog/version-rollup.ts), written by the bulk loaders as the
// store writes it when a version is inserted: the count of the version's stage plus one, the
// newest version (this one: ids grow), the newest in Production when it is in Production, and the
// rank of the most advanced stage. checkWriterFidelity (search-fidelity.ts) compares the rows.

export type LoadedStage = 'Development' | 'Staging' | 'Production' | 'Archived';

const COUNT: Readonly<Record<LoadedStage, string>> = {
  Development: 'development_count',
  Staging: 'staging_count',
  Production: 'production_count',
  Archived: 'archived_count',
};
const RANK: Readonly<Record<LoadedStage, number>> = {
  Archived: 1,
  Development: 2,
  Staging: 3,
  Production: 4,
};

export class VersionRollupWriter {
  private readonly updates = new Map<LoadedStage, (...values: number[]) => void>();

  constructor(db: Db) {
    for (const stage of Object.keys(COUNT) as LoadedStage[]) {
      const production =
        stage === 'Production' ? ', production_version_id = ?, production_version_time = ?' : '';
      const statement = db.prepare<number[]>(
        `update registered_model set ${COUNT[stage]} = ${COUNT[stage]} + 1,
           latest_version_id = ?, latest_version_time = ?${production}, stage_rank = max(stage_rank, ${RANK[stage]})
         where id = ?`,
      );
      this.updates.set(stage, (...values) => statement.run(...values));
    }
  }

  /** A version was inserted: the newest of its model (ids grow with creation). */
  versionAdded(modelId: number, versionId: number, createTime: number, stage: LoadedStage): void {
    const update = this.updates.get(stage);
    if (update === undefined) throw new Error(`no stage ${stage}`);
    if (stage === 'Production') update(versionId, createTime, versionId, createTime, modelId);
    else update(versionId, createTime, modelId);
  }
}

/**
 * The registered models whose version summary differs from one computed from scratch out of their
 * versions (SQLite): what a bulk load must leave at zero, as the store would have.
 */
export function rollupMismatches(db: Db): number {
  const versions = (where: string) =>
    `(select ${where} from model_version v where v.registered_model_id = m.id`;
  const count = (stage: string) => `${versions('count(*)')} and v.stage = '${stage}')`;
  return Number(
    db
      .prepare(
        `select count(*) from registered_model m where
           m.development_count <> ${count('Development')} or m.staging_count <> ${count('Staging')}
           or m.production_count <> ${count('Production')} or m.archived_count <> ${count('Archived')}
           or m.latest_version_id is not ${versions('max(v.id)')})
           or m.production_version_id is not ${versions('max(v.id)')} and v.stage = 'Production')
           or m.latest_version_time is not (select create_time from model_version where id = m.latest_version_id)
           or m.production_version_time is not (select create_time from model_version where id = m.production_version_id)
           or m.stage_rank <> case when m.production_count > 0 then 4 when m.staging_count > 0 then 3
             when m.development_count > 0 then 2 when m.archived_count > 0 then 1 else 0 end`,
      )
      .pluck()
      .get(),
  );
}
