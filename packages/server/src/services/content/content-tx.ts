import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ContentRepository } from '../../ports/content-repository.js';
import type { UseCaseRepositories } from '../use-case.js';

/**
 * What the content context reads and writes in a transaction: its own repository (uploads,
 * manifests, references, integrity), and the versions, models and model artifacts its content
 * belongs to.
 */
export type ContentTx = UseCaseRepositories &
  ContentRepository &
  Pick<CatalogRepository, 'get' | 'findAll' | 'insert' | 'update' | 'touch' | 'lockModel'>;
