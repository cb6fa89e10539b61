import type { Kysely, LogConfig } from 'kysely';
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
   * Engines whose COMMIT is durable when it returns leave it out.
   */
  durable?(): Promise<void>;
  /**
   * Whether a transaction of read-only work begins as one (Kysely's access mode): SQLite then
   * begins without the write lock. Left out where saying so gains nothing or costs a statement
   * (MySQL sends `set transaction read only` before `begin`).
   */
  readonly marksReadOnly?: boolean;
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
}

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

/** Kysely's log hook for an optional statement observer. */
export function queryLog(onQuery: QueryObserver | undefined): LogConfig | undefined {
  if (onQuery === undefined) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery(event.query.sql, event.queryDurationMillis);
  };
}
