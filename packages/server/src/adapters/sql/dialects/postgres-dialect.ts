import type { Database } from '../database.js';
import { Kysely, PostgresDialect } from 'kysely';
import type { PoolConfig } from 'pg';
import { isStalePreparedStatement, namingPool, StatementNames } from './named-statements.js';
import { errorField, redactUrl, timedDialect, type SqlDialect } from './sql-dialect.js';

/** Prepared statements per connection at most (named-statements.ts); a registration runs about 20. */
const NAMED_STATEMENTS = 200;

/** PostgreSQL 11 brought `sha256()`, with which the audit chain is appended in one statement. */
const SHA256_SINCE = 110_000;

/**
 * The pool's settings. Pipelined: a statement is sent without waiting for the one before it to be
 * answered, so a transaction's BEGIN goes out with its first statement (named-statements.ts).
 */
export function postgresPoolConfig(url: string, poolSize: number): PoolConfig {
  return { connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000, pipeline: true };
}

export function postgresDialect(url: string, poolSize = 10): SqlDialect {
  let opened: { totalCount: number; idleCount: number; waitingCount: number } | undefined;
  // Known once the store has opened: the server's version (`server_version_num`).
  let hasSha256 = false;
  return {
    name: 'postgres',
    display: redactUrl(url),
    likeNeedsEscapeClause: true,
    supportsReturning: true,
    lockedFromBegin: false,
    locksFoundRowsOnly: true,
    locksOneTableOfJoin: true,
    supportsWritableCte: true,
    answersLater: true,
    get chainsAuditInSql() {
      return hasSha256;
    },
    bool: (value) => value,
    async open(onQuery) {
      const { default: pg } = await import('pg');
      const pool = new pg.Pool(postgresPoolConfig(url, poolSize));
      // An idle client that loses its server must not crash the process; the next query reports it.
      pool.on('error', () => undefined);
      opened = pool;
      const version = await pool.query<{ server_version_num: string }>('show server_version_num');
      hasSha256 = Number(version.rows[0]?.server_version_num) >= SHA256_SINCE;
      return new Kysely<Database>({
        dialect: timedDialect(
          new PostgresDialect({ pool: namingPool(pool, new StatementNames(NAMED_STATEMENTS), onQuery) }),
          onQuery,
        ),
      });
    },
    poolUsage: () =>
      opened === undefined
        ? undefined
        : { total: opened.totalCount, idle: opened.idleCount, waiting: opened.waitingCount },
    isTransient: (error) =>
      ['40001', '40P01'].includes(String(errorField(error, 'code'))) || isStalePreparedStatement(error),
    constraintViolation(error) {
      const code = errorField(error, 'code');
      const detail = `${String(errorField(error, 'constraint') ?? '')} ${String(errorField(error, 'detail') ?? '')}`;
      if (code === '23505') return { type: 'unique', detail };
      if (code === '23503') return { type: 'foreign-key', detail };
      return undefined;
    },
  };
}
