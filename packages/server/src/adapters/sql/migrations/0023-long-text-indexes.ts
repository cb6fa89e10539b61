import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Long text in PostgreSQL's B-tree indexes. The API takes string custom property values and
// artifact URIs of up to four million characters, but a PostgreSQL B-tree entry holds at most
// about 2.7 kB: a longer value, unless it compressed well, failed its insert ("index row size
// exceeds maximum"), a 500 on valid input. On PostgreSQL the two indexes of such values now hold
// only the values of at most 1500 bytes (shared/indexed-text.ts, INDEXED_TEXT_BYTES, which must
// stay this number); an equality or IN of values that short says so in its query
// (`shortTextTerm`), so the planner still uses them. SQLite keeps long keys in overflow pages,
// and MySQL indexes a prefix of these columns: nothing changes there.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.schema.dropIndex('custom_property_string_idx').execute();
  await db.schema
    .createIndex('custom_property_string_idx')
    .on('custom_property')
    .columns(['owner_kind', 'name', 'string_value', 'owner_id'])
    .where(sql<boolean>`string_value is not null and octet_length(string_value) <= 1500`)
    .execute();
  await db.schema.dropIndex('artifact_uri_idx').execute();
  await db.schema
    .createIndex('artifact_uri_idx')
    .on('artifact')
    .column('uri')
    .where(sql<boolean>`octet_length(uri) <= 1500`)
    .execute();
}
