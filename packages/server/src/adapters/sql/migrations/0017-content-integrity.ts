import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Content integrity (docs/adr/0016-content-integrity.md): what is known of each sealed file's
// stored bytes (verified intact when, or corrupt since when and why), and verification runs (the
// scrub) with their resumable cursor and the batches replicas have claimed from it. Tokens
// remember when they were last used (to the hour), for the report's unused tokens.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const text = textType(dialect);
  // One row per manifest file that has been checked; no row: never checked since it was stored.
  await tableOptions(
    dialect,
    (db.schema.createTable('file_integrity') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('path_hash', 'char(64)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('verified_time', 'bigint')
      .addColumn('verify_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('corrupt_time', 'bigint')
      .addColumn('reason', text)
      .addPrimaryKeyConstraint('file_integrity_pkey', ['model_version_id', 'path_hash']),
    collation,
  ).execute();
  await db.schema
    .createIndex('file_integrity_state_idx')
    .on('file_integrity')
    .columns(['state', 'model_version_id'])
    .execute();

  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('verification_run') as unknown as Table)
      // JSON of what the run covers (model, version, age), and its hash, to find a run to resume.
      .addColumn('selection', text, (c) => c.notNull())
      .addColumn('selection_key', 'char(64)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      // Scheduled runs (`serve --verify-interval`): one per interval slot, whichever replica starts it.
      .addColumn('schedule_slot', 'bigint')
      .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addColumn('last_update_time', 'bigint', (c) => c.notNull())
      .addColumn('cursor_version_id', 'integer')
      .addColumn('cursor_path_hash', 'char(64)')
      .addColumn('rate_bytes', 'bigint')
      .addColumn('files_total', 'integer', (c) => c.notNull())
      .addColumn('bytes_total', 'bigint', (c) => c.notNull())
      .addColumn('files_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_done', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('corrupt_files', 'integer', (c) => c.notNull().defaultTo(0)),
    collation,
  ).execute();
  await db.schema
    .createIndex('verification_run_slot_key')
    .on('verification_run')
    .columns(['schedule_slot'])
    .unique()
    .execute();
  await db.schema
    .createIndex('verification_run_state_idx')
    .on('verification_run')
    .columns(['state', 'selection_key'])
    .execute();

  // A batch of a run's files taken by one worker; another takes it over once `expiry` passes.
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('verification_claim') as unknown as Table)
      .addColumn('run_id', 'integer', (c) => c.notNull())
      // The batch: the files after this cursor (none: from the first) up to the last one.
      .addColumn('after_version_id', 'integer')
      .addColumn('after_path_hash', 'char(64)')
      .addColumn('last_version_id', 'integer', (c) => c.notNull())
      .addColumn('last_path_hash', 'char(64)', (c) => c.notNull())
      .addColumn('owner', 'varchar(64)', (c) => c.notNull())
      .addColumn('expiry', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('verification_claim_run_fkey', ['run_id'], 'verification_run', ['id']),
    collation,
  ).execute();
  await db.schema
    .createIndex('verification_claim_run_idx')
    .on('verification_claim')
    .columns(['run_id', 'expiry'])
    .execute();

  await db.schema.alterTable('api_token').addColumn('last_use_time', 'bigint').execute();
}
