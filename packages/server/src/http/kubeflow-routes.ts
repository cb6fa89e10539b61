import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  STAGES,
  type PromotionPolicy,
  type Stage,
  type AliasMove,
  type DeploymentEvent,
  type ModelAlias,
  type StageTransition,
  LINEAGE_FACTS,
} from '../domain/lifecycle.js';
import { longText, wireId } from './wire-values.js';
import { ARTIFACT_TYPES, type ArtifactType, type EntityByKind, type EntityKind } from '../domain/entities.js';
import { InputError, NotFoundError } from '../domain/errors.js';
import { encodePageToken, orderTerm, type Page, type PageRequest } from '../domain/pagination.js';
import type { ResolvedFilter } from '../domain/filter-query/resolve.js';
import type { LineageService } from '../services/lineage-service.js';
import type { OperationId } from '../domain/permissions.js';
import type { ArtifactParent, RegistryService } from '../services/registry-service.js';
import { bodyOf, callerOf as actor, queryOf, type Routes } from './operations.js';
import {
  optionalId,
  parseBody,
  parseEnum,
  parseFilter,
  parseId,
  parsePageRequest,
  parseStepIds,
  type Query,
} from './request-parsing.js';
import { toWire, WRITE_SCHEMAS, type WritableKind } from './wire-entities.js';

export const API_BASE = '/api/model_registry/v1alpha3';

/** The operations of a top-level collection, by what they do. */
interface CollectionOperations {
  readonly list: OperationId;
  readonly create: OperationId;
  readonly get: OperationId;
  readonly update: OperationId;
  readonly find: OperationId;
  readonly remove: OperationId;
}

/** A top-level collection of the reference API: list, create, get, patch, delete (ours) and find. */
interface CollectionRoute {
  readonly kind: WritableKind;
  readonly path: string;
  readonly findPath: string;
  readonly required: readonly string[];
  /** The reference answers 422 for a missing required field on a few creates, 400 elsewhere. */
  readonly missingStatus: 400 | 422;
  /** `POST /inference_services` is 200 in the reference; every other create is 201. */
  readonly createStatus: 200 | 201;
  /** For `/model_artifacts`: the collection is the artifacts of one type. */
  readonly artifactType?: ArtifactType;
  readonly operations: CollectionOperations;
}

const COLLECTIONS: readonly CollectionRoute[] = [
  {
    kind: 'registeredModel',
    path: 'registered_models',
    findPath: 'registered_model',
    required: ['name'],
    missingStatus: 400,
    createStatus: 201,
    operations: {
      list: 'getRegisteredModels',
      create: 'createRegisteredModel',
      get: 'getRegisteredModel',
      update: 'updateRegisteredModel',
      find: 'findRegisteredModel',
      remove: 'deleteRegisteredModel',
    },
  },
  {
    kind: 'modelVersion',
    path: 'model_versions',
    findPath: 'model_version',
    required: ['name', 'registeredModelId'],
    missingStatus: 422,
    createStatus: 201,
    operations: {
      list: 'getModelVersions',
      create: 'createModelVersion',
      get: 'getModelVersion',
      update: 'updateModelVersion',
      find: 'findModelVersion',
      remove: 'deleteModelVersion',
    },
  },
  {
    kind: 'artifact',
    path: 'model_artifacts',
    findPath: 'model_artifact',
    required: [],
    missingStatus: 400,
    createStatus: 201,
    artifactType: 'model-artifact',
    operations: {
      list: 'getModelArtifacts',
      create: 'createModelArtifact',
      get: 'getModelArtifact',
      update: 'updateModelArtifact',
      find: 'findModelArtifact',
      remove: 'deleteModelArtifact',
    },
  },
  {
    kind: 'artifact',
    path: 'artifacts',
    findPath: 'artifact',
    required: ['artifactType'],
    missingStatus: 400,
    createStatus: 201,
    operations: {
      list: 'getArtifacts',
      create: 'createArtifact',
      get: 'getArtifact',
      update: 'updateArtifact',
      find: 'findArtifact',
      remove: 'deleteArtifact',
    },
  },
  {
    kind: 'servingEnvironment',
    path: 'serving_environments',
    findPath: 'serving_environment',
    required: ['name'],
    missingStatus: 400,
    createStatus: 201,
    operations: {
      list: 'getServingEnvironments',
      create: 'createServingEnvironment',
      get: 'getServingEnvironment',
      update: 'updateServingEnvironment',
      find: 'findServingEnvironment',
      remove: 'deleteServingEnvironment',
    },
  },
  {
    kind: 'inferenceService',
    path: 'inference_services',
    findPath: 'inference_service',
    required: ['registeredModelId', 'servingEnvironmentId'],
    missingStatus: 400,
    createStatus: 200,
    operations: {
      list: 'getInferenceServices',
      create: 'createInferenceService',
      get: 'getInferenceService',
      update: 'updateInferenceService',
      find: 'findInferenceService',
      remove: 'deleteInferenceService',
    },
  },
  {
    kind: 'experiment',
    path: 'experiments',
    findPath: 'experiment',
    required: ['name'],
    missingStatus: 400,
    createStatus: 201,
    operations: {
      list: 'getExperiments',
      create: 'createExperiment',
      get: 'getExperiment',
      update: 'updateExperiment',
      find: 'findExperiment',
      remove: 'deleteExperiment',
    },
  },
  {
    kind: 'experimentRun',
    path: 'experiment_runs',
    findPath: 'experiment_run',
    required: ['experimentId'],
    missingStatus: 422,
    createStatus: 201,
    operations: {
      list: 'getExperimentRuns',
      create: 'createExperimentRun',
      get: 'getExperimentRun',
      update: 'updateExperimentRun',
      find: 'findExperimentRun',
      remove: 'deleteExperimentRun',
    },
  },
];

/** A child collection under a parent: `GET`/`POST /parents/{id}/children`. */
interface ChildRoute {
  readonly parentKind: EntityKind;
  readonly parentPath: string;
  readonly childPath: string;
  readonly kind: WritableKind;
  readonly parentField: string;
  readonly required: readonly string[];
  readonly list: OperationId;
  readonly create: OperationId;
}

const CHILDREN: readonly ChildRoute[] = [
  {
    parentKind: 'registeredModel',
    parentPath: 'registered_models',
    childPath: 'versions',
    kind: 'modelVersion',
    parentField: 'registeredModelId',
    required: ['name'],
    list: 'getRegisteredModelVersions',
    create: 'createRegisteredModelVersion',
  },
  {
    parentKind: 'servingEnvironment',
    parentPath: 'serving_environments',
    childPath: 'inference_services',
    kind: 'inferenceService',
    parentField: 'servingEnvironmentId',
    required: ['registeredModelId'],
    list: 'getEnvironmentInferenceServices',
    create: 'createEnvironmentInferenceService',
  },
  {
    parentKind: 'inferenceService',
    parentPath: 'inference_services',
    childPath: 'serves',
    kind: 'serveModel',
    parentField: 'inferenceServiceId',
    required: ['modelVersionId'],
    list: 'getInferenceServiceServes',
    create: 'createInferenceServiceServe',
  },
  {
    parentKind: 'experiment',
    parentPath: 'experiments',
    childPath: 'experiment_runs',
    kind: 'experimentRun',
    parentField: 'experimentId',
    required: [],
    list: 'getExperimentExperimentRuns',
    create: 'createExperimentExperimentRun',
  },
];

function transitionToWire(t: StageTransition) {
  return {
    id: String(t.id),
    modelVersionId: String(t.modelVersionId),
    registeredModelId: String(t.registeredModelId),
    fromStage: t.fromStage,
    toStage: t.toStage,
    actor: t.actor,
    ...(t.comment === undefined ? {} : { comment: t.comment }),
    timeSinceEpoch: String(t.timeSinceEpoch),
    sequence: String(t.sequence),
  };
}

function query(c: Context): Query {
  return queryOf(c);
}

function listResponse<K extends EntityKind>(kind: K, page: Page<EntityByKind[K]>, request: PageRequest) {
  return {
    items: page.items.map((item) => toWire(kind, item)),
    nextPageToken:
      page.next === undefined ? '' : encodePageToken(page.next, request.orderBy, request.sortOrder),
    // Absent means "all": the page then holds every item.
    pageSize: request.pageSize ?? page.items.length,
    size: page.items.length,
  };
}

function and(...parts: (ResolvedFilter | undefined)[]): ResolvedFilter | undefined {
  return parts.reduce<ResolvedFilter | undefined>(
    (acc, part) =>
      part === undefined ? acc : acc === undefined ? part : { kind: 'and', left: acc, right: part },
    undefined,
  );
}

/** `include=metrics,params` on model version lists. */
function parseInclude(value: string | undefined, kind: EntityKind): ('metrics' | 'params')[] {
  if (value === undefined || value === '') return [];
  const parts = value.split(',');
  if (kind !== 'modelVersion' || parts.some((p) => p !== 'metrics' && p !== 'params')) {
    throw new InputError(
      'INVALID_PARAMETER',
      `include takes metrics and/or params, on model version lists only; got '${value}'`,
    );
  }
  return parts as ('metrics' | 'params')[];
}

/** `name` / `externalId` query parameters of child listings, as exact matches. */
function nameMatch(q: Query): Record<string, string> {
  const match: Record<string, string> = {};
  if (q['name'] !== undefined) match['name'] = q['name'];
  if (q['externalId'] !== undefined) match['externalId'] = q['externalId'];
  return match;
}

/** Registers every operation of the Kubeflow Model Registry reference, plus DELETE and serve-model access. */
export function registerKubeflowRoutes(
  routes: Routes,
  service: RegistryService,
  lineage?: Pick<LineageService, 'versionValues'>,
): void {
  const base = API_BASE;

  const list = async <K extends EntityKind>(
    c: Context,
    kind: K,
    match: Record<string, string | number>,
    extra?: ResolvedFilter,
    parent?: { kind: EntityKind; id: number },
  ) => {
    const q = query(c);
    const page = parsePageRequest(q);
    if ((page.orderBy === 'VERSION' || orderTerm(page.orderBy) !== undefined) && kind !== 'modelVersion') {
      throw new InputError('INVALID_ORDER_BY', `orderBy ${page.orderBy} orders model versions only`);
    }
    const filter = and(parseFilter(kind, q), extra);
    const include = parseInclude(q['include'], kind);
    const result = await service.list(actor(c), kind, { ...page, match, filter }, parent);
    const response = listResponse(kind, result, page);
    if (include.length > 0 && lineage !== undefined) {
      // Each version's metrics and parameters in one more query, not one call per row.
      const values = await lineage.versionValues(
        actor(c),
        result.items.map((item) => item.id),
      );
      response.items = response.items.map((item, i) => {
        const found = values.get(result.items[i]?.id ?? 0);
        return {
          ...item,
          ...(include.includes('metrics') ? { metrics: found?.metrics ?? {} } : {}),
          ...(include.includes('params') ? { params: found?.params ?? {} } : {}),
        };
      });
    }
    return c.json(response);
  };

  // Metric history first: its static path must win over `experiment_runs/:id`.
  const metricHistory = async (c: Context, runId: number | undefined) => {
    const q = query(c);
    const match: Record<string, string | number> = {};
    if (runId !== undefined) match['experimentRunId'] = runId;
    if (q['name'] !== undefined) match['name'] = q['name'];
    const steps = parseStepIds(q['stepIds']);
    const stepFilter: ResolvedFilter | undefined =
      steps === undefined
        ? undefined
        : { kind: 'field', field: 'step', fieldType: 'int', operator: 'IN', values: steps };
    return list(
      c,
      'metricHistory',
      match,
      stepFilter,
      runId === undefined ? undefined : { kind: 'experimentRun', id: runId },
    );
  };
  routes.route('GET', `${base}/experiment_runs/metric_history`, 'getExperimentRunsMetricHistory', (c) =>
    metricHistory(c, undefined),
  );
  routes.route('GET', `${base}/experiment_runs/:id/metric_history`, 'getExperimentRunMetricHistory', (c) =>
    metricHistory(c, parseId(c.req.param('id'), 'experiment run id')),
  );

  for (const route of COLLECTIONS) {
    const { kind, artifactType, operations } = route;
    const what = `${kind === 'artifact' ? (artifactType ?? 'artifact') : kind} id`;
    const typed: Record<string, string> = artifactType === undefined ? {} : { artifactType };
    const schema = WRITE_SCHEMAS[kind];

    const getTyped = async (c: Context, id: number) => {
      const entity = await service.get(actor(c), kind, id);
      if (artifactType !== undefined && (entity as { artifactType?: string }).artifactType !== artifactType) {
        throw new NotFoundError('MODEL_ARTIFACT_NOT_FOUND', `no ${artifactType} with id ${id}`);
      }
      return entity;
    };

    routes.route('GET', `${base}/${route.findPath}`, operations.find, async (c) => {
      const q = query(c);
      const found = await service.find(actor(c), kind, {
        name: q['name'],
        externalId: q['externalId'],
        parentResourceId: optionalId(q['parentResourceId'], 'parentResourceId'),
        artifactType,
      });
      return c.json(toWire(kind, found), 200);
    });

    routes.route('GET', `${base}/${route.path}`, operations.list, (c) => {
      const match: Record<string, string | number> = { ...typed };
      if (kind === 'artifact' && artifactType === undefined) {
        const type = parseEnum(query(c)['artifactType'], ARTIFACT_TYPES, 'artifactType');
        if (type !== undefined) match['artifactType'] = type;
      }
      return list(c, kind, match);
    });

    routes.route(
      'POST',
      `${base}/${route.path}`,
      operations.create,
      async (c) => {
        const body = parseBody(schema, bodyOf(c), route.required, route.missingStatus);
        if (artifactType !== undefined && 'artifactType' in body && body.artifactType !== artifactType) {
          throw new InputError(
            'ARTIFACT_TYPE_MISMATCH',
            `this collection holds ${artifactType}s, not ${String(body.artifactType)}s`,
          );
        }
        const { id: _ignored, ...fields } = body as Record<string, unknown>;
        const created = await service.create(actor(c), kind, { ...fields, ...typed });
        return c.json(toWire(kind, created), route.createStatus as ContentfulStatusCode);
      },
      { body: 'json' },
    );

    routes.route('GET', `${base}/${route.path}/:id`, operations.get, async (c) => {
      const entity = await getTyped(c, parseId(c.req.param('id'), what));
      return c.json(toWire(kind, entity), 200);
    });

    routes.route(
      'PATCH',
      `${base}/${route.path}/:id`,
      operations.update,
      async (c) => {
        const id = parseId(c.req.param('id'), what);
        const body = parseBody(schema, bodyOf(c)) as Record<string, unknown>;
        if (body['id'] !== undefined && body['id'] !== id) {
          throw new InputError(
            'IMMUTABLE_FIELD',
            `id in the body (${String(body['id'])}) differs from the path (${id})`,
          );
        }
        if (artifactType !== undefined) await getTyped(c, id);
        const { id: _same, ...changes } = body;
        const updated = await service.update(actor(c), kind, id, changes);
        return c.json(toWire(kind, updated), 200);
      },
      { body: 'json' },
    );

    routes.route('DELETE', `${base}/${route.path}/:id`, operations.remove, async (c) => {
      const id = parseId(c.req.param('id'), what);
      if (artifactType !== undefined) await getTyped(c, id);
      await service.remove(actor(c), kind, id);
      return c.body(null, 204);
    });
  }

  for (const route of CHILDREN) {
    const { kind, parentKind, parentField } = route;
    const path = `${base}/${route.parentPath}/:id/${route.childPath}`;
    routes.route('GET', path, route.list, (c) => {
      const parentId = parseId(c.req.param('id'), `${parentKind} id`);
      return list(c, kind, { [parentField]: parentId, ...nameMatch(query(c)) }, undefined, {
        kind: parentKind,
        id: parentId,
      });
    });
    routes.route(
      'POST',
      path,
      route.create,
      async (c) => {
        const parentId = parseId(c.req.param('id'), `${parentKind} id`);
        const body = parseBody(WRITE_SCHEMAS[kind], bodyOf(c), route.required) as Record<string, unknown>;
        if (body[parentField] !== undefined && body[parentField] !== parentId) {
          throw new InputError(
            'PARENT_MISMATCH',
            `${parentField} in the body (${String(body[parentField])}) differs from the path (${parentId})`,
          );
        }
        const { id: _ignored, ...fields } = body;
        const created = await service.create(actor(c), kind, { ...fields, [parentField]: parentId });
        return c.json(toWire(kind, created), 201);
      },
      { body: 'json' },
    );
  }

  const artifactsOf = (
    parentKind: ArtifactParent['kind'],
    parentPath: string,
    field: string,
    listOperation: OperationId,
    upsertOperation: OperationId,
  ) => {
    const path = `${base}/${parentPath}/:id/artifacts`;
    routes.route('GET', path, listOperation, (c) => {
      const parentId = parseId(c.req.param('id'), `${parentKind} id`);
      const q = query(c);
      const match: Record<string, string | number> = { [field]: parentId, ...nameMatch(q) };
      const type = parseEnum(q['artifactType'], ARTIFACT_TYPES, 'artifactType');
      if (type !== undefined) match['artifactType'] = type;
      return list(c, 'artifact', match, undefined, { kind: parentKind, id: parentId });
    });
    routes.route(
      'POST',
      path,
      upsertOperation,
      async (c) => {
        const parentId = parseId(c.req.param('id'), `${parentKind} id`);
        const body = parseBody(WRITE_SCHEMAS.artifact, bodyOf(c));
        const { artifact, created } = await service.upsertArtifact(
          actor(c),
          { kind: parentKind, id: parentId },
          body,
        );
        return c.json(toWire('artifact', artifact), created ? 201 : 200);
      },
      { body: 'json' },
    );
  };
  artifactsOf(
    'modelVersion',
    'model_versions',
    'modelVersionId',
    'getModelVersionArtifacts',
    'upsertModelVersionArtifact',
  );
  artifactsOf(
    'experimentRun',
    'experiment_runs',
    'experimentRunId',
    'getExperimentRunArtifacts',
    'upsertExperimentRunArtifact',
  );

  // Extension: stages. A version moves only through a transition, which the history keeps.
  const TRANSITION = z.strictObject({
    stage: z.enum(STAGES),
    comment: longText.optional(),
    others: z.enum(['keep', 'archive', 'demote']).optional(),
    from: z.enum(STAGES).optional(),
  });
  routes.route(
    'POST',
    `${base}/model_versions/:id/stage`,
    'transitionModelVersionStage',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const body = parseBody(TRANSITION, bodyOf(c), ['stage']);
      return c.json(toWire('modelVersion', await service.transitionStage(actor(c), id, body)), 200);
    },
    { body: 'json' },
  );
  routes.route(
    'GET',
    `${base}/model_versions/:id/stage_history`,
    'getModelVersionStageHistory',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const items = await service.stageHistory(actor(c), { modelVersionId: id });
      return c.json({ items: items.map(transitionToWire), size: items.length }, 200);
    },
  );
  routes.route(
    'GET',
    `${base}/registered_models/:id/stage_history`,
    'getRegisteredModelStageHistory',
    async (c) => {
      const id = parseId(c.req.param('id'), 'registered model id');
      const items = await service.stageHistory(actor(c), { registeredModelId: id });
      return c.json({ items: items.map(transitionToWire), size: items.length }, 200);
    },
  );

  // Extension: aliases, named pointers to one version of a model, with their history.
  const aliasToWire = (a: ModelAlias) => ({
    alias: a.alias,
    modelVersionId: String(a.modelVersionId),
    updateTimeSinceEpoch: String(a.updateTimeSinceEpoch),
  });
  const aliasMoveToWire = (m: AliasMove) => ({
    id: String(m.id),
    alias: m.alias,
    ...(m.modelVersionId === undefined ? {} : { modelVersionId: String(m.modelVersionId) }),
    actor: m.actor,
    timeSinceEpoch: String(m.timeSinceEpoch),
    sequence: String(m.sequence),
  });
  const modelIdOf = (c: Context) => parseId(c.req.param('id'), 'registered model id');
  const ALIAS_MOVES = z.strictObject({ aliases: z.record(z.string(), z.union([wireId, z.null()])) });
  const ALIAS_TARGET = z.strictObject({ modelVersionId: wireId });
  routes.route('GET', `${base}/registered_models/:id/aliases`, 'getRegisteredModelAliases', async (c) => {
    const aliases = await service.listAliases(actor(c), modelIdOf(c));
    return c.json({ items: aliases.map(aliasToWire), size: aliases.length }, 200);
  });
  routes.route(
    'POST',
    `${base}/registered_models/:id/aliases`,
    'moveRegisteredModelAliases',
    async (c) => {
      const body = parseBody(ALIAS_MOVES, bodyOf(c), ['aliases']);
      const aliases = await service.moveAliases(actor(c), modelIdOf(c), body.aliases);
      return c.json({ items: aliases.map(aliasToWire), size: aliases.length }, 200);
    },
    { body: 'json' },
  );
  routes.route(
    'GET',
    `${base}/registered_models/:id/alias_history`,
    'getRegisteredModelAliasHistory',
    async (c) => {
      const moves = await service.aliasHistory(actor(c), modelIdOf(c), c.req.query('alias'));
      return c.json({ items: moves.map(aliasMoveToWire), size: moves.length }, 200);
    },
  );
  routes.route(
    'GET',
    `${base}/registered_models/:id/aliases/:alias`,
    'getRegisteredModelAlias',
    async (c) => {
      const at = c.req.query('at');
      if (at !== undefined && !/^[0-9]{1,15}$/.test(at)) {
        throw new InputError('INVALID_PARAMETER', `at must be epoch milliseconds, got '${at}'`);
      }
      const move = await service.aliasAt(
        actor(c),
        modelIdOf(c),
        c.req.param('alias') ?? '',
        at === undefined ? undefined : Number(at),
      );
      return c.json(aliasMoveToWire(move), 200);
    },
  );
  routes.route(
    'PUT',
    `${base}/registered_models/:id/aliases/:alias`,
    'setRegisteredModelAlias',
    async (c) => {
      const body = parseBody(ALIAS_TARGET, bodyOf(c), ['modelVersionId']);
      const alias = c.req.param('alias') ?? '';
      const aliases = await service.moveAliases(actor(c), modelIdOf(c), { [alias]: body.modelVersionId });
      const moved = aliases.find((a) => a.alias === alias);
      return c.json(moved === undefined ? {} : aliasToWire(moved), 200);
    },
    { body: 'json' },
  );
  routes.route(
    'DELETE',
    `${base}/registered_models/:id/aliases/:alias`,
    'deleteRegisteredModelAlias',
    async (c) => {
      await service.moveAliases(actor(c), modelIdOf(c), { [c.req.param('alias') ?? '']: null });
      return c.body(null, 204);
    },
  );

  // Extension: promotion policies and approvals.
  const CONDITION = z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('metric'),
      name: z.string().min(1),
      op: z.enum(['>=', '>', '<=', '<', '=']),
      value: z.number(),
    }),
    z.strictObject({ type: z.literal('property'), name: z.string().min(1) }),
    z.strictObject({ type: z.literal('approvals'), count: z.number().int().min(1).max(100) }),
    z.strictObject({ type: z.literal('lineage'), require: z.array(z.enum(LINEAGE_FACTS)).min(1) }),
  ]);
  const POLICY = z.strictObject({ conditions: z.array(CONDITION).max(50) });
  const stageOf = (c: Context) => {
    const stage = c.req.param('stage') ?? '';
    if (!(STAGES as readonly string[]).includes(stage)) {
      throw new InputError('INVALID_PARAMETER', `stage must be one of ${STAGES.join(', ')}, got '${stage}'`);
    }
    return stage as Stage;
  };
  const policiesToWire = (policies: readonly PromotionPolicy[]) => ({
    items: policies.map((p) => ({ stage: p.stage, conditions: p.conditions })),
    size: policies.length,
  });
  routes.route('GET', `${base}/registered_models/:id/policies`, 'getPromotionPolicies', async (c) =>
    c.json(policiesToWire(await service.listPolicies(actor(c), modelIdOf(c))), 200),
  );
  routes.route(
    'PUT',
    `${base}/registered_models/:id/policies/:stage`,
    'setPromotionPolicy',
    async (c) => {
      const body = parseBody(POLICY, bodyOf(c), ['conditions']);
      return c.json(
        policiesToWire(await service.setPolicy(actor(c), modelIdOf(c), stageOf(c), body.conditions)),
        200,
      );
    },
    { body: 'json' },
  );
  const APPROVAL = z.strictObject({ stage: z.enum(STAGES), comment: longText.optional() });
  routes.route(
    'POST',
    `${base}/model_versions/:id/approvals`,
    'approveModelVersion',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const body = parseBody(APPROVAL, bodyOf(c), ['stage']);
      const approvals = await service.approve(actor(c), id, body.stage, body.comment);
      return c.json(
        {
          items: approvals.map((a) => ({
            stage: a.stage,
            actor: a.actor,
            ...(a.comment === undefined ? {} : { comment: a.comment }),
            timeSinceEpoch: String(a.timeSinceEpoch),
          })),
          size: approvals.length,
        },
        200,
      );
    },
    { body: 'json' },
  );

  // Extension: semantic versions.
  routes.route('GET', `${base}/registered_models/:id/next_version`, 'getNextVersionName', async (c) => {
    const part = parseEnum(c.req.query('bump'), ['major', 'minor', 'patch'] as const, 'bump') ?? 'patch';
    return c.json({ name: await service.nextVersionName(actor(c), modelIdOf(c), part) }, 200);
  });
  routes.route('GET', `${base}/registered_models/:id/resolve_version`, 'resolveModelVersion', async (c) => {
    const range = c.req.query('range');
    if (range === undefined || range.trim() === '') {
      throw new InputError('INVALID_SEMVER_RANGE', 'give a range: ?range=^1.2, ~1.4.0, latest, …');
    }
    return c.json(toWire('modelVersion', await service.resolveVersion(actor(c), modelIdOf(c), range)), 200);
  });

  // Extension: deployment history and "what is in production".
  const DEPLOYMENT = z.strictObject({
    modelVersionId: wireId,
    environment: z.string().min(1).max(255),
    action: z.enum(['deploy', 'undeploy']),
    inferenceService: z.string().min(1).max(255).optional(),
    endpoint: longText.optional(),
    comment: longText.optional(),
  });
  const deploymentToWire = (e: DeploymentEvent, environment?: string, version?: string) => ({
    id: String(e.id),
    registeredModelId: String(e.registeredModelId),
    modelVersionId: String(e.modelVersionId),
    ...(version === undefined ? {} : { version }),
    servingEnvironmentId: String(e.servingEnvironmentId),
    ...(environment === undefined ? {} : { environment }),
    inferenceServiceId: String(e.inferenceServiceId),
    action: e.action,
    ...(e.endpoint === undefined ? {} : { endpoint: e.endpoint }),
    actor: e.actor,
    ...(e.comment === undefined ? {} : { comment: e.comment }),
    timeSinceEpoch: String(e.timeSinceEpoch),
    sequence: String(e.sequence),
  });
  routes.route(
    'POST',
    `${base}/registered_models/:id/deployments`,
    'recordRegisteredModelDeployment',
    async (c) => {
      const body = parseBody(DEPLOYMENT, bodyOf(c), ['modelVersionId', 'environment', 'action']);
      const { event } = await service.recordDeployment(actor(c), modelIdOf(c), body);
      return c.json(deploymentToWire(event, body.environment), 201);
    },
    { body: 'json' },
  );
  routes.route(
    'GET',
    `${base}/registered_models/:id/deployments`,
    'getRegisteredModelDeployments',
    async (c) => {
      const rows = await service.deployments(actor(c), modelIdOf(c));
      const items = rows.map((r) => deploymentToWire(r.event, r.environment, r.version));
      return c.json({ items, size: items.length }, 200);
    },
  );
  routes.route('GET', `${base}/production`, 'getProduction', async (c) => {
    const rows = await service.inProduction(
      actor(c),
      optionalId(c.req.query('registeredModelId'), 'registeredModelId'),
      parseEnum(c.req.query('stage'), STAGES, 'stage'),
    );
    const items = rows.map((r) => ({
      registeredModelId: String(r.version.registeredModelId),
      ...(r.model === undefined ? {} : { model: r.model.name }),
      modelVersionId: String(r.version.id),
      version: r.version.name,
      deployments: r.deployments.map((d) => {
        const url = d.inferenceService.customProperties['url'];
        return {
          inferenceServiceId: String(d.inferenceService.id),
          inferenceService: d.inferenceService.name,
          servingEnvironmentId: String(d.inferenceService.servingEnvironmentId),
          ...(d.environment === undefined ? {} : { environment: d.environment.name }),
          ...(url?.type === 'string' ? { endpoint: url.value } : {}),
        };
      }),
    }));
    return c.json({ items, size: items.length }, 200);
  });

  routes.route('GET', `${base}/inference_services/:id/model`, 'getInferenceServiceModel', async (c) => {
    const model = await service.inferenceServiceModel(
      actor(c),
      parseId(c.req.param('id'), 'inference service id'),
    );
    return c.json(toWire('registeredModel', model), 200);
  });
  routes.route('GET', `${base}/inference_services/:id/version`, 'getInferenceServiceVersion', async (c) => {
    const version = await service.inferenceServiceVersion(
      actor(c),
      parseId(c.req.param('id'), 'inference service id'),
    );
    return c.json(toWire('modelVersion', version), 200);
  });

  // Extension: serve models have no single-entity path in the reference.
  routes.route('GET', `${base}/serve_models/:id`, 'getServeModel', async (c) => {
    const serve = await service.get(actor(c), 'serveModel', parseId(c.req.param('id'), 'serve model id'));
    return c.json(toWire('serveModel', serve), 200);
  });
  routes.route(
    'PATCH',
    `${base}/serve_models/:id`,
    'updateServeModel',
    async (c) => {
      const id = parseId(c.req.param('id'), 'serve model id');
      const { id: bodyId, ...changes } = parseBody(WRITE_SCHEMAS.serveModel, bodyOf(c));
      if (bodyId !== undefined && bodyId !== id) {
        throw new InputError('IMMUTABLE_FIELD', `id in the body (${bodyId}) differs from the path (${id})`);
      }
      return c.json(toWire('serveModel', await service.update(actor(c), 'serveModel', id, changes)), 200);
    },
    { body: 'json' },
  );
  routes.route('DELETE', `${base}/serve_models/:id`, 'deleteServeModel', async (c) => {
    await service.remove(actor(c), 'serveModel', parseId(c.req.param('id'), 'serve model id'));
    return c.body(null, 204);
  });
}
