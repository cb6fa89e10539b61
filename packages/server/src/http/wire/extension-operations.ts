import type { z } from 'zod';
import { SEARCH_OPERATIONS, type OperationId } from '../../domain/permissions.js';
import { WRITE_SCHEMAS } from './entities.js';
import {
  API_TOKEN_LIST,
  GRANT,
  GRANT_LIST,
  NEW_API_TOKEN,
  NEW_GRANT,
  NEW_TOKEN,
  PRINCIPAL,
} from './access.js';
import {
  GARBAGE_REPORT,
  GC_REQUEST,
  MANIFEST,
  NEW_UPLOAD,
  UPLOAD,
  UPLOAD_FILE_PROGRESS,
  UPLOAD_LIST,
} from './files.js';
import {
  NEW_RUN,
  REGISTRY_REPORT,
  VERIFICATION_RUN_REPORT,
  VERIFICATION_RUN_START,
  VERIFICATION_STEP,
} from './integrity.js';
import { AUDIT_CHAIN_CHECK, AUDIT_EVENT_LIST } from './audit.js';
import { CALLER_PERMISSIONS, MODEL_SUMMARY_LIST, SEARCH_SUGGESTIONS, STAGE_OPTIONS } from './browse.js';
import {
  ARTIFACT_ANSWER,
  EXPERIMENT_ANSWER,
  EXPERIMENT_RUN_ANSWER,
  INFERENCE_SERVICE_ANSWER,
  listAnswer,
  METRIC_ANSWER,
  MODEL_ARTIFACT_ANSWER,
  MODEL_VERSION_ANSWER,
  REGISTERED_MODEL_ANSWER,
  SERVE_MODEL_ANSWER,
  SERVING_ENVIRONMENT_ANSWER,
} from './entity-answers.js';
import { KSERVE_DEPLOYMENT_EVENT, KSERVE_PLAN, KSERVE_SYNC_REPORT_LIST, RECORD, SYNC } from './kserve.js';
import {
  ALIAS_MOVE,
  ALIAS_MOVE_LIST,
  ALIAS_MOVES,
  ALIAS_TARGET,
  APPROVAL,
  APPROVAL_LIST,
  DEPLOYMENT,
  DEPLOYMENT_EVENT,
  DEPLOYMENT_EVENT_LIST,
  MODEL_ALIAS,
  MODEL_ALIAS_LIST,
  NEXT_VERSION_NAME,
  POLICY,
  POLICY_LIST,
  PRODUCTION_LIST,
  STAGE_TRANSITION_LIST,
  TRANSITION,
} from './lifecycle.js';
import {
  COMPARISON,
  goalsSchema,
  LINEAGE_GRAPH,
  lineageSchema,
  METRIC_GOALS,
  PARENT_LINK,
  parentSchema,
  REGISTRATION,
  registrationSchema,
  VERSION_LINEAGE,
} from './lineage.js';
import { SEARCH_BODY } from '../request-parsing.js';

/**
 * A body that is not JSON: file bytes, a tar, YAML, plain text (`bytes`), or no body at all
 * (`empty`, e.g. 204).
 */
export type OtherBody = 'bytes' | 'empty';

/** The wire shapes of one operation: its request body and its successful answers, by status. */
export interface WireOperation {
  /** Absent: the operation takes no body. */
  readonly request?: z.ZodType | OtherBody;
  readonly responses: Readonly<Record<string, z.ZodType | OtherBody>>;
}

const DELETED = { '204': 'empty' } as const;

/**
 * A registration as the route takes it: the model's name is checked after the schema (to answer
 * REQUIRED_FIELD_MISSING with its path, as the reference answers a missing field).
 */
const REGISTRATION_AS_CHECKED = registrationSchema.extend({
  registeredModel: WRITE_SCHEMAS.registeredModel.required({ name: true }),
});

/** What each `POST …/search` twin answers: the page its list answers. */
const SEARCH_ANSWERS: Readonly<Partial<Record<OperationId, z.ZodType>>> = {
  searchRegisteredModels: listAnswer(REGISTERED_MODEL_ANSWER),
  searchRegisteredModelVersions: listAnswer(MODEL_VERSION_ANSWER),
  searchModelVersions: listAnswer(MODEL_VERSION_ANSWER),
  searchModelVersionArtifacts: listAnswer(ARTIFACT_ANSWER),
  searchArtifacts: listAnswer(ARTIFACT_ANSWER),
  searchModelArtifacts: listAnswer(MODEL_ARTIFACT_ANSWER),
  searchServingEnvironments: listAnswer(SERVING_ENVIRONMENT_ANSWER),
  searchEnvironmentInferenceServices: listAnswer(INFERENCE_SERVICE_ANSWER),
  searchInferenceServices: listAnswer(INFERENCE_SERVICE_ANSWER),
  searchInferenceServiceServes: listAnswer(SERVE_MODEL_ANSWER),
  searchExperiments: listAnswer(EXPERIMENT_ANSWER),
  searchExperimentExperimentRuns: listAnswer(EXPERIMENT_RUN_ANSWER),
  searchExperimentRuns: listAnswer(EXPERIMENT_RUN_ANSWER),
  searchExperimentRunArtifacts: listAnswer(ARTIFACT_ANSWER),
  searchExperimentRunsMetricHistory: listAnswer(METRIC_ANSWER),
  searchExperimentRunMetricHistory: listAnswer(METRIC_ANSWER),
  searchModelSummaries: MODEL_SUMMARY_LIST,
};

const SEARCHES = Object.fromEntries(
  Object.values(SEARCH_OPERATIONS).map((operation) => {
    const answer = SEARCH_ANSWERS[operation];
    return [operation, { request: SEARCH_BODY, responses: answer === undefined ? {} : { '200': answer } }];
  }),
) as Record<string, WireOperation>;

/**
 * The zod schemas of every operation our extension document (openapi/modelreg-extensions.openapi.yaml)
 * defines: the one source of their wire shapes. wire-agreement.test.ts proves the served document
 * says the same, in both directions.
 */
export const EXTENSION_WIRE: Readonly<Partial<Record<OperationId, WireOperation>>> = {
  ...SEARCHES,
  whoami: { responses: { '200': PRINCIPAL } },
  getApiTokens: { responses: { '200': API_TOKEN_LIST } },
  createApiToken: { request: NEW_TOKEN, responses: { '201': NEW_API_TOKEN } },
  revokeApiToken: { responses: DELETED },
  transitionModelVersionStage: { request: TRANSITION, responses: { '200': MODEL_VERSION_ANSWER } },
  getModelVersionStageHistory: { responses: { '200': STAGE_TRANSITION_LIST } },
  getRegisteredModelStageHistory: { responses: { '200': STAGE_TRANSITION_LIST } },
  getRegisteredModelAliases: { responses: { '200': MODEL_ALIAS_LIST } },
  moveRegisteredModelAliases: { request: ALIAS_MOVES, responses: { '200': MODEL_ALIAS_LIST } },
  getRegisteredModelAliasHistory: { responses: { '200': ALIAS_MOVE_LIST } },
  getRegisteredModelAlias: { responses: { '200': ALIAS_MOVE } },
  setRegisteredModelAlias: { request: ALIAS_TARGET, responses: { '200': MODEL_ALIAS } },
  deleteRegisteredModelAlias: { responses: DELETED },
  getRegisteredModelDeployments: { responses: { '200': DEPLOYMENT_EVENT_LIST } },
  recordRegisteredModelDeployment: { request: DEPLOYMENT, responses: { '201': DEPLOYMENT_EVENT } },
  planKServeDeployment: { responses: { '200': KSERVE_PLAN } },
  recordKServeDeployment: { request: RECORD, responses: { '201': KSERVE_DEPLOYMENT_EVENT } },
  getKServeSyncReports: { responses: { '200': KSERVE_SYNC_REPORT_LIST } },
  syncKServeDeployments: { request: SYNC, responses: { '200': KSERVE_SYNC_REPORT_LIST } },
  getProduction: { responses: { '200': PRODUCTION_LIST } },
  getNextVersionName: { responses: { '200': NEXT_VERSION_NAME } },
  resolveModelVersion: { responses: { '200': MODEL_VERSION_ANSWER } },
  getPromotionPolicies: { responses: { '200': POLICY_LIST } },
  setPromotionPolicy: { request: POLICY, responses: { '200': POLICY_LIST } },
  approveModelVersion: { request: APPROVAL, responses: { '200': APPROVAL_LIST } },
  getAuditEvents: { responses: { '200': AUDIT_EVENT_LIST } },
  verifyAuditTrail: { responses: { '200': AUDIT_CHAIN_CHECK } },
  getMetrics: { responses: { '200': 'bytes' } },
  getGrants: { responses: { '200': GRANT_LIST } },
  createGrant: { request: NEW_GRANT, responses: { '201': GRANT } },
  deleteGrant: { responses: DELETED },
  deleteArtifact: { responses: DELETED },
  deleteExperiment: { responses: DELETED },
  deleteExperimentRun: { responses: DELETED },
  deleteInferenceService: { responses: DELETED },
  getServeModel: { responses: { '200': SERVE_MODEL_ANSWER } },
  updateServeModel: { request: WRITE_SCHEMAS.serveModel, responses: { '200': SERVE_MODEL_ANSWER } },
  deleteServeModel: { responses: DELETED },
  deleteModelArtifact: { responses: DELETED },
  deleteModelVersion: { responses: DELETED },
  listUploads: { responses: { '200': UPLOAD_LIST } },
  createUpload: { request: NEW_UPLOAD, responses: { '201': UPLOAD } },
  getUpload: { responses: { '200': UPLOAD } },
  abortUpload: { responses: DELETED },
  uploadFile: { request: 'bytes', responses: { '200': UPLOAD_FILE_PROGRESS } },
  commitUpload: { responses: { '201': MANIFEST } },
  getModelVersionFiles: { responses: { '200': MANIFEST } },
  downloadModelVersionFile: { responses: { '200': 'bytes', '206': 'bytes' } },
  downloadModelVersionContent: { responses: { '200': 'bytes' } },
  collectGarbage: { request: GC_REQUEST, responses: { '200': GARBAGE_REPORT } },
  getRegistryReport: { responses: { '200': REGISTRY_REPORT } },
  startVerificationRun: {
    request: NEW_RUN,
    responses: { '200': VERIFICATION_RUN_START, '201': VERIFICATION_RUN_START },
  },
  getVerificationRun: { responses: { '200': VERIFICATION_RUN_REPORT } },
  stepVerificationRun: { responses: { '200': VERIFICATION_STEP } },
  deleteRegisteredModel: { responses: DELETED },
  deleteServingEnvironment: { responses: DELETED },
  getOpenApiDocument: { responses: { '200': 'bytes' } },
  readyzHealth: { responses: { '200': 'bytes' } },
  readyzIsDirty: { responses: { '200': 'bytes' } },
  registerModelVersion: { request: REGISTRATION_AS_CHECKED, responses: { '201': REGISTRATION } },
  getLineage: { responses: { '200': LINEAGE_GRAPH } },
  setModelVersionLineage: { request: lineageSchema, responses: { '200': VERSION_LINEAGE } },
  addModelVersionParent: { request: parentSchema, responses: { '201': PARENT_LINK } },
  removeModelVersionParent: { responses: DELETED },
  getMetricGoals: { responses: { '200': METRIC_GOALS } },
  setMetricGoals: { request: goalsSchema, responses: { '200': METRIC_GOALS } },
  compareModelVersions: { responses: { '200': COMPARISON } },
  getModelSummaries: { responses: { '200': MODEL_SUMMARY_LIST } },
  getSearchSuggestions: { responses: { '200': SEARCH_SUGGESTIONS } },
  getModelVersionStageOptions: { responses: { '200': STAGE_OPTIONS } },
  getPermissions: { responses: { '200': CALLER_PERMISSIONS } },
};
