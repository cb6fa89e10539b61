import type { Database as RegistrySchema } from '../database.js';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { Database, RunResult, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  SqliteQueryCompiler,
  ValueNode,
  type DatabaseConnection,
  type LimitNode,
  type OffsetNode,
  type OperationNode,
  type QueryCompiler,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
  type SqliteStatement,
  type TransactionSettings,
  type UnknownRow,
} from 'kysely';
import { GroupSync } from './group-sync.js';
import { errorField, timedDialect, type SqlDialect } from './sql-dialect.js';

const fdatasyncAsync = promisify(fdatasync);

/** Prepared statements kept per connection; Kysely would otherwise prepare every statement afresh. */
const STATEMENT_CACHE_SIZE = 500;
/** Statistics are refreshed after this many transactions, so plans follow the data as it grows. */
const OPTIMIZE_EVERY = 2000;

/**
 * A statement that returns rows, read as arrays and made into objects here: better-sqlite3 builds
 * each row object in C++ one property at a time, which cost about as much as the query itself for
 * a page of custom properties (400 rows of 9 columns: 0.87 ms of CPU against 0.56 ms this way).
 * The column names are read from the statement once and kept (`columns()` builds five properties
 * per column in C++: 21 µs for a model's 27, as long as the query). They change only when the
 * statement's result changes shape after a schema change (see SchemaGeneration); a row of another
 * width reads them again too.
 */
function rowsAsObjects(statement: Statement, schema: { readonly generation: number }): SqliteStatement {
  statement.raw(true);
  let names: readonly string[] = [];
  let namesGeneration = -1;
  const namesFor = (width: number): readonly string[] => {
    if (namesGeneration !== schema.generation || names.length !== width) {
      names = statement.columns().map((column) => column.name);
      namesGeneration = schema.generation;
    }
    return names;
  };
  // Rows as the driver hands them to Kysely, which types them by the query (Kysely's UnknownRow).
  const objects = (rows: unknown[][]): UnknownRow[] => {
    const first = rows[0];
    if (first === undefined) return [];
    const columns = namesFor(first.length);
    return rows.map((values) => {
      const row: UnknownRow = {};
      // Assigned in column order, so a repeated name keeps the last column's value, as an object row does.
      for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[i];
      return row;
    });
  };
  return {
    reader: true,
    all: (parameters) => objects(statement.all(parameters) as unknown[][]),
    run: (parameters) => statement.run(parameters),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<unknown[]>) {
        yield objects([values])[0];
      }
    },
  };
}

/**
 * When the column names kept by `rowsAsObjects` are to be read again. A statement's columns can
 * change only with the schema, and within a transaction only by DDL run in it (the snapshot, or
 * the write lock, keeps out other connections' changes). So the names hold for a transaction
 * while the schema cookie read just after its BEGIN is the one they were read under and no DDL
 * has run; a statement run outside a transaction reads them every time.
 */
class SchemaGeneration {
  generation = 0;
  private inTransaction = false;
  private cookie: unknown;

  constructor(private readonly readCookie: () => unknown) {}

  /** Before each statement runs (Kysely prepares a statement every time it executes one). */
  willRun(kind: StatementKind): void {
    // A BEGIN reads no rows; the cookie read once it has run decides (`begun`).
    if (kind === 'ddl' || (!this.inTransaction && kind !== 'begin')) this.generation += 1;
  }

  begun(): void {
    this.inTransaction = true;
    const cookie = this.readCookie();
    if (cookie !== this.cookie) {
      this.cookie = cookie;
      this.generation += 1;
    }
  }

  ended(): void {
    this.inTransaction = false;
  }
}

type StatementKind = 'begin' | 'end' | 'ddl' | 'other';

function kindOf(sql: string): StatementKind {
  if (/^\s*begin\b/i.test(sql)) return 'begin';
  // `rollback to <savepoint>` and `release` leave the transaction open.
  if (/^\s*(commit|end|rollback)\s*(transaction)?\s*;?\s*$/i.test(sql)) return 'end';
  return /^\s*(create|alter|drop)\b/i.test(sql) ? 'ddl' : 'other';
}

/**
 * A write transaction's journals kept in memory (docs/adr/0023-write-path-and-group-commit.md).
 * SQLite keeps the original of every page a savepoint or a statement changes, for ROLLBACK TO,
 * in memory up to 64 KiB and in a temporary file past that. A registration under its savepoint
 * in a commit group changes more pages than that, so with 32 clients the server wrote 252 KiB per
 * registration in 123 calls, mostly to a file read only when a transaction fails (45 KiB in 22
 * calls with the journals in memory). Where the journals go is settled when the
 * transaction begins (`temp_store` at BEGIN), so it begins with MEMORY and `temp_store` is set
 * back to the default straight after: the sorts and temporary tables of what runs in it keep
 * spilling to files past the cache, as in a read transaction. The pragma acts when it is
 * prepared, so it is run, not cached (11 µs for the two). It is refused in a transaction only when
 * a TEMP database is open, which the registry never creates; that transaction then keeps MEMORY.
 */
function beginWithJournalsInMemory(database: Database, begin: () => RunResult): RunResult {
  database.pragma('temp_store = memory');
  try {
    return begin();
  } finally {
    try {
      database.pragma('temp_store = default');
    } catch {
      // Refused only while a TEMP database is open (above). An error here must not make a BEGIN
      // that ran look failed, with its transaction left open.
    }
  }
}

/**
 * A BEGIN that tells `schema` once it has begun, or a COMMIT/ROLLBACK that tells it the
 * transaction is over even when it failed (names are then read at every statement, the safe side).
 * A BEGIN that takes the write lock keeps the transaction's journals in memory.
 */
function marking(
  database: Database,
  statement: Statement,
  kind: 'begin' | 'end',
  schema: SchemaGeneration,
): SqliteStatement {
  const writes = kind === 'begin' && /\b(immediate|exclusive)\b/i.test(statement.source);
  return {
    reader: false,
    all: (parameters) => statement.all(parameters),
    run: (parameters) => {
      if (kind === 'begin') {
        const result = writes
          ? beginWithJournalsInMemory(database, () => statement.run(parameters))
          : statement.run(parameters);
        schema.begun();
        return result;
      }
      try {
        return statement.run(parameters);
      } finally {
        schema.ended();
      }
    },
    iterate: (parameters) => statement.iterate(parameters),
  };
}

interface Cached {
  readonly statement: SqliteStatement;
  readonly kind: StatementKind;
}

function withStatementCache(database: Database, onClose: () => void): SqliteDatabase {
  const cache = new Map<string, Cached>();
  const cookie = database.prepare('pragma schema_version').pluck();
  const schema = new SchemaGeneration(() => cookie.get());
  const make = (sql: string): Cached => {
    const prepared = database.prepare(sql);
    const kind = kindOf(sql);
    if (prepared.reader) return { statement: rowsAsObjects(prepared, schema), kind };
    if (kind === 'other' || kind === 'ddl') return { statement: prepared, kind };
    return { statement: marking(database, prepared, kind, schema), kind };
  };
  return {
    close: () => {
      cache.clear();
      onClose();
      database.close();
    },
    prepare: (sql: string) => {
      let cached = cache.get(sql);
      if (cached === undefined) {
        cached = make(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      } else {
        cache.delete(sql);
      }
      cache.set(sql, cached);
      schema.willRun(cached.kind);
      return cached.statement;
    },
  };
}

/**
 * Transactions begin IMMEDIATE: each takes the database's write lock when it starts, so what a
 * transaction reads to decide a write is read under that lock (docs/adr/0015-one-lock-per-model.md).
 * Kysely's driver begins DEFERRED, where two processes on one file could each read, then one
 * fail with SQLITE_BUSY when it tries to write. Read-only work decides no write: it begins
 * DEFERRED, reads one snapshot of the WAL without the write lock, and is answered only once
 * every commit it may have seen is durable, as any transaction (docs/adr/0025-read-transactions.md).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    // Kysely passes the transaction's settings to every driver; SqliteDriver's declaration omits them.
    settings?: TransactionSettings,
  ): Promise<void> {
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

/**
 * LIMIT and OFFSET given as integers are written into the statement's text, not bound. SQLite
 * prepares a statement again every time a value is bound to a parameter of its LIMIT (the planner
 * may use it), which for `select * … limit ?` on a model cost 15 µs of a 19 µs query; with the
 * number in the text the prepared statement is reused. Only safe integers are written (digits
 * alone); anything else is bound as before.
 */
class LiteralLimitCompiler extends SqliteQueryCompiler {
  private literal(node: OperationNode): boolean {
    if (!ValueNode.is(node)) return false;
    const { value } = node;
    const integer =
      (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
      (typeof value === 'bigint' && value >= 0n);
    if (integer) this.append(String(value));
    return integer;
  }

  protected override visitLimit(node: LimitNode): void {
    this.append('limit ');
    if (!this.literal(node.limit)) this.visitNode(node.limit);
  }

  protected override visitOffset(node: OffsetNode): void {
    this.append('offset ');
    if (!this.literal(node.offset)) this.visitNode(node.offset);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }

  override createQueryCompiler(): QueryCompiler {
    return new LiteralLimitCompiler();
  }
}

/**
 * The WAL's group commit (docs/adr/0023-write-path-and-group-commit.md). With `synchronous =
 * NORMAL` a COMMIT appends its frames to the WAL file without waiting for the disk; the store then
 * waits for one fdatasync of that file, shared by every transaction that committed meanwhile, before
 * it answers. Together that is what `synchronous = FULL` guarantees (an fsync of the WAL after each
 * commit, before it is acknowledged), with one sync per group instead of one per transaction.
 * NORMAL itself still syncs the WAL before each checkpoint and its header when it is reused.
 */
function walGroupSync(database: Database, filename: string): { sync: GroupSync; close: () => void } {
  const wal = `${filename}-wal`;
  // Reading makes SQLite create the WAL file if it was not there (WAL mode is set already).
  database.prepare('select count(*) from sqlite_master').get();
  const fd = openSync(wal, constants.O_RDONLY | constants.O_CREAT, 0o600);
  // The WAL file's directory entry is durable before the first commit is acknowledged.
  const dir = openSync(dirname(filename), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  const totalChanges = database.prepare('select total_changes()').pluck();
  let seen = -1;
  const changed = () => {
    const now = Number(totalChanges.get());
    if (now === seen) return false;
    seen = now;
    return true;
  };
  // On libuv's thread pool: the event loop goes on running other transactions meanwhile, and
  // those that commit share the next sync. (A synchronous fdatasync after a setImmediate, which
  // groups the commits of one loop turn, measured no better alone and blocks the loop.) A writer
  // that is alone (one client connected, no other transaction) syncs on the event loop's thread:
  // there is nothing to share the sync with or to run meanwhile, and the pool's two wake-ups cost it more.
  return {
    sync: new GroupSync(
      () => fdatasyncAsync(fd),
      changed,
      () => fdatasyncSync(fd),
    ),
    close: () => closeSync(fd),
  };
}

/** The embedded default. One process owns the file: SQLite mode does not scale out, by design. */
export function sqliteDialect(filename: string): SqlDialect {
  let database: Database | undefined;
  let groupSync: GroupSync | undefined;
  let transactions = 0;
  return {
    name: 'sqlite',
    display: `sqlite:${filename}`,
    likeNeedsEscapeClause: true,
    supportsReturning: true,
    lockedFromBegin: true,
    marksReadOnly: true,
    groupsCommits: true,
    bool: (value) => (value ? 1 : 0),
    isTransient: (error) => errorField(error, 'code') === 'SQLITE_BUSY',
    async open(onQuery) {
      const { default: Database } = await import('better-sqlite3');
      if (filename !== ':memory:') {
        // The data directory and the database are the server user's alone, whatever the umask.
        // SQLite gives its -wal and -shm files the mode of the database file.
        mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
        closeSync(openSync(filename, 'a', 0o600));
        for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
          if (existsSync(file)) chmodSync(file, 0o600);
        }
      }
      database = new Database(filename);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      // LIKE is case-sensitive on PostgreSQL and on MySQL with utf8mb4_bin; make SQLite agree.
      database.pragma('case_sensitive_like = ON');
      // Without statistics SQLite answers a custom-property EXISTS from a value index and scans it
      // for every candidate row (seconds at 100k versions); bounded ANALYZE runs keep plans sane.
      database.pragma('analysis_limit = 1000');
      database.pragma('optimize = 0x10002');
      const wal = filename === ':memory:' ? undefined : walGroupSync(database, filename);
      groupSync = wal?.sync;
      return new Kysely<RegistrySchema>({
        dialect: timedDialect(
          new ImmediateSqliteDialect({ database: withStatementCache(database, () => wal?.close()) }),
          onQuery,
        ),
      });
    },
    durable: (alone) => groupSync?.durable(alone) ?? Promise.resolve(),
    afterTransaction() {
      transactions += 1;
      if (transactions % OPTIMIZE_EVERY === 0 && database?.open) database.pragma('optimize');
    },
    constraintViolation(error) {
      const code = errorField(error, 'code');
      const message = String(errorField(error, 'message') ?? '');
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        return { type: 'unique', detail: message };
      }
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return { type: 'foreign-key', detail: message };
      return undefined;
    },
  };
}
