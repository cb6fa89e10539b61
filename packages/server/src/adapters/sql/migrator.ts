import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { SqlDialectName } from './dialects/sql-dialect.js';
import type { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

const MIGRATION_TABLE = 'modelreg_migration';
const MIGRATION_LOCK_TABLE = 'modelreg_migration_lock';

function migrator(db: Kysely<Database>, dialect: SqlDialectName): Migrator {
  const provider: MigrationProvider = {
    getMigrations: () =>
      Promise.resolve(
        Object.fromEntries(
          MIGRATIONS.map((m): [string, Migration] => [m.name, { up: (tx) => m.up(tx, dialect) }]),
        ),
      ),
  };
  // Kysely takes a database-wide lock (an advisory lock on PostgreSQL, GET_LOCK on MySQL), so
  // replicas starting together migrate once; it refuses a schema with unknown or out-of-order
  // migrations, so a replica never serves a schema it does not know.
  return new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    allowUnorderedMigrations: false,
  });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export async function migrateToLatest(db: Kysely<Database>, dialect: SqlDialectName): Promise<void> {
  const { error, results } = await migrator(db, dialect).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(
      failed === undefined
        ? `the database schema cannot be migrated: ${reason}`
        : `migration ${failed} failed: ${reason}`,
      { cause: error },
    );
  }
}

/** Dirty: a known migration has not run, or the database has one this server does not know. */
export async function schemaIsDirty(db: Kysely<Database>): Promise<boolean> {
  const known = new Set(MIGRATIONS.map((m) => m.name));
  // The migration table is Kysely's own.
  const rows = await db
    .withTables<{ [MIGRATION_TABLE]: { name: string } }>()
    .selectFrom(MIGRATION_TABLE)
    .select('name')
    .execute();
  const applied = new Set(rows.map((r) => String(r.name)));
  if (applied.size !== known.size) return true;
  for (const name of known) if (!applied.has(name)) return true;
  return false;
}
