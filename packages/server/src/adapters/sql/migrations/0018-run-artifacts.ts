import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Run artifacts (docs/adr/0020-mlflow-api.md): the files an MLflow client puts through the
// `mlflow-artifacts` proxy under a run, one row per path, naming the stored bytes (digest, content
// key, and the upload key that wrote them) so garbage collection keeps them while the row exists.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const text = textType(dialect);
  await tableOptions(
    dialect,
    (db.schema.createTable('run_artifact_file') as unknown as Table)
      .addColumn('experiment_run_id', 'integer', (c) => c.notNull())
      .addColumn('path_hash', 'char(64)', (c) => c.notNull())
      .addColumn('path', text, (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'char(64)', (c) => c.notNull())
      .addColumn('content_key', text, (c) => c.notNull())
      .addColumn('upload_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_artifact_file_pkey', ['experiment_run_id', 'path_hash'])
      .addForeignKeyConstraint('run_artifact_file_run_fkey', ['experiment_run_id'], 'experiment_run', ['id']),
    collation,
  ).execute();
  await db.schema
    .createIndex('run_artifact_file_sha256_idx')
    .on('run_artifact_file')
    .columns(['sha256'])
    .execute();
  await db.schema
    .createIndex('run_artifact_file_upload_key_idx')
    .on('run_artifact_file')
    .columns(['upload_key'])
    .execute();
}
