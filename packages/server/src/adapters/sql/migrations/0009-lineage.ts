import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// Lineage (code, experiment run and parents of a version), metric goals, and the indexes that
// serve search by metric, parameter and dataset. Metrics, parameters and datasets themselves are
// the Kubeflow artifacts attached to a version; the pipeline run is its ModelArtifact's modelSource*.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const create = (table: Table) => tableOptions(dialect, table, collation).execute();

  await create(
    (db.schema.createTable('version_lineage') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('code_repository', 'varchar(512)')
      .addColumn('code_commit', 'varchar(255)')
      .addColumn('code_path', textType(dialect))
      .addColumn('experiment_run_id', 'integer')
      .addPrimaryKeyConstraint('version_lineage_pkey', ['model_version_id'])
      .addForeignKeyConstraint('version_lineage_version_fkey', ['model_version_id'], 'model_version', ['id'])
      .addForeignKeyConstraint('version_lineage_run_fkey', ['experiment_run_id'], 'experiment_run', ['id']),
  );
  await db.schema
    .createIndex('version_lineage_commit_idx')
    .on('version_lineage')
    .column('code_commit')
    .execute();
  await db.schema
    .createIndex('version_lineage_repository_idx')
    .on('version_lineage')
    .column('code_repository')
    .execute();
  await db.schema
    .createIndex('version_lineage_run_idx')
    .on('version_lineage')
    .column('experiment_run_id')
    .execute();

  await create(
    idColumn(dialect)(db.schema.createTable('version_parent') as unknown as Table)
      .addColumn('model_version_id', 'integer', (c) => c.notNull())
      .addColumn('parent_version_id', 'integer', (c) => c.notNull())
      .addColumn('relation', 'varchar(32)', (c) => c.notNull())
      .addColumn('create_time', 'bigint', (c) => c.notNull())
      .addForeignKeyConstraint('version_parent_child_fkey', ['model_version_id'], 'model_version', ['id'])
      .addForeignKeyConstraint('version_parent_parent_fkey', ['parent_version_id'], 'model_version', ['id']),
  );
  await db.schema
    .createIndex('version_parent_key')
    .on('version_parent')
    .columns(['model_version_id', 'parent_version_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('version_parent_parent_idx')
    .on('version_parent')
    .columns(['parent_version_id', 'model_version_id'])
    .execute();

  await create(
    (db.schema.createTable('metric_goal') as unknown as Table)
      .addColumn('registered_model_id', 'integer', (c) => c.notNull())
      .addColumn('metric', 'varchar(255)', (c) => c.notNull())
      .addColumn('goal', 'varchar(8)', (c) => c.notNull())
      .addPrimaryKeyConstraint('metric_goal_pkey', ['registered_model_id', 'metric'])
      .addForeignKeyConstraint('metric_goal_model_fkey', ['registered_model_id'], 'registered_model', ['id']),
  );

  // A parameter's numeric value, so `params.lr < 0.01` compares numbers and can be ordered by.
  await db.schema.alterTable('artifact').addColumn('parameter_number', 'double precision').execute();
  if (dialect === 'postgres') {
    await sql`update artifact set parameter_number = cast(parameter_value as double precision)
      where artifact_type = 'parameter' and parameter_type = 'number'
      and parameter_value ~ '^\\s*-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?\\s*$'`.execute(db);
  } else {
    // SQLite and MySQL cast a numeric text to its number; the type check keeps other rows NULL.
    await sql`update artifact set parameter_number = cast(parameter_value as ${sql.raw(
      dialect === 'mysql' ? 'double' : 'real',
    )}) where artifact_type = 'parameter' and parameter_type = 'number'`.execute(db);
  }

  // Search by metric (ordered by value), by parameter of a version, and by dataset.
  await db.schema
    .createIndex('artifact_metric_idx')
    .on('artifact')
    .columns(['artifact_type', 'name', 'metric_value', 'model_version_id'])
    .execute();
  await db.schema
    .createIndex('artifact_parameter_idx')
    .on('artifact')
    .columns(['artifact_type', 'name', 'parameter_number', 'model_version_id'])
    .execute();
  await db.schema
    .createIndex('artifact_version_name_idx')
    .on('artifact')
    .columns(['model_version_id', 'artifact_type', 'name'])
    .execute();
  await db.schema
    .createIndex('artifact_digest_idx')
    .on('artifact')
    .columns(['digest', 'artifact_type'])
    .execute();
  // MySQL indexes a prefix of a text column only.
  if (dialect === 'mysql') await sql`create index artifact_uri_idx on artifact (uri(255))`.execute(db);
  else await db.schema.createIndex('artifact_uri_idx').on('artifact').column('uri').execute();
}
