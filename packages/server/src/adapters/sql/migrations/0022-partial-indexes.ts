import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Indexes that hold only the rows with a value (issue 21, docs/adr/0023-write-path-and-group-commit.md).
// A custom property has one typed value, so each row entered all four typed indexes, three of
// them with NULL; a model artifact entered the metric and parameter indexes and those of a run,
// an external id and a digest it does not have. Every such entry is a B-tree insert and, at
// commit, often one more page written to the log. Each index keeps its name and columns, and
// holds only the rows whose value is not NULL.
//
// Every query these indexes serve compares the indexed value (=, <, >, LIKE, IN, IS NOT NULL), and
// SQLite and PostgreSQL both take such a comparison as proof that the value is not NULL, so the
// plans keep them; an entity's own properties are read by the primary key. MySQL has no partial
// indexes: its indexes stay as they are.

const PARTIAL: readonly {
  name: string;
  table: string;
  columns: string[];
  valued: string;
  unique?: boolean;
}[] = [
  {
    name: 'custom_property_int_idx',
    table: 'custom_property',
    columns: ['owner_kind', 'name', 'int_value', 'owner_id'],
    valued: 'int_value',
  },
  {
    name: 'custom_property_double_idx',
    table: 'custom_property',
    columns: ['owner_kind', 'name', 'double_value', 'owner_id'],
    valued: 'double_value',
  },
  {
    name: 'custom_property_bool_idx',
    table: 'custom_property',
    columns: ['owner_kind', 'name', 'bool_value', 'owner_id'],
    valued: 'bool_value',
  },
  {
    name: 'custom_property_string_idx',
    table: 'custom_property',
    columns: ['owner_kind', 'name', 'string_value', 'owner_id'],
    valued: 'string_value',
  },
  {
    name: 'artifact_metric_idx',
    table: 'artifact',
    columns: ['artifact_type', 'name', 'metric_value', 'model_version_id'],
    valued: 'metric_value',
  },
  {
    name: 'artifact_parameter_idx',
    table: 'artifact',
    columns: ['artifact_type', 'name', 'parameter_number', 'model_version_id'],
    valued: 'parameter_number',
  },
  {
    name: 'artifact_run_idx',
    table: 'artifact',
    columns: ['experiment_run_id', 'id'],
    valued: 'experiment_run_id',
  },
  { name: 'artifact_digest_idx', table: 'artifact', columns: ['digest', 'artifact_type'], valued: 'digest' },
  {
    name: 'artifact_external_id_key',
    table: 'artifact',
    columns: ['external_id'],
    valued: 'external_id',
    unique: true,
  },
  {
    name: 'model_version_external_id_key',
    table: 'model_version',
    columns: ['external_id'],
    valued: 'external_id',
    unique: true,
  },
];

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect === 'mysql') return;
  for (const index of PARTIAL) {
    await db.schema.dropIndex(index.name).execute();
    let create = db.schema
      .createIndex(index.name)
      .on(index.table)
      .columns(index.columns)
      .where(sql.ref(index.valued), 'is not', null);
    if (index.unique === true) create = create.unique();
    await create.execute();
  }
}
