/**
 * The access context: API tokens and grants, authentication, authorization of every request
 * (the permission table, read through the scope resolver) and the throttle on failed attempts.
 * Other contexts import it only through this module (docs/adr/0013-bounded-contexts.md).
 */
export {
  AccessService,
  type AccessServiceDeps,
  type AuthenticationSettings,
  type Credentials,
  type NewGrantInput,
  type NewTokenInput,
} from './access-service.js';
export { Authorizer, authenticationRequired, type AuthorizerRepositories } from './authorizer.js';
export { versionLabel, type ModelRef } from './scope-resolver.js';
export {
  ClientThrottle,
  type ClientThrottleOptions,
  type FailureDetail,
  type FailureSummary,
} from './client-throttle.js';
