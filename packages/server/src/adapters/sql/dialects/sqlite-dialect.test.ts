import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../database.js';
import { sqliteDialect } from './sqlite-dialect.js';

// The SQLite dialect's savings on every statement, and what keeps them correct: LIMIT and
// OFFSET written as numbers (a bound LIMIT made SQLite prepare the statement again at each run),
// the column names of a statement's rows kept until the schema may have changed, and a write
// transaction's journals kept in memory.

// Tables are created by the test, outside the registry's schema.
type UntypedDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tables by name

describe('the SQLite dialect', () => {
  let dir: string;
  let file: string;
  let db: UntypedDb;
  /** A second connection to the same file, as another process would have. */
  let other: BetterSqlite3.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'modelreg-sqlite-dialect-'));
    file = join(dir, 'db.sqlite');
    db = (await sqliteDialect(file).open()) as Kysely<Database> as UntypedDb;
    await sql`create table t (id integer primary key, a text, b text)`.execute(db);
    await sql`insert into t (id, a, b) values (1, 'a1', 'b1'), (2, 'a2', 'b2'), (3, 'a3', 'b3')`.execute(db);
    other = new BetterSqlite3(file);
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (trx: UntypedDb = db) => trx.selectFrom('t').selectAll().orderBy('id').execute();

  it('writes integer LIMIT and OFFSET into the text and binds anything else', async () => {
    const page = db.selectFrom('t').select('id').orderBy('id').limit(2).offset(1).compile();
    expect(page.sql).toMatch(/ limit 2 offset 1$/);
    expect(page.parameters).toEqual([]);
    const computed = db
      .selectFrom('t')
      .select('id')
      .limit(sql<number>`${1} + ${1}`)
      .compile();
    expect(computed.sql).toMatch(/ limit \? \+ \?$/);
    expect(computed.parameters).toEqual([1, 1]);
    // Each limit is its own statement, and each returns its own page.
    for (const limit of [1, 3, 2]) {
      const found = await db.selectFrom('t').select('id').orderBy('id').limit(limit).execute();
      expect(found.map((row) => row.id)).toEqual([1, 2, 3].slice(0, limit));
    }
    const second = await db.selectFrom('t').select('id').orderBy('id').limit(1).offset(1).execute();
    expect(second).toEqual([{ id: 2 }]);
  });

  it("reads a statement's column names once while the schema stays the same", async () => {
    const statementPrototype = Object.getPrototypeOf(other.prepare('select 1')) as BetterSqlite3.Statement;
    const columns = vi.spyOn(statementPrototype, 'columns');
    try {
      for (let round = 0; round < 3; round++) await db.transaction().execute((trx) => rows(trx));
      expect(columns).toHaveBeenCalledTimes(1);
      // Outside a transaction another connection could change the schema between two statements.
      await rows();
      await rows();
      expect(columns).toHaveBeenCalledTimes(3);
    } finally {
      columns.mockRestore();
    }
  });

  it('reads the new columns of a row after another connection added one', async () => {
    expect(await db.transaction().execute((trx) => rows(trx))).toContainEqual({ id: 1, a: 'a1', b: 'b1' });
    other.exec(`alter table t add column c text default 'c'`);
    const after = await db.transaction().execute((trx) => rows(trx));
    expect(after[0]).toEqual({ id: 1, a: 'a1', b: 'b1', c: 'c' });
  });

  it('reads the new names after another connection renamed a column (same width)', async () => {
    expect((await db.transaction().execute((trx) => rows(trx)))[0]).toEqual({ id: 1, a: 'a1', b: 'b1' });
    other.exec('alter table t rename column b to renamed');
    expect((await db.transaction().execute((trx) => rows(trx)))[0]).toEqual({
      id: 1,
      a: 'a1',
      renamed: 'b1',
    });
    // Outside a transaction too.
    other.exec('alter table t rename column renamed to again');
    expect((await rows())[0]).toEqual({ id: 1, a: 'a1', again: 'b1' });
  });

  it('reads the new names after its own transaction changed the schema', async () => {
    const inside = await db.transaction().execute(async (trx) => {
      const before = await rows(trx);
      await sql`alter table t rename column a to first`.execute(trx);
      return { before: before[0], after: (await rows(trx))[0] };
    });
    expect(inside).toEqual({ before: { id: 1, a: 'a1', b: 'b1' }, after: { id: 1, first: 'a1', b: 'b1' } });
  });

  it('keeps a repeated name as the last column, as an object row does', async () => {
    const found = await sql<{ v: string }>`select a as v, b as v from t where id = 1`.execute(db);
    expect(found.rows).toEqual([{ v: 'b1' }]);
  });

  /** SQLite's temporary files this process has open (unlinked as soon as they are opened). */
  const temporaryFiles = () =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return ''; // closed meanwhile (the directory's own descriptor)
        }
      })
      .filter((target) => target.includes('etilqs_'));

  it.runIf(process.platform === 'linux')(
    "keeps a write transaction's savepoint journal in memory, and sets the default store back for its sorts",
    async () => {
      await sql`create table big (id integer primary key, body blob)`.execute(db);
      await sql`insert into big (body) select randomblob(3000) from t, t as t2, t as t3, t as t4`.execute(db);
      // 81 rows of 3 kB: a savepoint that rewrites them journals about 80 pages, past the 64 KiB
      // SQLite keeps in memory when the store is a file.
      const seen = await db.transaction().execute(async (trx) => {
        await sql`savepoint s`.execute(trx);
        await sql`update big set body = randomblob(3000)`.execute(trx);
        const files = temporaryFiles();
        await sql`release s`.execute(trx);
        const store = await sql<{ temp_store: number }>`pragma temp_store`.execute(trx);
        return { files, store: store.rows[0]?.temp_store };
      });
      expect(seen).toEqual({ files: [], store: 0 });
      // The same work begun as SQLite begins it spills the journal to a file: the check above can fail.
      other.exec('begin immediate; savepoint s; update big set body = randomblob(3000)');
      expect(temporaryFiles()).toHaveLength(1);
      other.exec('release s; commit');
      expect(await sql<{ n: number }>`select count(*) as n from big`.execute(db)).toMatchObject({
        rows: [{ n: 81 }],
      });
    },
  );

  it('leaves the default store when a BEGIN fails', async () => {
    const store = await db.transaction().execute(async (trx) => {
      // A BEGIN inside a transaction fails at once, after the store was set for it.
      await expect(sql`begin immediate`.execute(trx)).rejects.toThrow(/within a transaction/);
      return (await sql<{ temp_store: number }>`pragma temp_store`.execute(trx)).rows[0]?.temp_store;
    });
    expect(store).toBe(0);
  });
});
