import { sql, type Kysely } from 'kysely';
import type { AccessRepository } from '../../ports/access-repository.js';
import type { AuditRepository } from '../../ports/audit-repository.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type {
  ContentReferences,
  RunArtifactRepository,
  ContentRepository,
  ManifestRepository,
  UploadRepository,
} from '../../ports/content-repository.js';
import type {
  AliasRepository,
  DeploymentRepository,
  PolicyRepository,
  StageRepository,
} from '../../ports/lifecycle-repository.js';
import type { LineageRepository, SearchRepository } from '../../ports/lineage-repository.js';
import type { MetadataStore, MetadataTransaction, TransactionOptions } from '../../ports/metadata-store.js';
import { SqlAccessRepository } from './access/sql-access-repository.js';
import { SqlAuditRepository } from './audit/sql-audit-repository.js';
import { SqlCatalogRepository } from './catalog/sql-catalog-repository.js';
import { SqlIntegrityQueries } from './content/sql-integrity-queries.js';
import { SqlManifestRepository } from './content/sql-manifest-repository.js';
import { SqlUploadRepository } from './content/sql-upload-repository.js';
import type { Database, Db } from './database.js';
import { CommitGroups } from './dialects/commit-groups.js';
import type { PoolUsage, QueryObserver, SqlDialect } from './dialects/sql-dialect.js';
import { SqlAliasRepository } from './lifecycle/sql-alias-repository.js';
import { SqlDeploymentRepository, SqlStageRepository } from './lifecycle/sql-history-repositories.js';
import { SqlPolicyRepository } from './lifecycle/sql-policy-repository.js';
import { SqlLineageRepository } from './lineage/sql-lineage-repository.js';
import { migrateToLatest, schemaIsDirty } from './migrator.js';
import { SqlSearchRepository } from './search/sql-search-repository.js';
import { mergeRepositories } from './shared/compose.js';
import type { SqlContext } from './shared/sql-context.js';

const MAX_ATTEMPTS = 5;

/** The repositories a transaction is made of, one per context (or part of one). */
type Repositories = [
  CatalogRepository,
  StageRepository,
  PolicyRepository,
  AliasRepository,
  DeploymentRepository,
  UploadRepository,
  ManifestRepository & RunArtifactRepository & ContentReferences,
  LineageRepository,
  SearchRepository,
  AccessRepository,
  AuditRepository,
];

/** What merging them gives: a MetadataTransaction only if they leave nothing out (checked where returned). */
type Merged = CatalogRepository &
  StageRepository &
  PolicyRepository &
  AliasRepository &
  DeploymentRepository &
  UploadRepository &
  ManifestRepository &
  RunArtifactRepository &
  ContentReferences &
  LineageRepository &
  SearchRepository &
  AccessRepository &
  AuditRepository &
  Pick<ContentRepository, 'integrity'>;

/**
 * Runs `work` on one transaction's view of the store, then what its repositories leave to the
 * end of a transaction that succeeded (its audit events, written with the chain's head locked there).
 */
async function runWork<T>(
  db: Db,
  dialect: SqlDialect,
  work: (tx: MetadataTransaction) => Promise<T>,
): Promise<T> {
  const ctx: SqlContext = { db, dialect, lockedModels: new Map() };
  const audit = new SqlAuditRepository(ctx);
  const result = await work(sqlTransaction(ctx, audit));
  await audit.finish();
  return result;
}

/**
 * One transaction's view of the store: the repository of every context (docs/adr/0013-bounded-contexts.md),
 * each over the same transaction, merged into one object.
 */
function sqlTransaction(ctx: SqlContext, audit: SqlAuditRepository): MetadataTransaction {
  const manifests = new SqlManifestRepository(ctx);
  const repositories: Repositories = [
    new SqlCatalogRepository(ctx, manifests),
    new SqlStageRepository(ctx),
    new SqlPolicyRepository(ctx),
    new SqlAliasRepository(ctx),
    new SqlDeploymentRepository(ctx),
    new SqlUploadRepository(ctx),
    manifests,
    new SqlLineageRepository(ctx),
    new SqlSearchRepository(ctx),
    new SqlAccessRepository(ctx),
    audit,
  ];
  const integrity: Pick<ContentRepository, 'integrity'> = { integrity: new SqlIntegrityQueries(ctx) };
  return mergeRepositories(repositories, integrity) as Merged;
}

export interface StoreOptions {
  /** Called with the SQL of every statement run and its time (tests count queries with it; metrics time them). */
  readonly onQuery?: QueryObserver | undefined;
  /**
   * Whether the process has other work under way than the store's transactions (the server: more
   * than one client connected). A transaction is alone, and SQLite syncs its commit on the
   * calling thread, only when no other transaction is under way and this says no.
   */
  readonly othersBusy?: (() => boolean) | undefined;
}

/** The SQL metadata store, one implementation for SQLite, PostgreSQL and MySQL through Kysely. */
export class SqlMetadataStore implements MetadataStore {
  /** Transactions under way (begun, or waiting for the connection, and not yet durable). */
  private underWay = 0;
  /** Where the engine runs transactions one at a time on one connection: they share COMMITs. */
  private readonly groups: CommitGroups | undefined;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlDialect: SqlDialect,
    private readonly othersBusy: () => boolean,
  ) {
    if (sqlDialect.groupsCommits === true)
      this.groups = new CommitGroups(
        db,
        (alone) => sqlDialect.durable?.(alone) ?? Promise.resolve(),
        () => this.alone(),
      );
  }

  /** Connects and migrates the schema (under the database's migration lock) before returning. */
  static async open(dialect: SqlDialect, options: StoreOptions = {}): Promise<SqlMetadataStore> {
    const db = await dialect.open(options.onQuery);
    try {
      await sql`select 1`.execute(db);
      await migrateToLatest(db, dialect.name);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    return new SqlMetadataStore(db, dialect, options.othersBusy ?? (() => false));
  }

  get dialect() {
    return this.sqlDialect.name;
  }

  poolUsage(): PoolUsage | undefined {
    return this.sqlDialect.poolUsage?.();
  }

  async transaction<T>(
    work: (tx: MetadataTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    this.underWay += 1;
    try {
      return await this.attempt(work, options);
    } finally {
      this.underWay -= 1;
    }
  }

  private alone(): boolean {
    return this.underWay === 1 && !this.othersBusy();
  }

  private async attempt<T>(
    work: (tx: MetadataTransaction) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    if (this.groups !== undefined) return this.attemptGrouped(this.groups, work, options);
    let builder = this.db.transaction();
    // Said only where the engine makes use of it at no cost (SQLite: no write lock for a reader).
    if (options.readOnly === true && this.sqlDialect.marksReadOnly)
      builder = builder.setAccessMode('read only');
    // A deadlock victim is rolled back whole, so running the work again is safe; it touches only the database.
    for (let attempt = 1; ; attempt++) {
      let result: T;
      try {
        result = await builder.execute((trx) => runWork(trx, this.sqlDialect, work));
      } catch (error) {
        // A failure may tell what another transaction committed (a name taken): it waits too.
        await this.sqlDialect.durable?.(this.alone());
        if (attempt >= MAX_ATTEMPTS || !this.sqlDialect.isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      this.sqlDialect.afterTransaction?.();
      // Nothing is answered before what it wrote, or read, is on disk.
      await this.sqlDialect.durable?.(this.alone());
      return result;
    }
  }

  /** As `attempt`, in a commit group, which answers only once the group is durable. */
  private async attemptGrouped<T>(
    groups: CommitGroups,
    work: (tx: MetadataTransaction) => Promise<T>,
    options: TransactionOptions,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let result: T;
      try {
        result = await groups.run((db) => runWork(db, this.sqlDialect, work), options.readOnly === true);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !this.sqlDialect.isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      this.sqlDialect.afterTransaction?.();
      return result;
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  isDirty(): Promise<boolean> {
    return schemaIsDirty(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
