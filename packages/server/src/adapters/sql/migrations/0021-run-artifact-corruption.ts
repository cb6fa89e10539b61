import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { textType } from './schema-helpers.js';

// Corruption found in an MLflow run's file while serving it (issue 14, docs/adr/0016-content-integrity.md):
// since when and why, so later downloads are refused without reading the bytes again (the S3
// store cannot move a corrupt object aside). No value: not known corrupt. A new put of the same
// path replaces the row, and with it the mark.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('run_artifact_file').addColumn('corrupt_time', 'bigint').execute();
  await db.schema.alterTable('run_artifact_file').addColumn('corrupt_reason', textType(dialect)).execute();
}
