import type { CompiledQuery, DatabaseConnection, Dialect, Driver, Kysely, QueryResult } from 'kysely';
import type { Database } from '../database.js';

export type SqlDialectName = 'sqlite' | 'postgres' | 'mysql';

/** What a duplicate-key or foreign-key error from a driver tells us, in driver-neutral terms. */
export interface ConstraintViolation {
  readonly type: 'unique' | 'foreign-key';
  /** The constraint or column text the driver reported, for telling which field clashed. */
  readonly detail: string;
}

/**
 * Everything that differs between the SQL engines, kept at this edge. The driver is imported
 * lazily by `open()`, so an unused backend costs nothing.
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** The location for messages and logs, with any password removed. */
  readonly display: string;
  open(onQuery?: QueryObserver): Promise<Kysely<Database>>;
  /** Connections of the pool by state, when the driver tells (PostgreSQL); after open(). */
  poolUsage?(): PoolUsage | undefined;
  constraintViolation(error: unknown): ConstraintViolation | undefined;
  /** Housekeeping after each transaction (SQLite refreshes its planner statistics now and then). */
  afterTransaction?(): void;
  /**
   * Resolves once every transaction that ended before the call is on disk; the store waits for it
   * before it answers (SQLite's group commit, docs/adr/0023-write-path-and-group-commit.md).
   * Engines whose COMMIT is durable when it returns leave it out. `alone`: no other transaction
   * of this store is under way (SQLite then syncs on the calling thread, see GroupSync).
   */
  durable?(alone?: boolean): Promise<void>;
  /**
   * Whether a transaction of read-only work begins as one (Kysely's access mode): SQLite then
   * begins without the write lock. Left out where saying so gains nothing or costs a statement
   * (MySQL sends `set transaction read only` before `begin`).
   */
  readonly marksReadOnly?: boolean;
  /**
   * One connection runs the transactions one after another (SQLite): those that wait for it run
   * together in one database transaction, each under a savepoint, and share its COMMIT
   * (CommitGroups, docs/adr/0023-write-path-and-group-commit.md).
   */
  readonly groupsCommits?: boolean;
  /** A deadlock or serialisation failure: the whole transaction may be run again. */
  isTransient(error: unknown): boolean;
  /** A boolean as the driver binds it (SQLite and MySQL store 0/1). */
  bool(value: boolean): boolean | number;
  /** Whether LIKE needs an explicit `ESCAPE '\'` to treat backslash as the escape character. */
  readonly likeNeedsEscapeClause: boolean;
  readonly supportsReturning: boolean;
  /**
   * A transaction holds the whole database's write lock from its BEGIN (SQLite's BEGIN IMMEDIATE,
   * docs/adr/0015-one-lock-per-model.md): nothing it reads can change until it ends, but by itself,
   * as if it held the lock of every row. A read-only transaction (`marksReadOnly`) begins without
   * the lock but reads one snapshot: what it read cannot change for it either, and it writes nothing.
   */
  readonly lockedFromBegin: boolean;
  /**
   * Whether a statement's WITH may write (PostgreSQL): two writes then cost one round trip.
   * SQLite runs in-process (nothing to save) and MySQL has no such WITH.
   */
  readonly supportsWritableCte?: boolean;
  /**
   * Whether a locking read (FOR UPDATE) that finds no row locks nothing (PostgreSQL), so a write
   * may take a row's lock in the read that finds it. MySQL's InnoDB locks the gap where the row
   * would be: two registrations into one new model would then deadlock on their inserts.
   */
  readonly locksFoundRowsOnly?: boolean;
  /**
   * Whether a locking read of a join may lock the rows of one of its tables only (PostgreSQL's
   * FOR UPDATE OF): a version's model is then found and locked in one read. MariaDB's FOR UPDATE
   * locks every row the join reads, the version's before its model's, against ADR 15's order.
   */
  readonly locksOneTableOfJoin?: boolean;
  /**
   * Whether the engine computes SHA-256 in SQL (PostgreSQL 11 and later: `sha256()`), so a
   * transaction's audit events are chained and appended in the one statement that locks the
   * chain's head (audit/chain-in-sql.ts).
   */
  readonly chainsAuditInSql?: boolean;
  /**
   * Whether a write whose answer the work does not read (a touch of a parent's update time, a
   * model's version summary, the audit statement that checks its own input: audit/chain-in-sql.ts)
   * may be sent marked `ANSWERED_LATER` (PostgreSQL): it then goes out
   * with the next statement instead of costing a round trip of its own, and its error, if any, is
   * that statement's (dialects/named-statements.ts).
   */
  readonly answersLater?: boolean;
}

/**
 * The mark of a statement that is answered later (`SqlDialect.answersLater`): a comment, so the
 * text stays a valid statement on every engine.
 */
export const ANSWERED_LATER = '/* answered later */ ';

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

export function errorField(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null ? (Reflect.get(error, field) as unknown) : undefined;
}

/** Called with each statement the store runs successfully and how long it took (ms). */
export type QueryObserver = (sql: string, durationMs: number) => void;

export interface PoolUsage {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/**
 * The dialect with each statement timed for `onQuery` at the driver's connection. Kysely's `log`
 * option does the same through an async wrapper with two awaits and an event per statement, which
 * cost about 5 % of the server's instructions per registration (callgrind, 18 statements each);
 * here it is one promise reaction. Only statements that succeed are observed, as before.
 */
export function timedDialect(dialect: Dialect, onQuery: QueryObserver | undefined): Dialect {
  if (onQuery === undefined) return dialect;
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => timedDriver(dialect.createDriver(), onQuery),
  };
}

function timedDriver(driver: Driver, onQuery: QueryObserver): Driver {
  // Pools hand out the same connections again: each is wrapped once.
  const timed = new WeakSet<DatabaseConnection>();
  const acquireConnection = driver.acquireConnection.bind(driver);
  driver.acquireConnection = async () => {
    const connection = await acquireConnection();
    if (timed.has(connection)) return connection;
    timed.add(connection);
    const executeQuery = connection.executeQuery;
    connection.executeQuery = <R>(query: CompiledQuery) => {
      // Answered at once, and timed by the driver when it is answered (named-statements.ts).
      if (query.sql.startsWith(ANSWERED_LATER))
        return executeQuery.call<DatabaseConnection, [CompiledQuery], Promise<QueryResult<R>>>(
          connection,
          query,
        );
      const start = performance.now();
      return executeQuery
        .call<DatabaseConnection, [CompiledQuery], Promise<QueryResult<R>>>(connection, query)
        .then((result) => {
          onQuery(query.sql, performance.now() - start);
          return result;
        });
    };
    return connection;
  };
  return driver;
}
