import type { NameSource, VersionSummary } from '../../../ports/browse-queries.js';
import type { ModelVisibility } from '../../../ports/catalog-repository.js';
import type { SearchRepository } from '../../../ports/lineage-repository.js';
import type { SqlContext } from '../shared/sql-context.js';
import { distinctNames, versionSummaries } from './browse-queries.js';

/** The reads behind the web UI's lists and search box. */
export class SqlSearchRepository implements SearchRepository {
  constructor(private readonly ctx: SqlContext) {}

  versionSummaries(registeredModelIds: readonly number[]): Promise<readonly VersionSummary[]> {
    return versionSummaries(this.ctx.db, registeredModelIds);
  }

  distinctNames(
    source: NameSource,
    prefix: string,
    limit: number,
    visibility?: ModelVisibility,
  ): Promise<readonly string[]> {
    return distinctNames(this.ctx.db, source, prefix, limit, visibility);
  }
}
