import type { AccessRepository } from '../../ports/access-repository.js';
import type { AuditRepository } from '../../ports/audit-repository.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ContentRepository } from '../../ports/content-repository.js';
import type { LifecycleRepository } from '../../ports/lifecycle-repository.js';
import type { LineageRepository } from '../../ports/lineage-repository.js';
import type { UseCaseRepositories } from '../use-case.js';

/** What the audit trail reads and writes in a transaction. */
export type AuditTx = UseCaseRepositories & AuditRepository;

/**
 * What the periodic review reads: a look across every context (read-only), which is what a
 * review is for.
 */
export type ReviewTx = UseCaseRepositories &
  Pick<CatalogRepository, 'list'> &
  Pick<ContentRepository, 'getManifest' | 'integrity' | 'corruptRunArtifacts'> &
  Pick<LifecycleRepository, 'listAliases' | 'listDeployments' | 'listTransitions'> &
  Pick<AccessRepository, 'listGrants' | 'listTokens'> &
  Pick<LineageRepository, 'versionLineages'>;
