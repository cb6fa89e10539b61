import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, type Table } from './schema-helpers.js';

// API tokens (stored only as a SHA-256 of their secret) and role grants to users and groups,
// globally or on one registered model.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const table = (name: string) => idColumn(dialect)(db.schema.createTable(name) as unknown as Table);

  await tableOptions(
    dialect,
    table('api_token')
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('subject', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('registered_model_id', 'integer')
      .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addColumn('expire_time', 'bigint')
      .addColumn('revoke_time', 'bigint')
      .addForeignKeyConstraint(
        'api_token_registered_model_id_fkey',
        ['registered_model_id'],
        'registered_model',
        ['id'],
      ),
    collation,
  ).execute();
  await db.schema.createIndex('api_token_name_key').on('api_token').column('name').unique().execute();

  await tableOptions(
    dialect,
    table('access_grant')
      .addColumn('principal_type', 'varchar(8)', (c) => c.notNull())
      .addColumn('principal', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      // 0 means every registered model: a NULL would let duplicate global grants past the unique index.
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'varchar(255)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
  await db.schema
    .createIndex('access_grant_key')
    .on('access_grant')
    .columns(['principal_type', 'principal', 'registered_model_id', 'role'])
    .unique()
    .execute();
}
