/**
 * The catalog context: models, versions, artifacts and the Kubeflow entities (generic CRUD by the
 * per-kind rules), registration and semantic versions. Other contexts import it only through
 * this module (docs/adr/0013-bounded-contexts.md).
 */
export {
  CatalogService,
  type CatalogServiceDeps,
  type FindCriteria,
  type ListOptions,
} from './catalog-service.js';
export { RegistrationService } from './registration-service.js';
export type { Registration, RegistrationInput } from './registration.js';
export type { ArtifactParent } from './artifact-upsert.js';
export { createEntity, modelOf, mustGet, notFound, updateEntity, type CreateInput } from './entity-writes.js';
export { moveStage, type WriteContext } from './version-stage.js';
export type { CatalogTx } from './catalog-tx.js';
