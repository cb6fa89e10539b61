import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ARTIFACT_TYPES, type ArtifactType, type EntityByKind } from '../../domain/entities.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import type { OperationId } from '../../domain/permissions.js';
import type { CatalogService } from '../../services/catalog/index.js';
import { bodyOf, callerOf as actor, queryOf, type Routes } from '../operations.js';
import { optionalId, parseBody, parseEnum, parseId } from '../request-parsing.js';
import { toWire, WRITE_SCHEMAS, type WritableKind } from '../wire/entities.js';
import { API_BASE } from './api-base.js';
import type { ListEntities } from './entity-lists.js';

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

export const COLLECTIONS: readonly CollectionRoute[] = [
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

/** What every operation of one collection needs. */
interface Collection {
  readonly routes: Routes;
  readonly service: CatalogService;
  readonly route: CollectionRoute;
  /** `registered_model id`, `model-artifact id`: how a bad id in the path is named. */
  readonly what: string;
  /** For `/model_artifacts`: the entity must be of the collection's artifact type. */
  readonly getTyped: (c: Context, id: number) => Promise<EntityByKind[WritableKind]>;
}

/** Find, list and get. */
function registerReads({ routes, service, route, what, getTyped }: Collection, list: ListEntities): void {
  const { kind, artifactType, operations } = route;
  routes.route('GET', `${API_BASE}/${route.findPath}`, operations.find, async (c) => {
    const q = queryOf(c);
    const found = await service.find(actor(c), kind, {
      name: q['name'],
      externalId: q['externalId'],
      parentResourceId: optionalId(q['parentResourceId'], 'parentResourceId'),
      artifactType,
    });
    return c.json(toWire(kind, found), 200);
  });

  routes.route('GET', `${API_BASE}/${route.path}`, operations.list, (c) => {
    const match: Record<string, string | number> = artifactType === undefined ? {} : { artifactType };
    if (kind === 'artifact' && artifactType === undefined) {
      const type = parseEnum(queryOf(c)['artifactType'], ARTIFACT_TYPES, 'artifactType');
      if (type !== undefined) match['artifactType'] = type;
    }
    return list(c, kind, match);
  });

  routes.route('GET', `${API_BASE}/${route.path}/:id`, operations.get, async (c) => {
    const entity = await getTyped(c, parseId(c.req.param('id'), what));
    return c.json(toWire(kind, entity), 200);
  });
}

/** Create, patch and delete. */
function registerWrites({ routes, service, route, what, getTyped }: Collection): void {
  const { kind, artifactType, operations } = route;
  const typed: Record<string, string> = artifactType === undefined ? {} : { artifactType };
  const schema = WRITE_SCHEMAS[kind];
  routes.route(
    'POST',
    `${API_BASE}/${route.path}`,
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

  routes.route(
    'PATCH',
    `${API_BASE}/${route.path}/:id`,
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

  routes.route('DELETE', `${API_BASE}/${route.path}/:id`, operations.remove, async (c) => {
    const id = parseId(c.req.param('id'), what);
    if (artifactType !== undefined) await getTyped(c, id);
    await service.remove(actor(c), kind, id);
    return c.body(null, 204);
  });
}

/** The reference's top-level collections (COLLECTIONS), plus DELETE, which is ours. */
export function registerCollectionRoutes(routes: Routes, service: CatalogService, list: ListEntities): void {
  for (const route of COLLECTIONS) {
    const { kind, artifactType } = route;
    const getTyped = async (c: Context, id: number) => {
      const entity = await service.get(actor(c), kind, id);
      if (artifactType !== undefined && (entity as { artifactType?: string }).artifactType !== artifactType) {
        throw new NotFoundError('MODEL_ARTIFACT_NOT_FOUND', `no ${artifactType} with id ${id}`);
      }
      return entity;
    };
    const what = `${kind === 'artifact' ? (artifactType ?? 'artifact') : kind} id`;
    const collection: Collection = { routes, service, route, what, getTyped };
    registerReads(collection, list);
    registerWrites(collection);
  }
}
