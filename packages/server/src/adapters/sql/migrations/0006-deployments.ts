import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Deployment history: who deployed or undeployed which version where, and when. The Kubeflow
// entities (serving environment, inference service) keep the desired state; this keeps the story.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('deployment_event') as unknown as Table)
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('serving_environment_id', 'integer', (c) => c.notNull())
      .addColumn('inference_service_id', 'integer', (c) => c.notNull())
      .addColumn('action', 'varchar(16)', (c) => c.notNull())
      .addColumn('endpoint', textType(dialect))
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('comment', textType(dialect))
      .addColumn('create_time', 'bigint', (c) => c.notNull()),
    collation,
  ).execute();
  await db.schema
    .createIndex('deployment_event_model_idx')
    .on('deployment_event')
    .columns(['registered_model_id', 'id'])
    .execute();
  await db.schema
    .createIndex('deployment_event_version_idx')
    .on('deployment_event')
    .columns(['model_version_id', 'id'])
    .execute();
}
