import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { postgresDialect } from './postgres-dialect.js';
import type { SqlDialect } from './sql-dialect.js';

// Named prepared statements (named-statements.ts) against a real PostgreSQL: what keeps coming
// back is prepared once per connection, and a statement gone stale under the connection (a
// migration of another replica, a pooler that drops them) fails once, as a transient error the
// store retries, and then runs again.

const url = process.env['MODELREG_TEST_POSTGRES_URL'];

// Tables are created by the test, outside the registry's schema.
type UntypedDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tables by name

describe.skipIf(url === undefined)('named statements on PostgreSQL', () => {
  let dialect: SqlDialect;
  let db: UntypedDb;
  const table = `named_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    // One connection: every statement below runs on it, so its prepared statements are visible.
    dialect = postgresDialect(url ?? '', 1);
    db = (await dialect.open()) as Kysely<Database> as UntypedDb;
    await sql`create table ${sql.table(table)} (a int)`.execute(db);
    await sql`insert into ${sql.table(table)} (a) values (1)`.execute(db);
  });
  afterAll(async () => {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
    await db.destroy();
  });

  const readRow = () => db.selectFrom(table).selectAll().where('a', '=', 1).execute();
  const prepared = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from pg_prepared_statements`.execute(db)).rows[0]?.n,
    );
  /** The error of a statement that fails, or undefined. */
  const failure = async (run: () => Promise<unknown>) => {
    try {
      await run();
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it('prepares a statement that comes back, and runs it again after a migration changed its table', async () => {
    for (let i = 0; i < 3; i++) expect(await readRow()).toEqual([{ a: 1 }]);
    expect(await prepared()).toBeGreaterThan(0);
    await sql`alter table ${sql.table(table)} add column b int`.execute(db);
    // PostgreSQL refuses a prepared `select *` whose columns changed: once, as a transient error.
    const stale = await failure(readRow);
    expect(stale).toBeDefined();
    expect(dialect.isTransient(stale)).toBe(true);
    expect(await readRow()).toEqual([{ a: 1, b: null }]);
    expect(await readRow()).toEqual([{ a: 1, b: null }]);
  });

  it('runs every statement unnamed once a pooler lost one', async () => {
    for (let i = 0; i < 3; i++) await readRow();
    await sql`deallocate all`.execute(db);
    const lost = await failure(readRow);
    expect(lost).toBeDefined();
    expect(dialect.isTransient(lost)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await readRow()).toEqual([{ a: 1, b: null }]);
    expect(await prepared()).toBe(0);
  });
});
