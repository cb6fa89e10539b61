import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// What a list of models sorts by, kept on the model's row (docs/adr/0024-models-list-sorts.md):
// its newest version (id and creation time), its newest version in Production (id and creation
// time), its versions per stage, and the rank of its most advanced stage. The store keeps them in
// step with every write of a version, in the write's transaction; existing rows are filled here.
// Owner is a column of the row already: it only gets an index.

const COUNTS = {
  development_count: 'Development',
  staging_count: 'Staging',
  production_count: 'Production',
  archived_count: 'Archived',
} as const;

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  const add = (column: string, type: 'integer' | 'bigint', notNull: boolean) =>
    db.schema
      .alterTable('registered_model')
      .addColumn(column, type, (c) => (notNull ? c.notNull().defaultTo(0) : c))
      .execute();
  await add('latest_version_id', 'integer', false);
  await add('latest_version_time', 'bigint', false);
  await add('production_version_id', 'integer', false);
  await add('production_version_time', 'bigint', false);
  for (const column of Object.keys(COUNTS)) await add(column, 'integer', true);
  await add('stage_rank', 'integer', true);

  // The newest version of a model, and its newest in a stage, by one index seek each.
  // Its prefix serves what the index it replaces served. MySQL names the table of an index.
  const drop = db.schema.dropIndex('model_version_stage_idx');
  await (dialect === 'mysql' ? drop.on('model_version') : drop).execute();
  await db.schema
    .createIndex('model_version_stage_id_idx')
    .on('model_version')
    .columns(['registered_model_id', 'stage', 'id'])
    .execute();
  await db.schema
    .createIndex('model_version_model_id_idx')
    .on('model_version')
    .columns(['registered_model_id', 'id'])
    .execute();

  // Two statements: MySQL evaluates SET assignments left to right, seeing the new values, where
  // the others see the old row; the second statement reads what the first wrote, on every engine.
  const ofModel = sql`v.registered_model_id = registered_model.id`;
  const counts = Object.entries(COUNTS).map(
    ([column, stage]) =>
      sql`${sql.ref(column)} = (select count(*) from model_version v where ${ofModel} and v.stage = ${stage})`,
  );
  await sql`update registered_model set ${sql.join([
    ...counts,
    sql`latest_version_id = (select max(v.id) from model_version v where ${ofModel})`,
    sql`production_version_id = (select max(v.id) from model_version v where ${ofModel} and v.stage = 'Production')`,
  ])}`.execute(db);
  await sql`update registered_model set
    latest_version_time = (select v.create_time from model_version v where v.id = registered_model.latest_version_id),
    production_version_time = (select v.create_time from model_version v where v.id = registered_model.production_version_id),
    stage_rank = case
      when production_count > 0 then 4
      when staging_count > 0 then 3
      when development_count > 0 then 2
      when archived_count > 0 then 1
      else 0 end`.execute(db);

  // The list's orderings, each with the id as tie-breaker. A model without the value sorts first
  // ascending, last descending, on every engine: PostgreSQL is told so, the others do it anyway.
  const nullable = new Set(['latest_version_time', 'production_version_time', 'owner']);
  for (const [name, column] of [
    ['registered_model_latest_version_idx', 'latest_version_time'],
    ['registered_model_production_version_idx', 'production_version_time'],
    ['registered_model_stage_rank_idx', 'stage_rank'],
    ['registered_model_owner_idx', 'owner'],
  ] as const) {
    if (dialect === 'postgres' && nullable.has(column)) {
      await sql`create index ${sql.id(name)} on registered_model (${sql.id(column)} nulls first, id)`.execute(
        db,
      );
    } else {
      await db.schema.createIndex(name).on('registered_model').columns([column, 'id']).execute();
    }
  }
}
