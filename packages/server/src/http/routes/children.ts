import type { Context } from 'hono';
import type { EntityKind } from '../../domain/entities.js';
import { ARTIFACT_TYPES } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { OperationId } from '../../domain/permissions.js';
import type { ArtifactParent, CatalogService } from '../../services/catalog/index.js';
import { bodyOf, callerOf as actor, queryOf, type Routes } from '../operations.js';
import { parseBody, parseEnum, parseId, parseStepIds } from '../request-parsing.js';
import { toWire, WRITE_SCHEMAS, type WritableKind } from '../wire/entities.js';
import { API_BASE } from './api-base.js';
import { nameMatch, type ListEntities } from './entity-lists.js';

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

/** A run's metric history, or every run's: its static path must win over `experiment_runs/:id`. */
export function registerMetricHistoryRoutes(routes: Routes, list: ListEntities): void {
  const metricHistory = async (c: Context, runId: number | undefined) => {
    const q = queryOf(c);
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
  routes.route('GET', `${API_BASE}/experiment_runs/metric_history`, 'getExperimentRunsMetricHistory', (c) =>
    metricHistory(c, undefined),
  );
  routes.route(
    'GET',
    `${API_BASE}/experiment_runs/:id/metric_history`,
    'getExperimentRunMetricHistory',
    (c) => metricHistory(c, parseId(c.req.param('id'), 'experiment run id')),
  );
}

/** The reference's child collections (CHILDREN): list and create under a parent. */
export function registerChildRoutes(routes: Routes, service: CatalogService, list: ListEntities): void {
  for (const route of CHILDREN) {
    const { kind, parentKind, parentField } = route;
    const path = `${API_BASE}/${route.parentPath}/:id/${route.childPath}`;
    routes.route('GET', path, route.list, (c) => {
      const parentId = parseId(c.req.param('id'), `${parentKind} id`);
      return list(c, kind, { [parentField]: parentId, ...nameMatch(queryOf(c)) }, undefined, {
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
}

/** The artifacts of one version or run: list, and upsert by name. */
interface ArtifactsOf {
  readonly parentKind: ArtifactParent['kind'];
  readonly parentPath: string;
  readonly field: string;
  readonly list: OperationId;
  readonly upsert: OperationId;
}

const ARTIFACTS_OF: readonly ArtifactsOf[] = [
  {
    parentKind: 'modelVersion',
    parentPath: 'model_versions',
    field: 'modelVersionId',
    list: 'getModelVersionArtifacts',
    upsert: 'upsertModelVersionArtifact',
  },
  {
    parentKind: 'experimentRun',
    parentPath: 'experiment_runs',
    field: 'experimentRunId',
    list: 'getExperimentRunArtifacts',
    upsert: 'upsertExperimentRunArtifact',
  },
];

export function registerChildArtifactRoutes(
  routes: Routes,
  service: CatalogService,
  list: ListEntities,
): void {
  for (const { parentKind, parentPath, field, ...operations } of ARTIFACTS_OF) {
    const path = `${API_BASE}/${parentPath}/:id/artifacts`;
    routes.route('GET', path, operations.list, (c) => {
      const parentId = parseId(c.req.param('id'), `${parentKind} id`);
      const q = queryOf(c);
      const match: Record<string, string | number> = { [field]: parentId, ...nameMatch(q) };
      const type = parseEnum(q['artifactType'], ARTIFACT_TYPES, 'artifactType');
      if (type !== undefined) match['artifactType'] = type;
      return list(c, 'artifact', match, undefined, { kind: parentKind, id: parentId });
    });
    routes.route(
      'POST',
      path,
      operations.upsert,
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
  }
}
