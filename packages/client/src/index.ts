export {
  ModelRegistry,
  type ModelRegistryOptions,
  type RegisterModelInput,
  type RegisterModelOptions,
  type Registration,
  type VersionLocator,
  type VersionRef,
} from './model-registry.js';
export type {
  TransferProgress,
  UploadOptions,
  DownloadOptions,
  FollowedLink,
  UploadStart,
} from './file-types.js';
export { ExperimentRunLogger } from './experiment-run-logger.js';
export {
  BrowseCalls,
  encodeFilePath,
  type Page,
  type PageOptions,
  type ModelSummary,
  type ModelSummaryOrder,
  type VersionHead,
  type StageOptions,
  type StageOption,
  type ConditionCheck,
  type Approval,
  type Permission,
  type CallerPermissions,
  type PromotionPolicy,
  type SuggestionSource,
} from './browse.js';
export {
  createRegistryApi,
  API_BASE,
  DEFAULT_URL,
  type RegistryApi,
  type RegistryApiOptions,
} from './api.js';
export {
  KServeCalls,
  type KServePlan,
  type KServePlanOptions,
  type KServeDeploymentRequest,
  type KServeDeploymentEvent,
  type KServeSyncReport,
  type KServeDrift,
} from './kserve.js';
export { RegistryError, isRegistryError, type RegistryErrorCode, type ClientErrorCode } from './errors.js';
export { SERVER_ERROR_CODES, type ServerErrorCode } from './generated/error-codes.js';
export { toCustomProperties, fromCustomProperties } from './metadata.js';
export type { TransportOptions } from './transport.js';
export type * from './types.js';
export type { paths, components, operations } from './generated/openapi.js';
