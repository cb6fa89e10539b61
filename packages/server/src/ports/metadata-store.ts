import type { AccessRepository } from './access-repository.js';
import type { AuditRepository } from './audit-repository.js';
import type { CatalogRepository } from './catalog-repository.js';
import type { ContentRepository } from './content-repository.js';
import type { LifecycleRepository } from './lifecycle-repository.js';
import type { LineageRepository, SearchRepository } from './lineage-repository.js';

export type { NewApiToken } from './access-repository.js';
export type { FieldMatch, ListQuery, ModelVisibility } from './catalog-repository.js';
export type { SyncReportRow } from './lifecycle-repository.js';
export type { StoredMetricGoal } from './lineage-repository.js';

/**
 * Reads and writes of registry metadata inside one transaction: every context's repository
 * (docs/adr/0013-bounded-contexts.md). A service should depend on the repositories it uses only.
 */
export interface MetadataTransaction
  extends
    CatalogRepository,
    LifecycleRepository,
    ContentRepository,
    LineageRepository,
    SearchRepository,
    AccessRepository,
    AuditRepository {}

/** How a transaction is run. */
export interface TransactionOptions {
  /**
   * The work only reads (docs/adr/0025-read-transactions.md). SQLite then begins without taking
   * the database's write lock; what the work saw is durable before it returns, as for any work.
   */
  readonly readOnly?: boolean | undefined;
}

/**
 * The registry's metadata store (SQLite, PostgreSQL or MySQL behind one interface).
 *
 * @example
 * const store = await openMetadataStore({ url: 'sqlite:./modelreg-data/registry.db' });
 * const model = await store.transaction((tx) => tx.get('registeredModel', 1));
 */
export interface MetadataStore {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  /** Runs `work` in one transaction: all of it lands, or none of it. */
  transaction<T>(work: (tx: MetadataTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  /** True when the schema is not at the version this server knows (a migration failed or is pending). */
  isDirty(): Promise<boolean>;
  /** Connections of the pool by state, when the driver tells (PostgreSQL), for metrics. */
  poolUsage?(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
}
