import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ManifestRepository } from '../../ports/content-repository.js';
import type { LineageRepository } from '../../ports/lineage-repository.js';
import type { UseCaseRepositories } from '../use-case.js';

/**
 * What lineage walks, parent links, metric goals and comparisons read and write in a
 * transaction: the lineage repository, the catalog's entities, and a version's sealed content.
 */
export type LineageTx = UseCaseRepositories &
  CatalogRepository &
  LineageRepository &
  Pick<ManifestRepository, 'getManifest'>;
