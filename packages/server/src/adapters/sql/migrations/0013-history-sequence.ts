import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Histories in commit order (docs/adr/0015-one-lock-per-model.md): each lifecycle history gets
// a sequence per registered model, taken under the model's lock, so "the last move" is the one
// with the highest sequence on every engine and across replicas. The audit head keeps the time
// of the last event, so event times never go back along the chain. An index serves the audit
// trail by request id.

const HISTORIES = ['stage_transition', 'alias_history', 'deployment_event'] as const;

export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  for (const table of HISTORIES) {
    await db.schema
      .alterTable(table)
      .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    // Rows written before this migration keep their insertion order: ids grow, so they are a
    // sequence within each model; new rows continue above the model's highest.
    await sql`update ${sql.table(table)} set seq = id`.execute(db);
    await db.schema
      .createIndex(`${table}_seq_key`)
      .on(table)
      .columns(['registered_model_id', 'seq'])
      .unique()
      .execute();
  }
  await db.schema
    .createIndex('alias_history_seq_idx')
    .on('alias_history')
    .columns(['registered_model_id', 'alias', 'seq'])
    .execute();

  await db.schema
    .alterTable('audit_head')
    .addColumn('last_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  const { rows } = await sql<{
    t: unknown;
  }>`select coalesce(max(event_time), 0) as t from audit_event`.execute(db);
  await sql`update audit_head set last_time = ${Number(rows[0]?.t ?? 0)}`.execute(db);
  await db.schema
    .createIndex('audit_event_request_idx')
    .on('audit_event')
    .columns(['request_id', 'id'])
    .execute();
}
