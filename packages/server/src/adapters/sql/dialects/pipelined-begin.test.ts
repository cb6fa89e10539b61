import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namingPool, StatementNames } from './named-statements.js';
import { errorField } from './sql-dialect.js';
import { postgresPoolConfig } from './postgres-dialect.js';

// A transaction's BEGIN is pipelined with its first statement (named-statements.ts), against a
// real PostgreSQL: the first statement is on the wire before the BEGIN is answered, a statement's
// own error is its answer, and a BEGIN that fails fails the statement behind it, which then
// changed nothing.

const url = process.env['MODELREG_TEST_POSTGRES_URL'];

describe.skipIf(url === undefined)('pipelined BEGIN on PostgreSQL', () => {
  let pool: pg.Pool;
  /** What the one connection of the pool was sent and answered, in order. */
  const events: string[] = [];
  const table = `pipelined_${randomBytes(4).toString('hex')}`;

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
});
