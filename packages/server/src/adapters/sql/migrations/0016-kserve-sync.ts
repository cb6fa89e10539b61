import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// What the last `deployments sync` observed in each Kubernetes namespace: the InferenceServices
// it read (readiness, URL, revision, what they serve) and the drift it found, kept as the report
// the API answers so the UI can show it without reaching the cluster. One row per namespace,
// replaced by each sync.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await tableOptions(
    dialect,
    (db.schema.createTable('kserve_sync') as unknown as Table)
      .addColumn('namespace', 'varchar(253)', (c) => c.primaryKey())
      .addColumn('report', textType(dialect), (c) => c.notNull())
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('observed_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
}
