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
