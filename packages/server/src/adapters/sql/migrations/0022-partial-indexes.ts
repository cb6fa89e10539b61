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

interface PartialIndex {
  readonly name: string;
  readonly table: string;
  readonly columns: readonly string[];
  /** The column whose rows with a value the index keeps. */
  readonly valued: string;
  readonly unique?: boolean;
}

const partial = (
  name: string,
  table: string,
  columns: string[],
  valued: string,
  unique = false,
): PartialIndex => ({
  name,
  table,
  columns,
  valued,
  unique,
});

const PARTIAL: readonly PartialIndex[] = [
  ...(['int', 'double', 'bool', 'string'] as const).map((type) =>
    partial(
      `custom_property_${type}_idx`,
      'custom_property',
      ['owner_kind', 'name', `${type}_value`, 'owner_id'],
      `${type}_value`,
    ),
  ),
  partial(
    'artifact_metric_idx',
    'artifact',
    ['artifact_type', 'name', 'metric_value', 'model_version_id'],
    'metric_value',
  ),
  partial(
    'artifact_parameter_idx',
    'artifact',
    ['artifact_type', 'name', 'parameter_number', 'model_version_id'],
    'parameter_number',
  ),
  partial('artifact_run_idx', 'artifact', ['experiment_run_id', 'id'], 'experiment_run_id'),
  partial('artifact_digest_idx', 'artifact', ['digest', 'artifact_type'], 'digest'),
  partial('artifact_external_id_key', 'artifact', ['external_id'], 'external_id', true),
  partial('model_version_external_id_key', 'model_version', ['external_id'], 'external_id', true),
];

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect === 'mysql') return;
  for (const index of PARTIAL) {
    await db.schema.dropIndex(index.name).execute();
    let create = db.schema
      .createIndex(index.name)
      .on(index.table)
      .columns([...index.columns])
      .where(sql.ref(index.valued), 'is not', null);
    if (index.unique) create = create.unique();
    await create.execute();
  }
}
