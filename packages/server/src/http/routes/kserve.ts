import type { z } from 'zod';
import type { Context } from 'hono';
import type { DeploymentEvent } from '../../domain/lifecycle.js';
import { InputError } from '../../domain/errors.js';
import type { KServeService, PlannedDeployment } from '../../services/lifecycle/index.js';
import type { KServeSyncService } from '../../services/lifecycle/index.js';
import { API_BASE } from './api-base.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseId } from '../request-parsing.js';
import {
  PLAN,
  RECORD,
  SYNC,
  syncReportsToWire,
  type KSERVE_DEPLOYMENT_EVENT,
  type KSERVE_PLAN,
} from '../wire/kserve.js';

/** KServe deployments (docs/adr/0019-kserve.md): plan, record, sync, and the last sync reports. */
export function registerKServeRoutes(routes: Routes, kserve: KServeService, sync: KServeSyncService): void {
  const base = API_BASE;
  const modelIdOf = (c: Context) => parseId(c.req.param('id'), 'registered model id');

  // A plan writes nothing, so it is a GET: its options are query parameters.
  routes.route('GET', `${base}/registered_models/:id/kserve_manifest`, 'planKServeDeployment', async (c) => {
    const body = parseBody(PLAN, planQuery(c), ['namespace']);
    return c.json(planToWire(await kserve.plan(actor(c), modelIdOf(c), body)), 200);
  });
  routes.route(
    'POST',
    `${base}/registered_models/:id/kserve_deployments`,
    'recordKServeDeployment',
    async (c) => {
      const body = parseBody(RECORD, bodyOf(c), ['modelVersionId', 'namespace', 'mode']);
      const { event, inferenceService } = await kserve.recordApplied(actor(c), modelIdOf(c), body);
      return c.json({ ...eventToWire(event, body.namespace), inferenceService: inferenceService.name }, 201);
    },
    { body: 'json' },
  );
  routes.route(
    'POST',
    `${base}/kserve_sync`,
    'syncKServeDeployments',
    async (c) => {
      const body = parseBody(SYNC, bodyOf(c), ['namespaces', 'inferenceServices']);
      const reports = await sync.sync(actor(c), body);
      return c.json(syncReportsToWire(reports), 200);
    },
    { body: 'json' },
  );
  routes.route('GET', `${base}/kserve_sync`, 'getKServeSyncReports', async (c) => {
    const namespace = c.req.query('namespace');
    const namespaces = namespace === undefined || namespace === '' ? undefined : namespace.split(',');
    const reports = await sync.reports(actor(c), namespaces);
    return c.json(syncReportsToWire(reports), 200);
  });
}

/** The plan's query: `resources=requests.cpu=1,limits.memory=2Gi` becomes {requests, limits}. */
function planQuery(c: Context): Record<string, unknown> {
  const { resources, ...rest } = c.req.query();
  if (resources === undefined || resources === '') return rest;
  const parsed: Record<string, Record<string, string>> = {};
  for (const item of resources.split(',')) {
    const match = /^(requests|limits)\.([^=]+)=(.+)$/.exec(item.trim());
    if (match === null) {
      throw new InputError(
        'INVALID_RESOURCES',
        `resources: '${item}' is not requests.<name>=<quantity> or limits.<name>=<quantity>`,
      );
    }
    const [, kind, name, quantity] = match as unknown as [string, string, string, string];
    parsed[kind] = { ...parsed[kind], [name]: quantity };
  }
  return { ...rest, resources: parsed };
}

function planToWire(plan: PlannedDeployment): z.output<typeof KSERVE_PLAN> {
  return {
    manifest: plan.manifest,
    modelVersionId: String(plan.modelVersionId),
    mode: plan.mode,
    ...(plan.expectedRuntime === undefined ? {} : { expectedRuntime: plan.expectedRuntime }),
    ...(plan.stableVersionId === undefined ? {} : { stableVersionId: String(plan.stableVersionId) }),
  };
}

function eventToWire(
  e: DeploymentEvent,
  environment: string,
): Omit<z.output<typeof KSERVE_DEPLOYMENT_EVENT>, 'inferenceService'> {
  return {
    id: String(e.id),
    registeredModelId: String(e.registeredModelId),
    modelVersionId: String(e.modelVersionId),
    servingEnvironmentId: String(e.servingEnvironmentId),
    environment,
    inferenceServiceId: String(e.inferenceServiceId),
    action: e.action,
    ...(e.endpoint === undefined ? {} : { endpoint: e.endpoint }),
    actor: e.actor,
    ...(e.comment === undefined ? {} : { comment: e.comment }),
    timeSinceEpoch: String(e.timeSinceEpoch),
    sequence: String(e.sequence),
  };
}
