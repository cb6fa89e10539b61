import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Model files (docs/adr/0010-model-files.md): resumable uploads of a version's files, and the
// sealed manifest a commit makes of them. Paths can be 1024 bytes, longer than MySQL lets a key
// be, so they are looked up and kept unique through `path_hash` (the sha256 of the path).

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const text = textType(dialect);
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('file_upload') as unknown as Table)
      .addColumn('upload_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addColumn('last_update_time', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('file_upload_version_fkey', ['model_version_id'], 'model_version', ['id']),
    collation,
  ).execute();
  await db.schema.createIndex('file_upload_key').on('file_upload').columns(['upload_key']).unique().execute();
  await db.schema
    .createIndex('file_upload_version_idx')
    .on('file_upload')
    .columns(['model_version_id', 'state'])
    .execute();
  await db.schema.createIndex('file_upload_state_idx').on('file_upload').columns(['state', 'id']).execute();

  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('file_upload_file') as unknown as Table)
      .addColumn('upload_id', 'integer', (c) => c.notNull())
      .addColumn('file_index', 'integer', (c) => c.notNull())
      .addColumn('path', text, (c) => c.notNull())
      .addColumn('path_hash', 'char(64)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('declared_sha256', 'char(64)')
      .addColumn('received', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'char(64)')
      .addColumn('content_key', text)
      .addColumn('staging_state', text)
      // The request writing the file now, and until when its claim holds without renewal.
      .addColumn('writer', 'varchar(64)')
      .addColumn('writer_expiry', 'bigint')
      .addForeignKeyConstraint('file_upload_file_upload_fkey', ['upload_id'], 'file_upload', ['id']),
    collation,
  ).execute();
  await db.schema
    .createIndex('file_upload_file_path_key')
    .on('file_upload_file')
    .columns(['upload_id', 'path_hash'])
    .unique()
    .execute();
  await db.schema
    .createIndex('file_upload_file_sha256_idx')
    .on('file_upload_file')
    .columns(['sha256'])
    .execute();

  // One row per version with content: the primary key is what seals it (a second commit collides).
  await tableOptions(
    dialect,
    (db.schema.createTable('version_content') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull().primaryKey())
      .addColumn('upload_id', 'integer', (c) => c.notNull())
      .addColumn('upload_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('root_digest', 'varchar(71)', (c) => c.notNull())
      .addColumn('total_size', 'bigint', (c) => c.notNull())
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('uri', text, (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('version_content_version_fkey', ['model_version_id'], 'model_version', ['id']),
    collation,
  ).execute();
  await db.schema
    .createIndex('version_content_upload_key')
    .on('version_content')
    .columns(['upload_key'])
    .unique()
    .execute();

  await tableOptions(
    dialect,
    (db.schema.createTable('version_content_file') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('path_hash', 'char(64)', (c) => c.notNull())
      .addColumn('path', text, (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'char(64)', (c) => c.notNull())
      .addColumn('content_key', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('version_content_file_pkey', ['model_version_id', 'path_hash'])
      .addForeignKeyConstraint('version_content_file_version_fkey', ['model_version_id'], 'version_content', [
        'model_version_id',
      ]),
    collation,
  ).execute();
  await db.schema
    .createIndex('version_content_file_sha256_idx')
    .on('version_content_file')
    .columns(['sha256'])
    .execute();
}
