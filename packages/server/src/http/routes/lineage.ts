import { InputError } from '../../domain/errors.js';
import { MAX_LINEAGE_DEPTH, parseNodeRef, type MetricGoal } from '../../domain/lineage.js';
import type { LineageService } from '../../services/lineage/index.js';
import type { RegistrationService } from '../../services/catalog/index.js';
import { API_BASE } from './api-base.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseEnum, parseId } from '../request-parsing.js';
import {
  goalsSchema,
  lineageSchema,
  lineageToWire,
  parentSchema,
  parentToWire,
  registrationSchema,
  registrationToWire,
} from '../wire/lineage.js';

/** `loss:minimize,accuracy:maximize` → goals by metric. */
function parseGoals(value: string | undefined): Record<string, MetricGoal> {
  const goals: Record<string, MetricGoal> = {};
  if (value === undefined || value === '') return goals;
  for (const part of value.split(',')) {
    const colon = part.lastIndexOf(':');
    const name = part.slice(0, colon);
    const goal = part.slice(colon + 1);
    if (colon <= 0 || (goal !== 'maximize' && goal !== 'minimize')) {
      throw new InputError(
        'INVALID_METRIC_GOAL',
        `goals must be <metric>:maximize|minimize separated by commas, got '${part}'`,
      );
    }
    goals[name] = goal;
  }
  return goals;
}

/**
 * Our extensions for lineage: one-call registration with metrics, parameters, datasets, code,
 * pipeline run and parents; the lineage graph; parent links; metric goals; comparison. Callers
 * carry the request's id (callerOf), which every audit event of the request carries.
 */
export function registerLineageRoutes(
  routes: Routes,
  service: RegistrationService,
  lineage: LineageService,
): void {
  registerRegistrationRoutes(routes, service);
  registerGraphRoutes(routes, lineage);
  registerGoalRoutes(routes, lineage);
}

function registerRegistrationRoutes(routes: Routes, service: RegistrationService): void {
  const base = API_BASE;
  routes.route(
    'POST',
    `${base}/registrations`,
    'registerModelVersion',
    async (c) => {
      const input = parseBody(registrationSchema, bodyOf(c), ['registeredModel', 'modelVersion']);
      if (input.registeredModel.name === undefined) {
        throw new InputError('REQUIRED_FIELD_MISSING', 'missing required field: registeredModel.name');
      }
      const { id: _modelId, ...modelFields } = input.registeredModel;
      const { id: _versionId, registeredModelId: _parent, ...versionFields } = input.modelVersion;
      const { id: _artifactId, ...artifactFields } = input.modelArtifact ?? {};
      const result = await service.register(actor(c), {
        ...input,
        registeredModel: { ...modelFields, name: input.registeredModel.name },
        modelVersion: versionFields,
        modelArtifact: input.modelArtifact === undefined ? undefined : artifactFields,
      });
      return c.json(registrationToWire(result), 201);
    },
    { body: 'json' },
  );
}

/** The lineage graph and a version's own links: code, run, parents. */
function registerGraphRoutes(routes: Routes, lineage: LineageService): void {
  const base = API_BASE;
  routes.route('GET', `${base}/lineage`, 'getLineage', async (c) => {
    const q = c.req.query();
    if (q['node'] === undefined || q['node'] === '') {
      throw new InputError('INVALID_LINEAGE_NODE', 'node is required, e.g. node=modelVersion:12');
    }
    const root = parseNodeRef(q['node']);
    const direction =
      parseEnum(q['direction'], ['upstream', 'downstream', 'both'] as const, 'direction') ?? 'both';
    const depthText = q['depth'] ?? '3';
    const depth = Number(depthText);
    if (!/^[0-9]{1,3}$/.test(depthText) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
      throw new InputError('INVALID_LINEAGE_NODE', `depth must be an integer from 1 to ${MAX_LINEAGE_DEPTH}`);
    }
    return c.json(await lineage.lineage(actor(c), root, direction, depth), 200);
  });

  routes.route(
    'PUT',
    `${base}/model_versions/:id/lineage`,
    'setModelVersionLineage',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const input = parseBody(lineageSchema, bodyOf(c));
      const saved = await lineage.setVersionLineage(actor(c), id, {
        codeRepository: input.code?.repository,
        codeCommit: input.code?.commit,
        codePath: input.code?.path,
        experimentRunId: input.experimentRunId,
      });
      return c.json(lineageToWire(saved), 200);
    },
    { body: 'json' },
  );

  routes.route(
    'POST',
    `${base}/model_versions/:id/parents`,
    'addModelVersionParent',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const input = parseBody(parentSchema, bodyOf(c), ['parentVersionId']);
      const link = await lineage.addParent(
        actor(c),
        id,
        input.parentVersionId,
        input.relation ?? 'derived-from',
      );
      return c.json(parentToWire(link), 201);
    },
    { body: 'json' },
  );

  routes.route(
    'DELETE',
    `${base}/model_versions/:id/parents/:parentId`,
    'removeModelVersionParent',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      const parentId = parseId(c.req.param('parentId'), 'parent version id');
      await lineage.removeParent(actor(c), id, parentId);
      return c.body(null, 204);
    },
  );
}

/** Metric goals and comparisons. */
function registerGoalRoutes(routes: Routes, lineage: LineageService): void {
  const base = API_BASE;
  routes.route('GET', `${base}/registered_models/:id/metric_goals`, 'getMetricGoals', async (c) => {
    const id = parseId(c.req.param('id'), 'registered model id');
    return c.json({ goals: await lineage.metricGoals(actor(c), id) }, 200);
  });

  routes.route(
    'PUT',
    `${base}/registered_models/:id/metric_goals`,
    'setMetricGoals',
    async (c) => {
      const id = parseId(c.req.param('id'), 'registered model id');
      const input = parseBody(goalsSchema, bodyOf(c), ['goals']);
      return c.json({ goals: await lineage.setMetricGoals(actor(c), id, input.goals) }, 200);
    },
    { body: 'json' },
  );

  routes.route('GET', `${base}/comparisons`, 'compareModelVersions', async (c) => {
    const q = c.req.query();
    const text = q['versionIds'] ?? '';
    if (!/^[0-9]{1,9}(,[0-9]{1,9})*$/.test(text)) {
      throw new InputError(
        'INVALID_COMPARISON',
        `versionIds must be a comma-separated list of model version ids, got '${text}'`,
      );
    }
    const ids = text.split(',').map((id) => parseId(id, 'model version id'));
    const result = await lineage.compare(actor(c), ids, parseGoals(q['goals']));
    return c.json(
      {
        ...result,
        versions: result.versions.map((v) => ({
          ...v,
          id: String(v.id),
          registeredModelId: String(v.registeredModelId),
        })),
        metrics: result.metrics.map((m) => ({ ...m, best: m.best.map(String) })),
      },
      200,
    );
  });
}
