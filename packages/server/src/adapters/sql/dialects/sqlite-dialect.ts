import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { errorField, queryLog, type SqlDialect } from './sql-dialect.js';

/** The embedded default. One process owns the file: SQLite mode does not scale out, by design. */
export function sqliteDialect(filename: string): SqlDialect {
  return {
    name: 'sqlite',
    display: `sqlite:${filename}`,
    likeNeedsEscapeClause: true,
    supportsReturning: true,
    bool: (value) => (value ? 1 : 0),
    async open(onQuery) {
      const { default: Database } = await import('better-sqlite3');
      if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
      const database = new Database(filename);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      // LIKE is case-sensitive on PostgreSQL and on MySQL with utf8mb4_bin; make SQLite agree.
      database.pragma('case_sensitive_like = ON');
      return new Kysely({ dialect: new SqliteDialect({ database }), log: queryLog(onQuery) });
    },
    isTransient: (error) => errorField(error, 'code') === 'SQLITE_BUSY',
    constraintViolation(error) {
      const code = errorField(error, 'code');
      const message = String(errorField(error, 'message') ?? '');
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        return { type: 'unique', detail: message };
      }
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return { type: 'foreign-key', detail: message };
      return undefined;
    },
  };
}
