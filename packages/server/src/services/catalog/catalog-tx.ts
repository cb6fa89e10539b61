import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ManifestRepository } from '../../ports/content-repository.js';
import type { AliasRepository, StageRepository } from '../../ports/lifecycle-repository.js';
import type { LineageRepository } from '../../ports/lineage-repository.js';
import type { UseCaseRepositories } from '../use-case.js';

/**
 * What the catalog's use cases read and write in a transaction: its own repository, and the few
 * rows of other contexts that its entities' rules touch (a sealed uri, a version's aliases and
 * lineage when it is deleted or registered, the stage history a state change records).
 */
export type CatalogTx = UseCaseRepositories &
  CatalogRepository &
  Pick<ManifestRepository, 'getManifest'> &
  Pick<AliasRepository, 'getAlias' | 'dropAliasesOf'> &
  Pick<StageRepository, 'insertTransition'> &
  Pick<LineageRepository, 'detachRunLineage' | 'setVersionLineage' | 'addParent'>;
