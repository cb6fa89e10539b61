import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Promotion policies (conditions a version must meet to enter a stage) and approvals.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await tableOptions(
    dialect,
    (db.schema.createTable('promotion_policy') as unknown as Table)
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('stage', 'varchar(16)', (c) => c.notNull())
      .addColumn('conditions', textType(dialect), (c) => c.notNull())
      .addColumn('update_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('promotion_policy_pkey', ['registered_model_id', 'stage'])
      .addForeignKeyConstraint('promotion_policy_model_fkey', ['registered_model_id'], 'registered_model', [
        'id',
      ]),
    collation,
  ).execute();
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('approval') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('stage', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('comment', textType(dialect))
      .addColumn('create_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
  await db.schema
    .createIndex('approval_key')
    .on('approval')
    .columns(['model_version_id', 'stage', 'actor'])
    .unique()
    .execute();
}
