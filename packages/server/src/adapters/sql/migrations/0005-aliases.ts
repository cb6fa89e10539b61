import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, type Table } from './schema-helpers.js';

// Aliases: named pointers to one version of a model, and the history of where each pointed.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await tableOptions(
    dialect,
    (db.schema.createTable('model_alias') as unknown as Table)
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('alias', 'varchar(64)', (c) => c.notNull())
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('update_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_alias_pkey', ['registered_model_id', 'alias'])
      .addForeignKeyConstraint('model_alias_model_fkey', ['registered_model_id'], 'registered_model', ['id'])
      .addForeignKeyConstraint('model_alias_version_fkey', ['model_version_id'], 'model_version', ['id']),
    collation,
  ).execute();
  await db.schema
    .createIndex('model_alias_version_idx')
    .on('model_alias')
    .column('model_version_id')
    .execute();
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('alias_history') as unknown as Table)
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('alias', 'varchar(64)', (c) => c.notNull())
      // NULL: the alias was removed.
      .addColumn('model_version_id', 'integer')
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
  await db.schema
    .createIndex('alias_history_lookup_idx')
    .on('alias_history')
    .columns(['registered_model_id', 'alias', 'create_time', 'id'])
    .execute();
}
