import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Column types and table options every migration uses, so each dialect gets the same schema.

export type Table = CreateTableBuilder<string, string>;

export function idColumn(dialect: SqlDialectName) {
  return (table: Table): Table =>
    dialect === 'postgres'
      ? table.addColumn('id', 'serial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** MySQL's TEXT holds 64 KB; model cards and descriptions can be longer. */
export function textType(dialect: SqlDialectName) {
  return dialect === 'mysql' ? sql`mediumtext` : sql`text`;
}

/**
 * Names must compare byte for byte, trailing spaces included, as on SQLite and PostgreSQL:
 * on MySQL a binary collation without PAD SPACE, whose name differs between MySQL 8 and MariaDB.
 */
export async function tableCollation(db: Kysely<unknown>, dialect: SqlDialectName): Promise<string> {
  if (dialect !== 'mysql') return '';
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return /mariadb/i.test(rows[0]?.v ?? '') ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
}

export function tableOptions(dialect: SqlDialectName, table: Table, collation: string): Table {
  return dialect === 'mysql'
    ? table.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`)
    : table;
}
