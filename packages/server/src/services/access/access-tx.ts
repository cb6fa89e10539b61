import type { AccessRepository } from '../../ports/access-repository.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { ContentRepository } from '../../ports/content-repository.js';
import type { UseCaseRepositories } from '../use-case.js';

/**
 * What managing tokens and grants reads and writes in a transaction: the access repository, the
 * models a token or grant is scoped to, and where a token's last use is kept.
 */
export type AccessTx = UseCaseRepositories &
  AccessRepository &
  Pick<CatalogRepository, 'get' | 'exists'> &
  Pick<ContentRepository, 'integrity'>;
