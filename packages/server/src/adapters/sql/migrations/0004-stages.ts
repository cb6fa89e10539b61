import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Model version stages (Development → Staging → Production → Archived) and their history.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await db.schema
    .alterTable('model_version')
    .addColumn('stage', 'varchar(16)', (c) => c.notNull().defaultTo('Development'))
    .execute();
  // Versions archived before stages existed are in stage Archived.
  await (db as Kysely<Record<string, Record<string, unknown>>>)
    .updateTable('model_version')
    .set({ stage: 'Archived' })
    .where('state', '=', 'ARCHIVED')
    .execute();
  await db.schema
    .createIndex('model_version_stage_idx')
    .on('model_version')
    .columns(['registered_model_id', 'stage'])
    .execute();
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('stage_transition') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('from_stage', 'varchar(16)', (c) => c.notNull())
      .addColumn('to_stage', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('comment', textType(dialect))
      .addColumn('create_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
  await db.schema
    .createIndex('stage_transition_version_idx')
    .on('stage_transition')
    .columns(['model_version_id', 'id'])
    .execute();
  await db.schema
    .createIndex('stage_transition_model_idx')
    .on('stage_transition')
    .columns(['registered_model_id', 'id'])
    .execute();
}
