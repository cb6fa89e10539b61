import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../database.js';

/** At most this many transactions share one COMMIT: a bound on what one group adds to latency. */
const MAX_GROUP = 32;

/** A transaction waiting for its turn on the connection. */
interface Waiting {
  readonly work: (db: Kysely<Database>) => Promise<unknown>;
  readonly readOnly: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** How one transaction of a group ended: its value, or the error that rolled its work back. */
interface Ended {
  readonly waiting: Waiting;
  readonly ok: boolean;
  readonly value: unknown;
}

/** A group once its COMMIT has run (or failed): what each transaction gets once that is durable. */
interface Group {
  readonly ended: readonly Ended[];
  /** The COMMIT failed, or SQLite rolled the whole group back: nothing of it was kept. */
  readonly failure?: unknown;
}

const statement = (text: string) => CompiledQuery.raw(text);

/**
 * Group commit at the transaction level, for an engine with one connection whose transactions run
 * one after another (SQLite, docs/adr/0023-write-path-and-group-commit.md). Transactions that
 * arrive while one runs wait for the connection as before; when it is done they run next inside
 * the same database transaction, each under a savepoint of its own, and one COMMIT ends them all.
 * The WAL then takes each page the group changed once, where every transaction wrote its own
 * frames for the pages it shared with the others (the model's, the audit chain's head, the
 * indexes' last leaves): the COMMIT was more than half of the statements' time per request with
 * 32 clients.
 *
 * Semantics, as for one transaction at a time:
 * - each transaction still sees the database alone, with the write lock from its start (the
 *   group's BEGIN IMMEDIATE): the ones before it in the group are committed as far as it can tell;
 * - a transaction that fails is rolled back to its savepoint and the others go on; its error is
 *   told like any other (the first of a group is rolled back whole, and ends the group);
 * - nobody is answered before the group's COMMIT has run and `durable` has made it durable, a
 *   failed transaction included (what it saw of the others is committed then). A COMMIT that fails,
 *   or an error after which SQLite rolled the whole transaction back, fails every transaction of the
 *   group with that error; nothing of the group is kept, and none of it was answered.
 *
 * A read-only transaction may join a group that writes (it runs under its lock). A group opened by
 * a read-only one begins without the lock and takes only read-only ones, so that it never needs
 * the lock halfway.
 */
export class CommitGroups {
  private readonly queue: Waiting[] = [];
  private draining = false;

  /**
   * @param durable resolves once every COMMIT run before the call is on disk (GroupSync);
   *   `alone` when the group held one transaction and no other is under way.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly durable: (alone: boolean) => Promise<void>,
    private readonly alone: () => boolean,
  ) {}

  /** Runs `work` in the next group; resolves (or rejects) once the group is durable. */
  run<T>(work: (db: Kysely<Database>) => Promise<T>, readOnly: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, readOnly, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        let group: Group;
        try {
          group = await this.db.connection().execute((connection) => this.group(connection));
        } catch (error) {
          // Only the connection itself failing gets here (the group catches what runs in it).
          for (const waiting of this.queue.splice(0)) waiting.reject(error);
          return;
        }
        // The next group runs on the connection while this one's commit is synced.
        void this.settle(group);
      }
    } finally {
      this.draining = false;
    }
  }

  /** Answers a group's transactions once its COMMIT is durable. */
  private async settle(group: Group): Promise<void> {
    try {
      await this.durable(group.ended.length === 1 && this.alone());
    } catch (error) {
      for (const { waiting } of group.ended) waiting.reject(error);
      return;
    }
    for (const { waiting, ok, value } of group.ended) {
      if (group.failure !== undefined) waiting.reject(ok ? group.failure : value);
      else if (ok) waiting.resolve(value);
      else waiting.reject(value);
    }
  }

  /** One BEGIN, the transactions waiting (as many as come while it runs, up to MAX_GROUP), one COMMIT. */
  private async group(connection: Kysely<Database>): Promise<Group> {
    const first = this.queue.shift();
    if (first === undefined) return { ended: [] };
    const writes = !first.readOnly;
    try {
      await connection.executeQuery(statement(writes ? 'begin immediate' : 'begin'));
    } catch (error) {
      // Nothing ran (a lock another process holds, past the busy timeout): told at once.
      first.reject(error);
      return { ended: [] };
    }
    const ended: Ended[] = [await this.first(connection, first)];
    let failure: unknown;
    if (ended[0]?.ok === true) {
      for (;;) {
        // better-sqlite3 answers in the same turn of the event loop, so nobody could have come
        // while the transactions before ran: when others are under way (clients connected), one
        // turn lets the requests already read reach their transactions.
        if (this.queue.length === 0 && !this.alone()) await new Promise((resolve) => setImmediate(resolve));
        const next = this.queue[0];
        if (next === undefined || ended.length >= MAX_GROUP || (!writes && !next.readOnly)) break;
        this.queue.shift();
        const outcome = await this.next(connection, next);
        ended.push(outcome.ended);
        if (outcome.lost !== undefined) {
          failure = outcome.lost;
          break;
        }
      }
    }
    if (failure === undefined && ended[0]?.ok === true) {
      try {
        await connection.executeQuery(statement('commit'));
      } catch (error) {
        failure = error;
      }
    }
    if (failure !== undefined) await connection.executeQuery(statement('rollback')).catch(() => undefined);
    return { ended, failure };
  }

  /** The group's first transaction: on failure the whole transaction is rolled back, and the group ends. */
  private async first(connection: Kysely<Database>, waiting: Waiting): Promise<Ended> {
    try {
      return { waiting, ok: true, value: await waiting.work(connection) };
    } catch (error) {
      await connection.executeQuery(statement('rollback')).catch(() => undefined);
      return { waiting, ok: false, value: error };
    }
  }

  /**
   * A later transaction of the group, under a savepoint when it may write. `lost`: its failure
   * took the whole database transaction with it (SQLite does so after some I/O and full-disk errors),
   * so the group's earlier work is gone too.
   */
  private async next(
    connection: Kysely<Database>,
    waiting: Waiting,
  ): Promise<{ ended: Ended; lost?: unknown }> {
    const savepoint = !waiting.readOnly;
    try {
      if (savepoint) await connection.executeQuery(statement('savepoint grouped'));
      const value = await waiting.work(connection);
      if (savepoint) await connection.executeQuery(statement('release grouped'));
      return { ended: { waiting, ok: true, value } };
    } catch (error) {
      const ended = { waiting, ok: false, value: error };
      if (!savepoint) return { ended };
      try {
        await connection.executeQuery(statement('rollback to grouped'));
        await connection.executeQuery(statement('release grouped'));
        return { ended };
      } catch {
        return { ended, lost: error };
      }
    }
  }
}
