import type { Permission } from './access-control.js';
import { MLFLOW_OPERATIONS } from './mlflow-permissions.js';

/**
 * The permission model as data: for every operation the server serves, what its caller needs and
 * which registered models that need applies to. The HTTP layer names each route's operation (its
 * `operationId` in the served OpenAPI document); the services decide, inside the request's own
 * transaction, from this table alone (services/access/authorizer.ts). docs/security.md explains the
 * rules in prose; a test checks that every served operation has exactly one entry here.
 *
 * A second API surface (the MLflow-compatible API) adds entries of its own, keyed by its own
 * operation names, built from the same actions and scope kinds: one table, one decision.
 */

/**
 * What an operation needs: nothing (`public`), a credential of any kind (`authenticated`), or a
 * permission on every registered model it touches (on the registry as a whole when it touches
 * none, or touches something that belongs to no model).
 */
export type OperationAction = 'public' | 'authenticated' | Permission;

/**
 * Kinds of entity a request can name. Each belongs to registered models (a version to its model,
 * an upload to its version's model, a serve model to its inference service's model and to the
 * model of the version it serves) or to the registry as a whole (serving environments,
 * experiments and runs, loose artifacts, global tokens and grants). `lineageNode` is `kind:key`
 * of a lineage graph: a version, an inference service or a run, or a dataset, commit or pipeline
 * run, which belong to nothing and show only through the versions the caller may read.
 */
export const SCOPE_KINDS = [
  'registeredModel',
  'modelVersion',
  'artifact',
  'servingEnvironment',
  'inferenceService',
  'serveModel',
  'experiment',
  'experimentRun',
  'upload',
  'apiToken',
  'grant',
  'lineageNode',
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Where a request names an entity, and what the operation needs on that entity's models. */
export interface ScopeSource {
  readonly in: 'path' | 'query' | 'body';
  /**
   * The parameter's name; in a body a dotted path, where `[]` walks the items of an array and
   * `*` the values of a map (`parents[].modelVersionId`, `aliases.*`). Absent or null: no entity.
   */
  readonly name: string;
  readonly kind: ScopeKind;
  /** A comma-separated list of references (query parameters only). */
  readonly list?: true;
  /** The value is a name, not an id: a registration names its model. Unknown: a new entity. */
  readonly byName?: true;
  /** What is needed on this entity when less than the operation's action (it is only read). */
  readonly needs?: Permission;
}

/** A body field whose change needs more than the operation (a new owner, a move to another model). */
export interface Elevation {
  readonly field: 'owner' | 'state' | 'registeredModelId' | 'subject';
  readonly needs: Permission;
  /**
   * What the value is compared with: the caller's own subject, or the value on the entity the
   * operation acts on (its first scope source).
   */
  readonly baseline: 'caller' | 'current';
  /** The body field whose value stands in when this one is left out (a token's subject is its name). */
  readonly defaultFrom?: string;
  /** The value names a registered model: a move, so `needs` holds on both the old and the new one. */
  readonly target?: 'registeredModel';
  /** `needs` holds on the whole registry (global roles only), not on the entity's models. */
  readonly onRegistry?: true;
}

export interface OperationRule {
  readonly action: OperationAction;
  /** The entities the operation touches; none (or none named): the registry as a whole. */
  readonly scope?: readonly ScopeSource[];
  /**
   * The answer holds only what the caller may read (lists, finds, searches, lineage walks): no
   * registry-wide permission is needed, and anything outside the caller's read scope is absent.
   */
  readonly filtered?: true;
  readonly elevations?: readonly Elevation[];
}

const path = (kind: ScopeKind, needs?: Permission): ScopeSource => ({
  in: 'path',
  name: 'id',
  kind,
  ...(needs === undefined ? {} : { needs }),
});
const body = (name: string, kind: ScopeKind, needs?: Permission): ScopeSource => ({
  in: 'body',
  name,
  kind,
  ...(needs === undefined ? {} : { needs }),
});
const query = (name: string, kind: ScopeKind): ScopeSource => ({ in: 'query', name, kind });

const list: OperationRule = { action: 'read', filtered: true };
const readOne = (kind: ScopeKind): OperationRule => ({ action: 'read', scope: [path(kind)] });
const readUnder = (kind: ScopeKind): OperationRule => ({
  action: 'read',
  scope: [path(kind)],
  filtered: true,
});
const deleteOne = (kind: ScopeKind): OperationRule => ({ action: 'admin', scope: [path(kind)] });
/** The ids an artifact body may name besides its own. */
const artifactRefs = [body('experimentId', 'experiment'), body('experimentRunId', 'experimentRun')];
const serviceRefs = [
  body('registeredModelId', 'registeredModel'),
  body('servingEnvironmentId', 'servingEnvironment'),
  body('modelVersionId', 'modelVersion'),
];
const owner: Elevation = { field: 'owner', needs: 'admin', baseline: 'current' };

/** Every operation of the served API (Kubeflow reference plus extensions), by operationId. */
export const OPERATIONS = {
  // ---- served document and probes ----
  getOpenApiDocument: { action: 'public' },
  readyzHealth: { action: 'public' },
  readyzIsDirty: { action: 'public' },

  // ---- registered models ----
  getRegisteredModels: list,
  findRegisteredModel: list,
  // A new model may name any owner (Kubeflow's clients make the author its owner): giving a new
  // model away raises nobody's rights over what exists. Changing the owner of one is an admin's.
  createRegisteredModel: { action: 'write' },
  getRegisteredModel: readOne('registeredModel'),
  updateRegisteredModel: { action: 'write', scope: [path('registeredModel')], elevations: [owner] },
  deleteRegisteredModel: deleteOne('registeredModel'),
  getRegisteredModelVersions: readUnder('registeredModel'),
  createRegisteredModelVersion: {
    action: 'write',
    scope: [path('registeredModel'), body('registeredModelId', 'registeredModel')],
  },

  // ---- model versions ----
  getModelVersions: list,
  findModelVersion: list,
  createModelVersion: { action: 'write', scope: [body('registeredModelId', 'registeredModel')] },
  getModelVersion: readOne('modelVersion'),
  updateModelVersion: {
    action: 'write',
    scope: [path('modelVersion'), body('registeredModelId', 'registeredModel')],
    // ARCHIVED and LIVE are stage moves (Archived, Development): promoters' work.
    elevations: [{ field: 'state', needs: 'promote', baseline: 'current' }],
  },
  deleteModelVersion: deleteOne('modelVersion'),
  getModelVersionArtifacts: readUnder('modelVersion'),
  upsertModelVersionArtifact: {
    action: 'write',
    scope: [path('modelVersion'), body('id', 'artifact'), ...artifactRefs],
  },

  // ---- artifacts (model artifacts are the artifacts of one type) ----
  getArtifacts: list,
  findArtifact: list,
  createArtifact: { action: 'write', scope: artifactRefs },
  getArtifact: readOne('artifact'),
  updateArtifact: { action: 'write', scope: [path('artifact'), ...artifactRefs] },
  deleteArtifact: deleteOne('artifact'),
  getModelArtifacts: list,
  findModelArtifact: list,
  createModelArtifact: { action: 'write', scope: artifactRefs },
  getModelArtifact: readOne('artifact'),
  updateModelArtifact: { action: 'write', scope: [path('artifact'), ...artifactRefs] },
  deleteModelArtifact: deleteOne('artifact'),

  // ---- serving ----
  getServingEnvironments: list,
  findServingEnvironment: list,
  createServingEnvironment: { action: 'write' },
  getServingEnvironment: readOne('servingEnvironment'),
  updateServingEnvironment: { action: 'write', scope: [path('servingEnvironment')] },
  deleteServingEnvironment: deleteOne('servingEnvironment'),
  getEnvironmentInferenceServices: readUnder('servingEnvironment'),
  createEnvironmentInferenceService: { action: 'write', scope: [path('servingEnvironment'), ...serviceRefs] },
  getInferenceServices: list,
  findInferenceService: list,
  createInferenceService: { action: 'write', scope: serviceRefs },
  getInferenceService: readOne('inferenceService'),
  updateInferenceService: {
    action: 'write',
    scope: [path('inferenceService'), ...serviceRefs],
    elevations: [
      { field: 'registeredModelId', needs: 'admin', baseline: 'current', target: 'registeredModel' },
    ],
  },
  deleteInferenceService: deleteOne('inferenceService'),
  getInferenceServiceModel: readOne('inferenceService'),
  getInferenceServiceVersion: readOne('inferenceService'),
  getInferenceServiceServes: readUnder('inferenceService'),
  createInferenceServiceServe: {
    action: 'write',
    scope: [
      path('inferenceService'),
      body('inferenceServiceId', 'inferenceService'),
      body('modelVersionId', 'modelVersion'),
    ],
  },
  getServeModel: readOne('serveModel'),
  updateServeModel: {
    action: 'write',
    scope: [
      path('serveModel'),
      body('inferenceServiceId', 'inferenceService'),
      body('modelVersionId', 'modelVersion'),
    ],
  },
  deleteServeModel: deleteOne('serveModel'),

  // ---- experiments ----
  getExperiments: list,
  findExperiment: list,
  createExperiment: { action: 'write' },
  getExperiment: readOne('experiment'),
  updateExperiment: { action: 'write', scope: [path('experiment')] },
  deleteExperiment: deleteOne('experiment'),
  getExperimentExperimentRuns: readUnder('experiment'),
  createExperimentExperimentRun: {
    action: 'write',
    scope: [path('experiment'), body('experimentId', 'experiment')],
  },
  getExperimentRuns: list,
  findExperimentRun: list,
  createExperimentRun: { action: 'write', scope: [body('experimentId', 'experiment')] },
  getExperimentRun: readOne('experimentRun'),
  updateExperimentRun: {
    action: 'write',
    scope: [path('experimentRun'), body('experimentId', 'experiment')],
  },
  deleteExperimentRun: deleteOne('experimentRun'),
  getExperimentRunArtifacts: readUnder('experimentRun'),
  upsertExperimentRunArtifact: {
    action: 'write',
    scope: [path('experimentRun'), body('id', 'artifact'), ...artifactRefs],
  },
  getExperimentRunMetricHistory: readUnder('experimentRun'),
  getExperimentRunsMetricHistory: list,

  // ---- lifecycle: stages, approvals, policies, aliases, deployments ----
  transitionModelVersionStage: { action: 'promote', scope: [path('modelVersion')] },
  approveModelVersion: { action: 'promote', scope: [path('modelVersion')] },
  getModelVersionStageHistory: readOne('modelVersion'),
  getRegisteredModelStageHistory: readOne('registeredModel'),
  getPromotionPolicies: readOne('registeredModel'),
  setPromotionPolicy: { action: 'admin', scope: [path('registeredModel')] },
  getRegisteredModelAliases: readOne('registeredModel'),
  getRegisteredModelAlias: readOne('registeredModel'),
  getRegisteredModelAliasHistory: readOne('registeredModel'),
  moveRegisteredModelAliases: {
    action: 'promote',
    scope: [path('registeredModel'), body('aliases.*', 'modelVersion', 'read')],
  },
  setRegisteredModelAlias: {
    action: 'promote',
    scope: [path('registeredModel'), body('modelVersionId', 'modelVersion', 'read')],
  },
  deleteRegisteredModelAlias: { action: 'promote', scope: [path('registeredModel')] },
  recordRegisteredModelDeployment: {
    action: 'promote',
    scope: [path('registeredModel'), body('modelVersionId', 'modelVersion', 'read')],
  },
  getRegisteredModelDeployments: readOne('registeredModel'),
  // KServe: a plan only reads; recording an applied one is a deployment; a sync reads every
  // model's deployments and records what the cluster serves, so it needs the registry as a whole.
  planKServeDeployment: {
    action: 'read',
    scope: [path('registeredModel'), query('modelVersionId', 'modelVersion')],
  },
  recordKServeDeployment: {
    action: 'promote',
    scope: [
      path('registeredModel'),
      body('modelVersionId', 'modelVersion', 'read'),
      body('stableVersionId', 'modelVersion', 'read'),
    ],
  },
  syncKServeDeployments: { action: 'promote' },
  getKServeSyncReports: { action: 'read' },
  getProduction: { action: 'read', scope: [query('registeredModelId', 'registeredModel')], filtered: true },
  getNextVersionName: readOne('registeredModel'),
  resolveModelVersion: readOne('registeredModel'),

  // ---- lineage, search and comparison ----
  registerModelVersion: {
    action: 'write',
    scope: [
      { in: 'body', name: 'registeredModel.name', kind: 'registeredModel', byName: true },
      body('experimentRunId', 'experimentRun'),
      body('parents[].modelVersionId', 'modelVersion', 'read'),
    ],
  },
  getLineage: { action: 'read', scope: [query('node', 'lineageNode')], filtered: true },
  setModelVersionLineage: {
    action: 'write',
    scope: [path('modelVersion'), body('experimentRunId', 'experimentRun', 'read')],
  },
  addModelVersionParent: {
    action: 'write',
    scope: [path('modelVersion'), body('parentVersionId', 'modelVersion', 'read')],
  },
  removeModelVersionParent: {
    action: 'write',
    scope: [path('modelVersion'), { in: 'path', name: 'parentId', kind: 'modelVersion', needs: 'read' }],
  },
  getMetricGoals: readOne('registeredModel'),
  setMetricGoals: { action: 'write', scope: [path('registeredModel')] },
  compareModelVersions: {
    action: 'read',
    scope: [{ in: 'query', name: 'versionIds', kind: 'modelVersion', list: true }],
  },

  // ---- model files ----
  createUpload: { action: 'write', scope: [path('modelVersion')] },
  listUploads: readOne('modelVersion'),
  getUpload: readOne('upload'),
  abortUpload: { action: 'write', scope: [path('upload')] },
  uploadFile: { action: 'write', scope: [path('upload')] },
  commitUpload: { action: 'write', scope: [path('upload')] },
  getModelVersionFiles: readOne('modelVersion'),
  downloadModelVersionFile: readOne('modelVersion'),
  downloadModelVersionContent: readOne('modelVersion'),
  collectGarbage: { action: 'admin' },

  // ---- browsing (the web UI's reads) ----
  getModelSummaries: list,
  getSearchSuggestions: list,
  getModelVersionStageOptions: readOne('modelVersion'),
  // What the caller may do: about a model it may not read, as about one that does not exist.
  getPermissions: { action: 'read', scope: [query('registeredModelId', 'registeredModel')], filtered: true },

  // ---- access and audit ----
  whoami: { action: 'authenticated' },
  getApiTokens: { action: 'admin' },
  createApiToken: {
    action: 'admin',
    scope: [body('registeredModelId', 'registeredModel')],
    // A token acts as its subject everywhere: one for someone else is a global admin's to make.
    elevations: [
      { field: 'subject', defaultFrom: 'name', needs: 'admin', baseline: 'caller', onRegistry: true },
    ],
  },
  revokeApiToken: deleteOne('apiToken'),
  getGrants: { action: 'admin', scope: [query('registeredModelId', 'registeredModel')] },
  createGrant: { action: 'admin', scope: [body('registeredModelId', 'registeredModel')] },
  deleteGrant: deleteOne('grant'),
  getAuditEvents: { action: 'admin' },
  verifyAuditTrail: { action: 'admin' },

  // ---- operations ----
  // Request counts by operation and status: a registry-wide view, for admins.
  getMetrics: { action: 'admin' },

  // ---- POST <list>/search: a list with its query parameters in a JSON body (long filters) ----
  searchRegisteredModels: list,
  searchRegisteredModelVersions: readUnder('registeredModel'),
  searchModelVersions: list,
  searchModelVersionArtifacts: readUnder('modelVersion'),
  searchArtifacts: list,
  searchModelArtifacts: list,
  searchServingEnvironments: list,
  searchEnvironmentInferenceServices: readUnder('servingEnvironment'),
  searchInferenceServices: list,
  searchInferenceServiceServes: readUnder('inferenceService'),
  searchExperiments: list,
  searchExperimentExperimentRuns: readUnder('experiment'),
  searchExperimentRuns: list,
  searchExperimentRunArtifacts: readUnder('experimentRun'),
  searchExperimentRunsMetricHistory: list,
  searchExperimentRunMetricHistory: readUnder('experimentRun'),
  searchModelSummaries: list,
  // ---- content integrity (the scrub) ----
  startVerificationRun: { action: 'admin' },
  getVerificationRun: { action: 'admin' },
  stepVerificationRun: { action: 'admin' },
  getRegistryReport: { action: 'admin' },
  // ---- the MLflow-compatible API (domain/mlflow-permissions.ts) ----
  ...MLFLOW_OPERATIONS,
} as const satisfies Readonly<Record<string, OperationRule>>;

export type OperationId = keyof typeof OPERATIONS;

/**
 * The list operations that take a filterQuery, each with its `POST …/search` twin: the same
 * answer, its query parameters sent in a JSON body, so that a long filter is never cut by a
 * URL limit. The twin has the list's rule.
 */
export const SEARCH_OPERATIONS: Readonly<Partial<Record<OperationId, OperationId>>> = {
  getRegisteredModels: 'searchRegisteredModels',
  getRegisteredModelVersions: 'searchRegisteredModelVersions',
  getModelVersions: 'searchModelVersions',
  getModelVersionArtifacts: 'searchModelVersionArtifacts',
  getArtifacts: 'searchArtifacts',
  getModelArtifacts: 'searchModelArtifacts',
  getServingEnvironments: 'searchServingEnvironments',
  getEnvironmentInferenceServices: 'searchEnvironmentInferenceServices',
  getInferenceServices: 'searchInferenceServices',
  getInferenceServiceServes: 'searchInferenceServiceServes',
  getExperiments: 'searchExperiments',
  getExperimentExperimentRuns: 'searchExperimentExperimentRuns',
  getExperimentRuns: 'searchExperimentRuns',
  getExperimentRunArtifacts: 'searchExperimentRunArtifacts',
  getExperimentRunsMetricHistory: 'searchExperimentRunsMetricHistory',
  getExperimentRunMetricHistory: 'searchExperimentRunMetricHistory',
  getModelSummaries: 'searchModelSummaries',
};

export function ruleOf(id: OperationId): OperationRule {
  return OPERATIONS[id];
}

/** What a request names, as the authorization reads it: its operation and its inputs as sent. */
export interface AccessRequest {
  readonly operation: OperationId;
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The JSON body as sent; absent when the operation has none or it is not read yet. */
  readonly body?: unknown;
}

/** One entity a request names, and what the operation needs on it. */
export interface Reference {
  readonly kind: ScopeKind;
  /** An id or a name (byName), or `kind:key` for a lineage node. */
  readonly value: string;
  readonly byName: boolean;
  readonly needs: Permission;
  /** The index of its source in the rule's scope (0 is the entity the operation acts on). */
  readonly source: number;
}

/** The values a dotted body path reaches (`a.b`, `a[].b`, `a.*`), skipping absent and null ones. */
export function valuesAt(value: unknown, fieldPath: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of fieldPath.split('.')) {
    const next: unknown[] = [];
    const walkArray = segment.endsWith('[]');
    const key = walkArray ? segment.slice(0, -2) : segment;
    for (const item of current) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const record = item as Record<string, unknown>;
      const children = key === '*' ? Object.values(record) : [record[key]];
      for (const child of children) {
        if (walkArray) {
          if (Array.isArray(child)) next.push(...(child as unknown[]));
        } else {
          next.push(child);
        }
      }
    }
    current = next;
  }
  return current.filter((v) => v !== undefined && v !== null);
}

/**
 * The entities a request names, by the rule of its operation. Body sources are left out until
 * the body is read (`withBody`); the caller decides what it can before reading one.
 */
export function referencesOf(rule: OperationRule, request: AccessRequest, withBody: boolean): Reference[] {
  const action = rule.action;
  if (action === 'public' || action === 'authenticated') return [];
  const references: Reference[] = [];
  (rule.scope ?? []).forEach((source, index) => {
    let values: unknown[] = [];
    if (source.in === 'path') values = [request.path[source.name]];
    else if (source.in === 'query') {
      const text = request.query[source.name];
      values = text === undefined || text === '' ? [] : source.list === true ? text.split(',') : [text];
    } else if (withBody) values = valuesAt(request.body, source.name);
    for (const value of values) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      references.push({
        kind: source.kind,
        value: String(value),
        byName: source.byName === true,
        needs: source.needs ?? action,
        source: index,
      });
    }
  });
  return references;
}

/** The value an elevation compares: the body field, or the field it defaults from. */
export function elevatedValue(elevation: Elevation, requestBody: unknown): string | undefined {
  const [given] = valuesAt(requestBody, elevation.field);
  const [fallback] = elevation.defaultFrom === undefined ? [] : valuesAt(requestBody, elevation.defaultFrom);
  const value = given ?? fallback;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
