import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { ANSWERED_LATER, errorField, type QueryObserver } from './sql-dialect.js';

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
/** A ROLLBACK of the whole transaction: what was answered later no longer matters. */
const ROLLS_BACK = /^\s*rollback\s*;?\s*$/i;

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
/** What a statement answered later answers at once: no rows, no count (Kysely then counts none). */
const LATER = { command: 'ANSWERED LATER', rowCount: null, rows: [] } as const;

/**
 * A pool client that runs named statements, of the generation it was first checked out in.
 *
 * Some statements are not waited for: a transaction's BEGIN, and a write marked `ANSWERED_LATER`
 * (one whose answer the work does not read: SqlDialect.answersLater). Each answers at once and is
 * held on the socket; they leave in one write with the next statement that is waited for, on the
 * pipelined connection (pg's `pipeline` option), which saves a round trip each and a write and a
 * read on either side. That statement answers once all of them have: with the first error among
 * them, in the order they were sent, or else with its own answer. A statement that follows a
 * failed one in a transaction fails too (the transaction is aborted; a COMMIT then rolls back), so
 * nothing runs outside the transaction it belongs to and no write is lost unseen. A ROLLBACK
 * answers for itself alone: the transaction is being abandoned, for a reason already known.
 */
class NamingClient implements PostgresPoolClient {
  readonly generation: number;
  /** Statements sent and not yet answered to anyone: each resolves to its error, or undefined. */
  private pending: Promise<unknown>[] = [];
  /** The connection's socket while it holds those statements back for the next one. */
  private corked: Corkable | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly names: StatementNames,
    private readonly observe: QueryObserver | undefined,
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
    // Without parameters (BEGIN, COMMIT) pg sends the text in one simple-protocol message: keep it.
    // A connection of an ended generation finishes its transaction unnamed (its names are stale).
    const name = values.length === 0 || !this.current ? undefined : this.names.nameOf(sql);
    const query: QueryConfig = { name, text: sql, values };
    if (values.length === 0 && OPENS_TRANSACTION.test(sql)) return this.later<R>(query, BEGUN);
    if (sql.startsWith(ANSWERED_LATER)) return this.later<R>(query, LATER);
    const result = this.run<R>(query);
    if (this.pending.length === 0) return result;
    const pending = this.pending;
    this.pending = [];
    // They all leave in one write (pg has handed this statement to the socket).
    this.uncork();
    if (ROLLS_BACK.test(sql)) return result;
    // Handled at once: the answers before it are read first, and may decide what this one says.
    result.catch(() => undefined);
    return Promise.all(pending).then((errors) => {
      const failed = errors.find((error) => error !== undefined);
      if (failed !== undefined) throw failed;
      return result;
    });
  }

  /** Sends a statement held on the socket, answering `answer` at once; the next one answers for it. */
  private later<R>(query: QueryConfig, answer: object): Promise<PostgresQueryResult<R>> {
    if (this.corked === undefined) {
      this.corked = socketOf(this.client);
      this.corked?.cork();
    }
    const text = query.text;
    const start = performance.now();
    this.pending.push(
      this.run(query).then(
        () => {
          // A marked write is timed here, from when it was handed to pg to its answer (timedDialect
          // leaves it out); a BEGIN, as Kysely saw it (at once).
          if (answer === LATER) this.observe?.(text, performance.now() - start);
          return undefined;
        },
        (error: unknown) => error ?? new Error(`${text} failed`),
      ),
    );
    return Promise.resolve(answer as PostgresQueryResult<R>);
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
    // Statements never followed by one that answers for them (none of Kysely's transactions ends
    // so): the connection is not reused.
    const unanswered = this.pending.length > 0;
    this.pending = [];
    this.client.release(destroy === true || unanswered || !this.current);
  }
}

/** The pool as Kysely's PostgreSQL driver takes it, each client running named statements. */
export function namingPool(pool: Pool, names: StatementNames, observe?: QueryObserver): PostgresPool {
  const clients = new WeakMap<PoolClient, NamingClient>();
  return {
    async connect() {
      // An idle connection of an ended generation is closed; the pool opens a new one.
      for (;;) {
        const client = await pool.connect();
        const naming = clients.get(client) ?? new NamingClient(client, names, observe);
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
