import { InputError } from '../../domain/errors.js';
import type { MetadataStore } from '../../ports/metadata-store.js';
import { mysqlDialect } from './dialects/mysql-dialect.js';
import { postgresDialect } from './dialects/postgres-dialect.js';
import type { QueryObserver, SqlDialect } from './dialects/sql-dialect.js';
import { sqliteDialect } from './dialects/sqlite-dialect.js';
import { SqlMetadataStore } from './sql-metadata-store.js';

/**
 * Chooses the dialect from a database URL: `sqlite:<file>` (or `sqlite::memory:`),
 * `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`.
 */
export function dialectForUrl(url: string, options: { poolSize?: number } = {}): SqlDialect {
  const scheme = /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
      if (file === '')
        throw new InputError('INVALID_DATABASE_URL', `--db ${url}: give a file after 'sqlite:'`);
      return sqliteDialect(file);
    }
    case 'postgres':
    case 'postgresql':
      return postgresDialect(url, options.poolSize);
    case 'mysql':
    case 'mariadb':
      return mysqlDialect(url, options.poolSize);
    default:
      throw new InputError(
        'INVALID_DATABASE_URL',
        `--db: unsupported database URL '${url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@')}'; use sqlite:<file>, postgres://… or mysql://…`,
      );
  }
}

export async function openMetadataStore(
  url: string,
  options: { poolSize?: number; onQuery?: QueryObserver; othersBusy?: () => boolean } = {},
): Promise<MetadataStore> {
  return SqlMetadataStore.open(dialectForUrl(url, options), {
    onQuery: options.onQuery,
    othersBusy: options.othersBusy,
  });
}
