import type { LifecycleRepository } from '../../ports/lifecycle-repository.js';
import type { LineageRepository } from '../../ports/lineage-repository.js';
import type { CatalogTx } from '../catalog/index.js';

/**
 * What the lifecycle's use cases read and write in a transaction: its own repository, the
 * catalog's (a deployment writes inference services), and the lineage a policy checks.
 */
export type LifecycleTx = CatalogTx &
  LifecycleRepository &
  Pick<LineageRepository, 'parentLinks' | 'versionLineages'>;
