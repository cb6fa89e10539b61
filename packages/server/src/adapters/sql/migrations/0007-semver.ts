import { sql, type Kysely } from 'kysely';
import { versionSortKey } from '../../../domain/semver.js';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Semantic versions: a model may require them; versions sort by precedence through a key whose
// byte order is semver order (see versionSortKey), compared bytewise on every engine.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  await db.schema
    .alterTable('registered_model')
    .addColumn('version_scheme', 'varchar(8)', (c) => c.notNull().defaultTo('free'))
    .execute();
  await db.schema
    .alterTable('model_version')
    .addColumn('version_sort_key', dialect === 'postgres' ? sql`varchar(512) collate "C"` : 'varchar(512)')
    .execute();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables by name
  const any = db as Kysely<any>;
  const versions = await any.selectFrom('model_version').select(['id', 'name']).execute();
  for (const { id, name } of versions) {
    await any
      .updateTable('model_version')
      .set({ version_sort_key: versionSortKey(String(name)) })
      .where('id', '=', id)
      .execute();
  }
  await db.schema
    .createIndex('model_version_sort_idx')
    .on('model_version')
    .columns(['registered_model_id', 'version_sort_key', 'id'])
    .execute();
}
