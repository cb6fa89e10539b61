import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { errorField } from './sql-dialect.js';

// Named prepared statements on PostgreSQL. Kysely's driver sends every statement unnamed, so the
// server parses and plans it again each time it runs; a registration runs a dozen of the same
// statements. Here a statement text that keeps coming back gets a name, and pg parses a named
// statement once per connection and then only binds and executes it.

/** Uses of a text before it is named: a statement built for one request (an IN list of its ids) stays unnamed. */
const NAME_AFTER_USES = 2;
/** Texts counted before they are named; the count starts again when full. */
const COUNTED_TEXTS = 1_000;

/**
 * The names of the statement texts run most, the same on every connection of the pool. Bounded:
 * at most `limit` names, so each connection holds at most `limit` prepared statements on the
 * server; a text that comes once those are taken stays unnamed. A generation of names ends when
 * the schema under them changed: connections of an older one are closed, not reused.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly uses = new Map<string, number>();
  private enabled = true;
  private current = 1;

  constructor(private readonly limit: number) {}

  get generation(): number {
    return this.current;
  }

  /** The name to run the text under, or undefined to run it unnamed. */
  nameOf(text: string): string | undefined {
    if (!this.enabled) return undefined;
    const name = this.names.get(text);
    if (name !== undefined || this.names.size >= this.limit) return name;
    const uses = (this.uses.get(text) ?? 0) + 1;
    if (uses < NAME_AFTER_USES) {
      if (this.uses.size >= COUNTED_TEXTS) this.uses.clear();
      this.uses.set(text, uses);
      return undefined;
    }
    this.uses.delete(text);
    const fresh = `modelreg_${this.current}_${this.names.size + 1}`;
    this.names.set(text, fresh);
    return fresh;
  }

  /** Starts a new generation: every connection prepares its statements again, on a new session. */
  renew(generation: number): void {
    if (generation !== this.current) return;
    this.current += 1;
    this.names.clear();
    this.uses.clear();
  }

  /** From now on every statement runs unnamed (a connection pooler that does not keep them). */
  disable(): void {
    this.enabled = false;
  }
}

/**
 * Whether a named statement failed for a reason that running the transaction again on a fresh
 * connection cures: another replica's migration changed a table a prepared `select *` reads
 * (`cached plan must not change result type`), or a pooler between us and the server (PgBouncer
 * in transaction mode before 1.21) lost the statement.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const code = errorField(error, 'code');
  if (code === '26000') return true;
  return code === '0A000' && /cached plan/.test(String(errorField(error, 'message')));
}

/** The statements that open a transaction, as Kysely's PostgreSQL driver sends them. */
const OPENS_TRANSACTION = /^\s*(begin|start\s+transaction)\b/i;

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * The socket under a pg client (its `connection.stream`), where it has one that holds writes back
 * (`cork`): pg corks it itself around the messages of one statement.
 */
function socketOf(client: PoolClient): Corkable | undefined {
  const stream: unknown = Reflect.get(Object(Reflect.get(client, 'connection')), 'stream');
  const corkable =
    typeof stream === 'object' &&
    stream !== null &&
    typeof Reflect.get(stream, 'cork') === 'function' &&
    typeof Reflect.get(stream, 'uncork') === 'function';
  return corkable ? (stream as Corkable) : undefined;
}

/** What a BEGIN answers; nothing reads more of it (Kysely's driver reads the command). */
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [] } as const;

/**
 * A pool client that runs named statements, of the generation it was first checked out in.
 *
 * A transaction's BEGIN is not waited for: it is held on the socket and leaves in one write with
 * the transaction's first statement, on the pipelined connection (pg's `pipeline` option), which
 * saves a round trip per transaction and a write and a read on each side. That statement answers once both have: if the BEGIN failed, with its error. A
 * BEGIN fails only when the statement behind it fails too (a connection lost, or a transaction
 * already aborted, where every statement fails), so nothing runs outside the transaction it
 * belongs to.
 */
class NamingClient implements PostgresPoolClient {
  readonly generation: number;
  /** A BEGIN sent and not yet answered to anyone: resolves to its error, or undefined once it ran. */
  private opening: Promise<unknown> | undefined;
  /** The connection's socket while it holds a BEGIN back for the statement behind it. */
  private corked: Corkable | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly names: StatementNames,
  ) {
    this.generation = names.generation;
  }

  get current(): boolean {
    return this.generation === this.names.generation;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') throw new Error('the store does not stream from PostgreSQL');
    const values = [...parameters];
    if (values.length === 0 && OPENS_TRANSACTION.test(sql)) return this.open<R>(sql);
    // Without parameters (BEGIN, COMMIT) pg sends the text in one simple-protocol message: keep it.
    // A connection of an ended generation finishes its transaction unnamed (its names are stale).
    const name = values.length === 0 || !this.current ? undefined : this.names.nameOf(sql);
    const result = this.run<R>({ name, text: sql, values });
    const opening = this.opening;
    if (opening === undefined) return result;
    this.opening = undefined;
    // The BEGIN and this statement leave in one write (pg has handed this one to the socket).
    this.uncork();
    // Handled at once: the BEGIN's answer is read first, and may decide what this one says.
    result.catch(() => undefined);
    return opening.then((beginError) => {
      if (beginError !== undefined) throw beginError;
      return result;
    });
  }

  /** Sends the BEGIN and answers at once; the next statement answers for it. */
  private open<R>(sql: string): Promise<PostgresQueryResult<R>> {
    if (this.opening !== undefined) throw new Error('a transaction was opened twice on one connection');
    this.corked = socketOf(this.client);
    this.corked?.cork();
    this.opening = this.client.query(sql).then(
      () => undefined,
      (error: unknown) => error ?? new Error(`${sql} failed`),
    );
    return Promise.resolve(BEGUN as unknown as PostgresQueryResult<R>);
  }

  private async run<R>(query: QueryConfig): Promise<PostgresQueryResult<R>> {
    try {
      // pg's result has the fields Kysely reads (command, rowCount, rows); its row type is ours.
      return (await this.client.query(query)) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (query.name !== undefined && isStalePreparedStatement(error)) {
        // A pooler that lost a statement would lose it again: names are given up altogether.
        if (errorField(error, 'code') === '26000') this.names.disable();
        else this.names.renew(this.generation);
      }
      throw error;
    }
  }

  private uncork(): void {
    this.corked?.uncork();
    this.corked = undefined;
  }

  release(destroy?: boolean): void {
    this.uncork();
    this.client.release(destroy === true || !this.current);
  }
}

/** The pool as Kysely's PostgreSQL driver takes it, each client running named statements. */
export function namingPool(pool: Pool, names: StatementNames): PostgresPool {
  const clients = new WeakMap<PoolClient, NamingClient>();
  return {
    async connect() {
      // An idle connection of an ended generation is closed; the pool opens a new one.
      for (;;) {
        const client = await pool.connect();
        const naming = clients.get(client) ?? new NamingClient(client, names);
        if (naming.current) {
          clients.set(client, naming);
          return naming;
        }
        client.release(true);
      }
    },
    end: () => pool.end(),
  };
}
