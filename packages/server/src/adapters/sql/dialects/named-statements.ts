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

/** A pool client that runs named statements, of the generation it was first checked out in. */
class NamingClient implements PostgresPoolClient {
  readonly generation: number;

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
    // Without parameters (BEGIN, COMMIT) pg sends the text in one simple-protocol message: keep it.
    // A connection of an ended generation finishes its transaction unnamed (its names are stale).
    const name = values.length === 0 || !this.current ? undefined : this.names.nameOf(sql);
    return this.run<R>({ name, text: sql, values });
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

  release(destroy?: boolean): void {
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
