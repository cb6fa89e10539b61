/**
 * The MLflow context: the MLflow model registry, tracking and artifact APIs on the registry's core
 * (docs/adr/0020-mlflow-api.md). It calls the catalog and lifecycle contexts through their public
 * modules; the HTTP layer and the wiring import it only through this module
 * (docs/adr/0013-bounded-contexts.md).
 */
export { MlflowRegistryService, type SearchInput } from './mlflow-registry-service.js';
export { MlflowTrackingService, RUN_NAME_TAG, type RunView } from './mlflow-tracking-service.js';
export { MlflowArtifactService, parseArtifactPath } from './mlflow-artifact-service.js';
export {
  RUN_ID_PROPERTY,
  SOURCE_PROPERTY,
  stageToMlflow,
  stringProperty,
  tagsOf,
  type ModelView,
  type VersionView,
} from './mlflow-mapping.js';
