import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';
import { idColumn, tableCollation, tableOptions, textType, type Table } from './schema-helpers.js';

// The audit trail: one row per event, each holding the hash of the one before (a chain), and a
// one-row head whose update serialises appends on every engine.

export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const collation = await tableCollation(db, dialect);
  await tableOptions(
    dialect,
    idColumn(dialect)(db.schema.createTable('audit_event') as unknown as Table)
      .addColumn('event_time', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'varchar(255)', (c) => c.notNull())
      .addColumn('actor_method', 'varchar(16)', (c) => c.notNull())
      .addColumn('action', 'varchar(128)', (c) => c.notNull())
      .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
      .addColumn('entity_type', 'varchar(32)')
      .addColumn('entity_id', 'varchar(64)')
      .addColumn('request_id', 'varchar(128)')
      .addColumn('detail', textType(dialect))
      .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull()),
    collation,
  ).execute();
  for (const [name, columns] of [
    ['audit_event_time_idx', ['event_time', 'id']],
    ['audit_event_actor_idx', ['actor', 'id']],
    ['audit_event_entity_idx', ['entity_type', 'entity_id', 'id']],
    ['audit_event_action_idx', ['action', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('audit_event')
      .columns([...columns])
      .execute();
  }
  await tableOptions(
    dialect,
    (db.schema.createTable('audit_head') as unknown as Table)
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_hash', 'varchar(64)', (c) => c.notNull()),
    collation,
  ).execute();
  await (db as Kysely<Record<string, Record<string, unknown>>>)
    .insertInto('audit_head')
    .values({ id: 1, last_hash: '0'.repeat(64) })
    .execute();
}
