/**
 * The lifecycle context: stages, promotion policies, approvals, aliases, deployments and what is
 * in production. Other contexts import it only through this module
 * (docs/adr/0013-bounded-contexts.md); it writes entities through the catalog's public module.
 */
export { StageService, type LifecycleServiceDeps } from './stage-service.js';
export { AliasService } from './alias-service.js';
export { DeploymentService, type DeploymentHooks, type DeploymentInput } from './deployment-service.js';
export {
  KServeService,
  KSERVE_PROPERTIES,
  type KServeDeps,
  type PlannedDeployment,
} from './kserve-service.js';
export { KServeSyncService, type KServeSyncDeps, type SyncReport } from './kserve-sync-service.js';
export { policyFacts, type PolicyFactsTx } from './policy-facts.js';
export type { LifecycleTx } from './lifecycle-tx.js';
