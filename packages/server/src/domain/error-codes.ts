/**
 * Every error code the registry answers with, and what it means. The domain errors accept only
 * these (checked by the compiler); docs/errors.md lists the same set (checked by a test).
 */
export const ERROR_CODES = {
  // 400: the request itself is wrong
  BODY_MISSING: 'The operation needs a JSON body and none was sent.',
  INVALID_JSON: 'The body is not valid JSON.',
  INVALID_BODY: 'The body is JSON but not an object.',
  INVALID_FIELD: 'A body field has the wrong type, format or length; the message names the field.',
  UNKNOWN_FIELD: 'The body has a field the entity does not have.',
  REQUIRED_FIELD_MISSING:
    'A required field is missing (422 on createModelVersion and createExperimentRun, as the reference says; 400 elsewhere).',
  NUL_CHARACTER: 'A NUL character appears in the body, the path or a query parameter.',
  INVALID_ID: 'An id in the path or a query parameter is not 1 to 9 digits without a leading zero.',
  INVALID_PAGE_SIZE:
    'pageSize is not an integer from 1 to its maximum (999999999 for the Kubeflow lists, 1000 for audit events and model summaries); the message says the maximum.',
  INVALID_ORDER_BY:
    'orderBy is not one the list offers: ID, CREATE_TIME, LAST_UPDATE_TIME, NAME; for versions also VERSION, metrics.<name>, params.<name>; for model summaries also LATEST_VERSION, PRODUCTION_VERSION, STAGE, OWNER.',
  INVALID_SORT_ORDER: 'sortOrder is not ASC or DESC.',
  INVALID_PAGE_TOKEN: 'nextPageToken was not issued by this server, or was issued for another ordering.',
  INVALID_PARAMETER: 'A query parameter has a value outside its allowed set (e.g. artifactType).',
  INVALID_STEP_IDS: 'stepIds is not a comma-separated list of integers.',
  INVALID_FILTER_QUERY:
    'filterQuery cannot be parsed or compares a property with a value of the wrong type; the message gives the position.',
  FIND_CRITERIA_MISSING: 'A find operation got neither name nor externalId.',
  FIND_PARENT_UNSUPPORTED: 'parentResourceId was given for an entity that has no parent.',
  IMMUTABLE_FIELD: 'The request tries to change an id, a name or a parent, which are fixed at creation.',
  PARENT_MISMATCH: 'The parent id in the body differs from the one in the path.',
  ARTIFACT_TYPE_MISMATCH: 'The artifactType given does not match the artifact or the collection.',
  FIELD_NOT_IN_TYPE:
    'A field was given that the artifact type does not have (e.g. modelFormatName on a metric).',
  INVALID_METRIC_VALUE: 'A metric value is not a number.',
  METRIC_VALUE_MISSING: 'A metric was created without a value.',
  MODEL_VERSION_OF_ANOTHER_MODEL: 'An inference service names a model version of another registered model.',
  EXPERIMENT_RUN_OF_ANOTHER_EXPERIMENT: 'An artifact names an experiment run of another experiment.',
  INVALID_DATABASE_URL: 'The --db URL is not sqlite:, postgres:// or mysql:// (start-up only).',
  STAGE_CHANGE_NEEDS_TRANSITION: 'A PATCH tried to change a stage; stages move only through POST …/stage.',
  INVALID_SEMVER: 'A version name of a semver model is not a semantic version.',
  INVALID_SEMVER_RANGE:
    'A version range is not latest, an exact version, ^x.y, ~x.y.z, x.y.x or comparators.',
  VERSION_SCHEME_CONFLICT:
    'A model cannot require semantic versions while it has versions that are not (409).',
  INVALID_POLICY: 'A promotion policy condition is malformed.',
  INVALID_ALIAS: 'An alias name is not a letter followed by up to 63 letters, digits, - or _.',
  ALIAS_NOT_FOUND: 'The model has no alias of that name (404), or had none at the time asked (404).',
  INVALID_ROLE: 'A role is not viewer, editor, promoter or admin.',
  INVALID_LINEAGE_NODE:
    'A lineage node is not <kind>:<key> with a known kind, or its direction or depth is out of range.',
  INVALID_METRIC_GOAL: 'A metric goal is not maximize or minimize, or names no metric.',
  INVALID_COMPARISON: 'A comparison names fewer than 2 or more than 50 versions, or the same version twice.',
  LINEAGE_REFERENCE_NOT_FOUND:
    'A registration names a parent version or an experiment run that does not exist (404).',
  INVALID_FILE_PATH:
    'A file path is not relative and normalised (absolute, `\\`, empty, `.` or `..` segment, control character, over 1024 bytes), or appears twice in one upload.',
  INVALID_CONTENT_RANGE:
    'Content-Range is not `bytes <start>-<end>/<size>`, or its size differs from the declared one.',
  FILE_SIZE_EXCEEDED:
    'The body holds bytes beyond the size declared for the file (or beyond the end of its Content-Range).',
  MODEL_FORMAT_REQUIRED:
    'A KServe manifest was asked for a version whose model artifact records no model format.',
  UNSUPPORTED_MODEL_FORMAT:
    'No KServe built-in runtime (or not the one named) serves the model format; name a runtime that does.',
  STORAGE_URI_UNSUPPORTED:
    'KServe cannot fetch the version from where it is recorded (a scheme its storage initializer lacks, or a name model-registry:// cannot carry).',
  INVALID_CANARY:
    'A canary share is not a whole percent from 1 to 99, or a Standard-mode canary has no deployed version beside it.',
  INVALID_KUBERNETES_NAME: 'A namespace or InferenceService name is not a valid Kubernetes name.',
  INVALID_RESOURCES: 'A compute resource is not a resource name with a Kubernetes quantity (500m, 2Gi, 1).',
  INVALID_OBSERVATION: 'An observed InferenceService lacks the metadata a sync needs (name, namespace).',
  // 404
  UPLOAD_NOT_FOUND: 'No upload has this id (404).',
  FILE_NOT_FOUND: 'The upload or the version content has no file at this path (404).',
  CONTENT_NOT_FOUND: 'The model version has no stored content (404).',
  // 409
  UPLOAD_OFFSET_MISMATCH:
    "The Content-Range start is not the file's durable offset; the body's `received` says where to resume (409).",
  UPLOAD_INCOMPLETE: 'A commit found files not fully received; the message names them (409).',
  UPLOAD_NOT_OPEN: 'The upload was already committed or aborted (409).',
  UPLOAD_BUSY: 'Another request is writing this file of the upload right now (409).',
  CONTENT_SEALED: 'The model version already has committed content, which never changes (409).',
  ARTIFACT_OF_ANOTHER_PARENT:
    "An upsert names by id an artifact of another model version or run; an artifact's parent never changes (409).",
  EXTERNAL_CONTENT:
    "The version's model artifact records an external URI; the registry does not store files for it (409).",
  // 422
  DIGEST_MISMATCH:
    'The sha256 of the received file differs from the declared one; its staged bytes were discarded (422).',
  // 416
  RANGE_NOT_SATISFIABLE: 'The Range of a download lies outside the file (416).',
  // 401, 403
  AUTHENTICATION_REQUIRED: 'Authentication is on and the request carried no credential.',
  INVALID_TOKEN: 'The bearer token is unknown, expired or revoked, or not of a kind this registry accepts.',
  MALFORMED_AUTHORIZATION:
    'The Authorization header is not `Bearer <token>` (another scheme, or several tokens).',
  PERMISSION_DENIED:
    'The caller is authenticated and may read what the request names, but its roles do not allow the operation.',
  UNTRUSTED_IDENTITY_HEADER: 'Identity headers came from an address that is not a trusted proxy.',
  INVALID_IDENTITY_HEADER: 'The identity header of a trusted proxy names no user (it is empty).',
  // 503
  IDENTITY_PROVIDER_UNAVAILABLE:
    "The OIDC issuer's discovery document or keys cannot be fetched; the message says when the server tries again.",
  // 408
  REQUEST_TIMEOUT:
    'The request body did not arrive within the request timeout (file uploads instead time out after a minute without a byte).',
  // 429
  TOO_MANY_FAILED_ATTEMPTS:
    'Too many failed authentications from this address; Retry-After says when to try again.',
  // 409
  STAGE_TRANSITION_NOT_ALLOWED:
    'The configured transitions do not allow this move; the message lists the allowed ones.',
  LINEAGE_CYCLE: 'The parent link would make a version its own ancestor (409).',
  STAGE_MISMATCH:
    'A stage move gave `from`, and the version is in another stage now; the message names it (409).',
  VERSION_NOT_DEPLOYED:
    'An undeploy names a version that is not the one deployed there; the message names the deployed one (409).',
  // 412
  PROMOTION_POLICY_NOT_MET:
    "The version does not meet the model's policy for that stage; the message names every unmet condition.",
  PRODUCTION_NAMESPACE_NEEDS_PRODUCTION_STAGE:
    'A deployment to a namespace configured as production names a version that is not in stage Production (412).',
  NO_CANARY_IN_PROGRESS:
    'A canary promotion or rollback names an inference service with no canary recorded (412).',
  // 404
  VERIFICATION_RUN_NOT_FOUND: 'No verification run has this id.',
  ROUTE_NOT_FOUND: 'No operation has this method and path.',
  MODEL_ARTIFACT_NOT_FOUND: 'The id names an artifact that is not a model artifact.',
  // 413, 414, 431
  BODY_TOO_LARGE: 'The body is larger than the server accepts (16 MiB for JSON, by default).',
  URI_TOO_LONG:
    'The URL (path and query string) is longer than 16 KiB; send a long filterQuery in the body of POST …/search.',
  HEADERS_TOO_LARGE: 'The request line and headers together are larger than 64 KiB.',
  MALFORMED_REQUEST: 'The request is not valid HTTP/1.1 (e.g. a control character in a header).',
  // 500
  CONTENT_CORRUPT:
    'The stored bytes of the file no longer match its sealed manifest (found by a download or `modelreg verify`); nothing is served. `modelreg report` lists it.',
  INTERNAL: 'An unexpected error; the server log has the details under the request id.',
} as const;

/** Entity kinds as they appear in per-entity error codes. */
export const ENTITY_CODES = [
  'REGISTERED_MODEL',
  'MODEL_VERSION',
  'ARTIFACT',
  'SERVING_ENVIRONMENT',
  'INFERENCE_SERVICE',
  'SERVE_MODEL',
  'EXPERIMENT',
  'EXPERIMENT_RUN',
  'METRIC_HISTORY',
  'API_TOKEN',
  'GRANT',
] as const;

/** Per-entity codes: `<ENTITY>_NOT_FOUND` and so on. */
export const ENTITY_ERROR_SUFFIXES = {
  _NOT_FOUND: '404: no entity of that kind has the id, or matches the find criteria.',
  _ALREADY_EXISTS: '409: the name is taken within its scope (the message names the scope).',
  _EXTERNAL_ID_CONFLICT: '409: another entity of that kind has the externalId.',
  _REFERENCE_CONFLICT: '409: an entity it refers to changed concurrently; retry.',
  _IN_USE: '409: it cannot be deleted while another entity refers to it.',
  _AMBIGUOUS: '400: a find by name matches more than one entity; add parentResourceId.',
} as const;

export type EntityCode = (typeof ENTITY_CODES)[number];
export type ErrorCode = keyof typeof ERROR_CODES | `${EntityCode}${keyof typeof ENTITY_ERROR_SUFFIXES}`;

export function allErrorCodes(): string[] {
  const perEntity = ENTITY_CODES.flatMap((entity) =>
    Object.keys(ENTITY_ERROR_SUFFIXES).map((suffix) => `${entity}${suffix}`),
  );
  return [...Object.keys(ERROR_CODES), ...perEntity];
}
