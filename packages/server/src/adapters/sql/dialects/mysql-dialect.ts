import type { Database } from '../database.js';
import { CompiledQuery, Kysely, MysqlDialect } from 'kysely';
import { errorField, redactUrl, timedDialect, type SqlDialect } from './sql-dialect.js';

/** MySQL 8 and MariaDB 10.11+. */
export function mysqlDialect(url: string, poolSize = 10): SqlDialect {
  return {
    name: 'mysql',
    display: redactUrl(url),
    // MySQL's LIKE already treats backslash as the escape character.
    likeNeedsEscapeClause: false,
    supportsReturning: false,
    lockedFromBegin: false,
    bool: (value) => (value ? 1 : 0),
    async open(onQuery) {
      const { createPool } = await import('mysql2');
      const pool = createPool({
        uri: url.replace(/^mariadb:/, 'mysql:'),
        connectionLimit: poolSize,
        charset: 'utf8mb4_bin',
        supportBigNumbers: true,
        connectTimeout: 10_000,
      });
      return new Kysely<Database>({
        dialect: timedDialect(
          new MysqlDialect({
            pool,
            // READ COMMITTED, as PostgreSQL's default: InnoDB's REPEATABLE READ would answer every plain
            // read of a transaction from the snapshot of its first read, so a read made after waiting
            // for a model's lock could miss what the previous holder committed (ADR 15).
            onCreateConnection: async (connection) => {
              await connection.executeQuery(
                CompiledQuery.raw('set session transaction isolation level read committed'),
              );
            },
          }),
          onQuery,
        ),
      });
    },
    // 1213: deadlock, 1205: lock wait timeout.
    isTransient: (error) => [1213, 1205].includes(Number(errorField(error, 'errno'))),
    constraintViolation(error) {
      const errno = errorField(error, 'errno');
      const detail = String(errorField(error, 'message') ?? '');
      if (errno === 1062) return { type: 'unique', detail };
      if (errno === 1451 || errno === 1452) return { type: 'foreign-key', detail };
      return undefined;
    },
  };
}
