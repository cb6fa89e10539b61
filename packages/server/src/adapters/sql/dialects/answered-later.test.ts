import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namingPool, StatementNames } from './named-statements.js';
import { ANSWERED_LATER, errorField } from './sql-dialect.js';
import { postgresPoolConfig } from './postgres-dialect.js';

// Statements answered later (named-statements.ts), against a real PostgreSQL: a transaction's
// BEGIN and the writes marked ANSWERED_LATER leave in one write with the next statement that is
// waited for, which answers for them: a statement's own error is its answer, one that failed
// before it fails it with that error, and nothing is written by a transaction that then ends.

const url = process.env['MODELREG_TEST_POSTGRES_URL'];

describe.skipIf(url === undefined)('statements answered later on PostgreSQL', () => {
  let pool: pg.Pool;
  /** What the one connection of the pool was sent and answered, in order. */
  const events: string[] = [];
  const table = `later_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    // The store's settings, on one connection: the one the spy below is put on.
    pool = new pg.Pool(postgresPoolConfig(url ?? '', 1));
    const client = await pool.connect();
    await client.query(`create table ${table} (a int)`);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // A spy on the real client: it logs when a statement is handed to pg and when it is answered
    // (the store's calls; the pool's own, with a callback, pass through).
    Reflect.set(client, 'query', (...args: unknown[]) => {
      const answer = query(...args);
      if (!(answer instanceof Promise)) return answer;
      const [config] = args;
      const text = typeof config === 'string' ? config : String(Reflect.get(Object(config), 'text'));
      events.push(`sent ${text}`);
      void answer.then(
        () => events.push(`answered ${text}`),
        () => events.push(`failed ${text}`),
      );
      return answer;
    });
    // And on its socket: each write it makes to the server (a corked socket writes several at once).
    const socket = Reflect.get(Reflect.get(client, 'connection') as object, 'stream') as Record<
      string,
      unknown
    >;
    for (const method of ['_write', '_writev']) {
      const write = socket[method] as (...args: unknown[]) => unknown;
      socket[method] = (...args: unknown[]) => {
        events.push('write');
        return write.apply(socket, args);
      };
    }
    client.release();
  });
  afterAll(async () => {
    await pool.query(`drop table if exists ${table}`);
    await pool.end();
  });

  const connect = () => namingPool(pool, new StatementNames(10)).connect();
  const failure = async (run: Promise<unknown>) => {
    try {
      await run;
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it('sends the BEGIN and the first statement in one write, and answers both in order', async () => {
    events.length = 0;
    const client = await connect();
    await client.query('begin', []);
    const rows = await client.query<{ a: number }>(`insert into ${table} (a) values ($1) returning a`, [1]);
    await client.query('commit', []);
    client.release();
    expect(rows.rows).toEqual([{ a: 1 }]);
    const insert = `insert into ${table} (a) values ($1) returning a`;
    // The BEGIN and the insert leave in one write; each is answered in its turn.
    expect(events).toEqual([
      'sent begin',
      `sent ${insert}`,
      'write',
      'answered begin',
      `answered ${insert}`,
      'write',
      'sent commit',
      'answered commit',
    ]);
    expect((await pool.query(`select a from ${table}`)).rows).toEqual([{ a: 1 }]);
  });

  it("answers the first statement's own error, and the transaction rolls back", async () => {
    const client = await connect();
    await client.query('begin', []);
    const error = await failure(client.query(`insert into ${table} (a) values ($1)`, ['not a number']));
    expect(errorField(error, 'code')).toBe('22P02');
    await client.query('rollback', []);
    client.release();
    expect((await pool.query(`select count(*)::int as n from ${table}`)).rows).toEqual([{ n: 1 }]);
  });

  it("fails the statement behind a BEGIN that failed, with the BEGIN's error, and it changes nothing", async () => {
    const client = await connect();
    // The connection is left in an aborted transaction: there every statement fails, BEGIN too.
    await client.query('begin', []);
    await failure(client.query('select 1 / $1::int', [0]));
    const begin = client.query('begin', []);
    const insert = client.query(`insert into ${table} (a) values ($1)`, [2]);
    expect(await begin).toMatchObject({ command: 'BEGIN' });
    const error = await failure(insert);
    expect(errorField(error, 'code')).toBe('25P02');
    expect(events).toContain('failed begin');
    await client.query('rollback', []);
    client.release();
    expect((await pool.query(`select a from ${table} order by a`)).rows).toEqual([{ a: 1 }]);
  });

  it("answers the BEGIN's error for a statement that would have succeeded behind it", async () => {
    const client = await connect();
    await client.query('begin', []);
    await failure(client.query('select 1 / $1::int', [0]));
    // A COMMIT in an aborted transaction succeeds (it rolls back): here it answers for the BEGIN.
    await client.query('begin', []);
    const error = await failure(client.query('commit', []));
    expect(errorField(error, 'code')).toBe('25P02');
    // The COMMIT ended the aborted transaction: the connection is usable again.
    expect((await client.query<{ one: number }>('select 1 as one', [])).rows).toEqual([{ one: 1 }]);
    client.release();
  });

  const later = (value: string) => `${ANSWERED_LATER}insert into ${table} (a) values (${value})`;
  const rows = async () => (await pool.query(`select a from ${table} order by a`)).rows;
  /** Rolls the transaction back: nothing it wrote stays. */
  const rolledBack = async (client: Awaited<ReturnType<typeof connect>>) => {
    await client.query('rollback', []);
    client.release();
    expect(await rows()).toEqual([{ a: 1 }]);
  };
  /** The transaction is over (the connection runs a statement of its own) and wrote nothing. */
  const leftUnwritten = async (client: Awaited<ReturnType<typeof connect>>) => {
    expect((await client.query<{ one: number }>('select 1 as one', [])).rows).toEqual([{ one: 1 }]);
    client.release();
    expect(await rows()).toEqual([{ a: 1 }]);
  };

  it('sends the BEGIN and the writes answered later in one write with the next statement', async () => {
    events.length = 0;
    const observed: string[] = [];
    const client = await namingPool(pool, new StatementNames(10), (sql) => observed.push(sql)).connect();
    await client.query('begin', []);
    // Answered at once, with no rows and no count, before anything was written to the server.
    expect(await client.query(later('$1::int'), [10])).toMatchObject({ rows: [], rowCount: null });
    expect(await client.query(later('$1::int'), [11])).toMatchObject({ rows: [], rowCount: null });
    expect(events).toEqual(['sent begin', `sent ${later('$1::int')}`, `sent ${later('$1::int')}`]);
    const count = await client.query<{ n: number }>(
      `select count(*)::int as n from ${table} where a > $1`,
      [9],
    );
    // The statement behind them sees what they wrote: they ran first, in the same transaction.
    expect(count.rows).toEqual([{ n: 2 }]);
    expect(events.filter((event) => event === 'write')).toHaveLength(1);
    expect(events.indexOf('write')).toBe(4);
    // Each write answered later is timed once answered, under its own text (the BEGIN is not).
    expect(observed).toEqual([later('$1::int'), later('$1::int')]);
    await rolledBack(client);
  });

  it('fails the next statement with the error of a write answered later, in the order they were sent', async () => {
    const client = await connect();
    await client.query('begin', []);
    await client.query(later('$1::int'), [12]);
    await client.query(later('$1'), ['not a number']);
    await client.query(later('1 / $1::int'), [0]);
    const error = await failure(client.query('select 1 as one', []));
    // The second write's error (22P02), not the third's (aborted, 25P02) nor the select's.
    expect(errorField(error, 'code')).toBe('22P02');
    await rolledBack(client);
  });

  it('fails the COMMIT behind a write answered later that failed, and nothing is written', async () => {
    const client = await connect();
    await client.query('begin', []);
    await client.query(later('$1::int'), [13]);
    await client.query(later('1 / $1::int'), [0]);
    const error = await failure(client.query('commit', []));
    expect(errorField(error, 'code')).toBe('22012');
    await leftUnwritten(client);
  });

  it('lets a ROLLBACK answer for itself behind a write answered later that failed', async () => {
    const client = await connect();
    await client.query('begin', []);
    await client.query(later('1 / $1::int'), [0]);
    expect(await client.query('rollback', [])).toMatchObject({ command: 'ROLLBACK' });
    await leftUnwritten(client);
  });
});
