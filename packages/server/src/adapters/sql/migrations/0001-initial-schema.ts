import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// The schema is ours, one table per entity family (not ML-Metadata's generic tables).
// Names are limited to 255 characters so that unique indexes fit MySQL's key length.

function baseColumns(dialect: SqlDialectName, table: Table): Table {
  return idColumn(dialect)(table)
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('external_id', 'varchar(255)')
    .addColumn('description', textType(dialect))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull());
}

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  const text = textType(dialect);
  // Foreign keys are table constraints: MySQL ignores a REFERENCES clause on a column.
  const create = (name: string, build: (t: Table) => Table, references: Record<string, string> = {}) => {
    let table = build(baseColumns(dialect, db.schema.createTable(name) as unknown as Table));
    for (const [column, target] of Object.entries(references)) {
      table = table.addForeignKeyConstraint(`${name}_${column}_fkey`, [column], target, ['id']);
    }
    return tableOptions(dialect, table, collation).execute();
  };
  const index = async (table: string, name: string, columns: string[], unique = false) => {
    let builder = db.schema.createIndex(name).on(table).columns(columns);
    if (unique) builder = builder.unique();
    await builder.execute();
  };
  const timeIndexes = async (table: string) => {
    await index(table, `${table}_create_time_idx`, ['create_time', 'id']);
    await index(table, `${table}_last_update_time_idx`, ['last_update_time', 'id']);
    await index(table, `${table}_external_id_key`, ['external_id'], true);
  };

  // Registered models, versions, serving environments, inference services, experiments and runs
  // draw their ids from one sequence, as Kubeflow's contexts do: a `parentResourceId` then names
  // one entity whatever its kind.
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('context_id') as unknown as Table).addColumn(
      'kind',
      'varchar(24)',
      (c) => c.notNull(),
    ),
    collation,
  ).execute();

  await create('registered_model', (t) =>
    t
      .addColumn('owner', 'varchar(255)')
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('readme', text)
      .addColumn('maturity', 'varchar(255)')
      .addColumn('language', text)
      .addColumn('tasks', text)
      .addColumn('provider', 'varchar(255)')
      .addColumn('logo', text)
      .addColumn('license', 'varchar(255)')
      .addColumn('license_link', text)
      .addColumn('library_name', 'varchar(255)'),
  );
  await index('registered_model', 'registered_model_name_key', ['name'], true);
  await timeIndexes('registered_model');

  await create(
    'model_version',
    (t) =>
      t
        .addColumn('registered_model_id', 'integer', (c) => c.notNull())
        .addColumn('author', 'varchar(255)')
        .addColumn('state', 'varchar(16)', (c) => c.notNull()),
    { registered_model_id: 'registered_model' },
  );
  await index('model_version', 'model_version_name_key', ['registered_model_id', 'name'], true);
  await index('model_version', 'model_version_name_idx', ['name']);
  await timeIndexes('model_version');

  await create('serving_environment', (t) => t);
  await index('serving_environment', 'serving_environment_name_key', ['name'], true);
  await timeIndexes('serving_environment');

  await create('experiment', (t) =>
    t.addColumn('owner', 'varchar(255)').addColumn('state', 'varchar(16)', (c) => c.notNull()),
  );
  await index('experiment', 'experiment_name_key', ['name'], true);
  await timeIndexes('experiment');

  await create(
    'experiment_run',
    (t) =>
      t
        .addColumn('experiment_id', 'integer', (c) => c.notNull())
        .addColumn('owner', 'varchar(255)')
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('start_time', 'bigint')
        .addColumn('end_time', 'bigint'),
    { experiment_id: 'experiment' },
  );
  await index('experiment_run', 'experiment_run_name_key', ['experiment_id', 'name'], true);
  await timeIndexes('experiment_run');

  await create(
    'inference_service',
    (t) =>
      t
        .addColumn('serving_environment_id', 'integer', (c) => c.notNull())
        .addColumn('registered_model_id', 'integer', (c) => c.notNull())
        .addColumn('model_version_id', 'integer')
        .addColumn('runtime', 'varchar(255)')
        .addColumn('desired_state', 'varchar(16)', (c) => c.notNull()),
    {
      serving_environment_id: 'serving_environment',
      registered_model_id: 'registered_model',
      model_version_id: 'model_version',
    },
  );
  await index('inference_service', 'inference_service_name_key', ['serving_environment_id', 'name'], true);
  await index('inference_service', 'inference_service_model_idx', ['registered_model_id']);
  await index('inference_service', 'inference_service_version_idx', ['model_version_id']);
  await timeIndexes('inference_service');

  await create(
    'serve_model',
    (t) =>
      t
        .addColumn('inference_service_id', 'integer', (c) => c.notNull())
        .addColumn('model_version_id', 'integer', (c) => c.notNull())
        .addColumn('last_known_state', 'varchar(16)', (c) => c.notNull()),
    { inference_service_id: 'inference_service', model_version_id: 'model_version' },
  );
  await index('serve_model', 'serve_model_name_key', ['inference_service_id', 'name'], true);
  await index('serve_model', 'serve_model_version_idx', ['model_version_id']);
  await timeIndexes('serve_model');

  await create(
    'artifact',
    (t) =>
      t
        .addColumn('artifact_type', 'varchar(32)', (c) => c.notNull())
        // The scope a name is unique in: the model version or run it is attached to, or 'top'.
        .addColumn('name_scope', 'varchar(64)', (c) => c.notNull())
        .addColumn('uri', text)
        .addColumn('state', 'varchar(32)', (c) => c.notNull())
        .addColumn('model_version_id', 'integer')
        .addColumn('experiment_id', 'integer')
        .addColumn('experiment_run_id', 'integer')
        .addColumn('model_format_name', 'varchar(255)')
        .addColumn('model_format_version', 'varchar(255)')
        .addColumn('storage_key', 'varchar(255)')
        .addColumn('storage_path', text)
        .addColumn('service_account_name', 'varchar(255)')
        .addColumn('model_source_kind', 'varchar(255)')
        .addColumn('model_source_class', 'varchar(255)')
        .addColumn('model_source_group', 'varchar(255)')
        .addColumn('model_source_id', 'varchar(255)')
        .addColumn('model_source_name', 'varchar(255)')
        .addColumn('digest', 'varchar(255)')
        .addColumn('source_type', 'varchar(255)')
        .addColumn('source', text)
        .addColumn('data_schema', text)
        .addColumn('profile', text)
        .addColumn('metric_value', 'double precision')
        .addColumn('timestamp', 'bigint')
        .addColumn('step', 'bigint')
        .addColumn('parameter_value', text)
        .addColumn('parameter_type', 'varchar(16)'),
    { model_version_id: 'model_version', experiment_id: 'experiment', experiment_run_id: 'experiment_run' },
  );
  await index('artifact', 'artifact_name_key', ['name_scope', 'name'], true);
  await index('artifact', 'artifact_name_idx', ['name']);
  await index('artifact', 'artifact_version_idx', ['model_version_id', 'id']);
  await index('artifact', 'artifact_run_idx', ['experiment_run_id', 'id']);
  await index('artifact', 'artifact_type_idx', ['artifact_type', 'id']);
  await timeIndexes('artifact');

  await create(
    'metric_history',
    (t) =>
      t
        .addColumn('experiment_run_id', 'integer', (c) => c.notNull())
        .addColumn('experiment_id', 'integer', (c) => c.notNull())
        .addColumn('metric_value', 'double precision')
        .addColumn('timestamp', 'bigint')
        .addColumn('step', 'bigint')
        .addColumn('state', 'varchar(32)', (c) => c.notNull()),
    { experiment_run_id: 'experiment_run', experiment_id: 'experiment' },
  );
  await index('metric_history', 'metric_history_run_idx', ['experiment_run_id', 'name', 'step']);
  await timeIndexes('metric_history');

  // Typed custom properties of every entity; the value indexes serve filterQuery.
  await tableOptions(
    dialect,
    db.schema
      .createTable('custom_property')
      .addColumn('owner_kind', 'varchar(24)', (c) => c.notNull())
      .addColumn('owner_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('value_type', 'varchar(8)', (c) => c.notNull())
      .addColumn('int_value', 'bigint')
      .addColumn('double_value', 'double precision')
      .addColumn('string_value', text)
      .addColumn('bool_value', 'boolean')
      .addColumn('proto_type', text)
      .addPrimaryKeyConstraint('custom_property_pkey', ['owner_kind', 'owner_id', 'name']),
    collation,
  ).execute();
  await index('custom_property', 'custom_property_int_idx', ['owner_kind', 'name', 'int_value', 'owner_id']);
  await index('custom_property', 'custom_property_double_idx', [
    'owner_kind',
    'name',
    'double_value',
    'owner_id',
  ]);
  await index('custom_property', 'custom_property_bool_idx', [
    'owner_kind',
    'name',
    'bool_value',
    'owner_id',
  ]);
  if (dialect === 'mysql') {
    // MySQL indexes a TEXT column only by a prefix.
    await sql`create index custom_property_string_idx on custom_property (owner_kind, name, string_value(191), owner_id)`.execute(
      db,
    );
  } else {
    await index('custom_property', 'custom_property_string_idx', [
      'owner_kind',
      'name',
      'string_value',
      'owner_id',
    ]);
  }
}
