import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  type CompiledQuery,
  type Dialect,
} from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../database.js';
import { mysqlDialect } from '../dialects/mysql-dialect.js';
import { postgresDialect } from '../dialects/postgres-dialect.js';
import type { SqlDialect } from '../dialects/sql-dialect.js';
import { sqliteDialect } from '../dialects/sqlite-dialect.js';
import { checkCompiledStatements, fixed, runCompiled } from './compiled-statement.js';
import type { SqlContext } from './sql-context.js';

// SQLite's compiler as the store has it (it writes LIMIT numbers into the text).
const sqlite = sqliteDialect(':memory:');
const sqliteStore = await sqlite.open();
afterAll(() => sqliteStore.destroy());

// Each engine's own Kysely compiler over a driver that runs nothing: what is checked here is the
// SQL and the parameters each call sends, not what an engine answers.
const ENGINES: readonly [SqlDialect, Dialect][] = [
  [
    sqlite,
    {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => ({
        compileQuery: (node, queryId) => sqliteStore.getExecutor().compileQuery(node, queryId),
      }),
    },
  ],
  [
    postgresDialect('postgres://127.0.0.1/unused'),
    {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  ],
  [
    mysqlDialect('mysql://127.0.0.1/unused'),
    {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new MysqlIntrospector(db),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
  ],
];

let keys = 0;
/** A key no other test used: the compiled statements are kept for the whole process. */
const freshKey = (what: string) => `${what} ${++keys}`;

describe.each(ENGINES)('runCompiled on %s', (dialect, kyselyDialect) => {
  const sent: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: kyselyDialect,
    log: (event) => void sent.push(event.query),
  });
  const ctx: SqlContext = { db, dialect, lockedModels: new Map() };

  afterEach(() => {
    sent.length = 0;
    // The test setup checks every reuse; the tests here turn it off to see what runs without.
    checkCompiledStatements();
  });

  const sqlAndParameters = (query: CompiledQuery) => ({ sql: query.sql, parameters: query.parameters });
  /** What Kysely compiles the statement to, built as usual. */
  const fresh = (query: { compile(): CompiledQuery }) => sqlAndParameters(query.compile());
  const byName = (name: string, limit: number) =>
    db.selectFrom('registered_model').selectAll().where('name', '=', name).orderBy('id').limit(limit);

  it('builds once, then sends the same SQL with each call its own values', async () => {
    checkCompiledStatements(false);
    const key = freshKey('by name');
    const build = vi.fn(byName);
    const names = ['a', 'b', 'c'];
    for (const name of names) await runCompiled(ctx, key, [name, fixed(5)], () => build(name, 5));
    expect(build).toHaveBeenCalledTimes(1);
    expect(sent.map(sqlAndParameters)).toEqual(names.map((name) => fresh(byName(name, 5))));
  });

  it('keys a fixed value: SQLite writes a LIMIT into the text, the other engines bind it', async () => {
    checkCompiledStatements(false);
    const key = freshKey('by name');
    const build = vi.fn(byName);
    const calls = [
      ['a', 1],
      ['b', 2],
      ['c', 1],
      ['d', 2],
    ] as const;
    for (const [name, limit] of calls) {
      await runCompiled(ctx, key, [name, fixed(limit)], () => build(name, limit));
    }
    expect(build).toHaveBeenCalledTimes(2);
    expect(sent.map(sqlAndParameters)).toEqual(calls.map(([name, limit]) => fresh(byName(name, limit))));
    expect(sent[0]?.sql).toMatch(dialect.name === 'sqlite' ? /limit 1$/ : /limit (\?|\$2)$/);
  });

  it('checks each reuse against a fresh build: a key that leaves out what the SQL depends on fails', async () => {
    const key = freshKey('by owner');
    const byOwner = (owner: string | null) =>
      db
        .selectFrom('registered_model')
        .select('id')
        .where('owner', owner === null ? 'is' : '=', owner);
    const values = (owner: string | null) => (owner === null ? [] : [owner]);
    await runCompiled(ctx, key, values('alice'), () => byOwner('alice'));
    await runCompiled(ctx, key, values('bob'), () => byOwner('bob'));
    await expect(runCompiled(ctx, key, values(null), () => byOwner(null))).rejects.toThrow(
      /its key must name everything its SQL depends on/,
    );
  });

  it('builds every time a statement whose first compilation did not bind the values as given', async () => {
    checkCompiledStatements(false);
    const key = freshKey('values out of order');
    const byNameAndOwner = (name: string, owner: string) =>
      db.selectFrom('registered_model').select('id').where('name', '=', name).where('owner', '=', owner);
    const build = vi.fn(byNameAndOwner);
    await runCompiled(ctx, key, ['alice', 'a'], () => build('a', 'alice'));
    await runCompiled(ctx, key, ['bob', 'b'], () => build('b', 'bob'));
    expect(build).toHaveBeenCalledTimes(2);
    expect(sent.map(sqlAndParameters)).toEqual([
      fresh(byNameAndOwner('a', 'alice')),
      fresh(byNameAndOwner('b', 'bob')),
    ]);
    // Where the check is on, the caller's mistake fails its tests rather than going unnoticed.
    checkCompiledStatements();
    await expect(
      runCompiled(ctx, freshKey('values out of order'), ['alice', 'a'], () => byNameAndOwner('a', 'alice')),
    ).rejects.toThrow(/does not bind exactly the values its caller gave/);
  });

  it('builds every time a statement with a value that is not plain', async () => {
    checkCompiledStatements(false);
    const key = freshKey('not plain');
    const at = new Date(5);
    const build = vi.fn(() =>
      db.updateTable('registered_model').set({ last_update_time: 5 }).where('id', '=', 1),
    );
    await runCompiled(ctx, key, [at, 1], build);
    await runCompiled(ctx, key, [at, 1], build);
    expect(build).toHaveBeenCalledTimes(2);
  });
});
