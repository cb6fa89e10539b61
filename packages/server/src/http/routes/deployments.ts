import type { z } from 'zod';
import type { Context } from 'hono';
import { InputError } from '../../domain/errors.js';
import { STAGES } from '../../domain/lifecycle.js';
import type { CatalogService } from '../../services/catalog/index.js';
import type { DeploymentService } from '../../services/lifecycle/index.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { optionalId, parseBody, parseEnum, parseId } from '../request-parsing.js';
import { toWire, WRITE_SCHEMAS } from '../wire/entities.js';
import type { PRODUCTION_LIST } from '../wire/lifecycle.js';
import { DEPLOYMENT, deploymentToWire } from '../wire/lifecycle.js';
import { API_BASE } from './api-base.js';

const modelIdOf = (c: Context) => parseId(c.req.param('id'), 'registered model id');

type InProduction = Awaited<ReturnType<DeploymentService['inProduction']>>[number];

function inProductionToWire(r: InProduction): z.output<typeof PRODUCTION_LIST>['items'][number] {
  return {
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
  };
}

/** Extension: deployment history, "what is in production", and what an inference service serves. */
export function registerDeploymentRoutes(
  routes: Routes,
  service: DeploymentService,
  catalog: CatalogService,
): void {
  routes.route(
    'POST',
    `${API_BASE}/registered_models/:id/deployments`,
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
    `${API_BASE}/registered_models/:id/deployments`,
    'getRegisteredModelDeployments',
    async (c) => {
      const rows = await service.deployments(actor(c), modelIdOf(c));
      const items = rows.map((r) => deploymentToWire(r.event, r.environment, r.version));
      return c.json({ items, size: items.length }, 200);
    },
  );
  routes.route('GET', `${API_BASE}/production`, 'getProduction', async (c) => {
    const rows = await service.inProduction(
      actor(c),
      optionalId(c.req.query('registeredModelId'), 'registeredModelId'),
      parseEnum(c.req.query('stage'), STAGES, 'stage'),
    );
    const items = rows.map(inProductionToWire);
    return c.json({ items, size: items.length }, 200);
  });
  const serviceIdOf = (c: Context) => parseId(c.req.param('id'), 'inference service id');
  routes.route('GET', `${API_BASE}/inference_services/:id/model`, 'getInferenceServiceModel', async (c) => {
    const model = await catalog.inferenceServiceModel(actor(c), serviceIdOf(c));
    return c.json(toWire('registeredModel', model), 200);
  });
  routes.route(
    'GET',
    `${API_BASE}/inference_services/:id/version`,
    'getInferenceServiceVersion',
    async (c) => {
      const version = await catalog.inferenceServiceVersion(actor(c), serviceIdOf(c));
      return c.json(toWire('modelVersion', version), 200);
    },
  );
}

/** Extension: serve models have no single-entity path in the reference. */
export function registerServeModelRoutes(routes: Routes, service: CatalogService): void {
  const idOf = (c: Context) => parseId(c.req.param('id'), 'serve model id');
  routes.route('GET', `${API_BASE}/serve_models/:id`, 'getServeModel', async (c) =>
    c.json(toWire('serveModel', await service.get(actor(c), 'serveModel', idOf(c))), 200),
  );
  routes.route(
    'PATCH',
    `${API_BASE}/serve_models/:id`,
    'updateServeModel',
    async (c) => {
      const id = idOf(c);
      const { id: bodyId, ...changes } = parseBody(WRITE_SCHEMAS.serveModel, bodyOf(c));
      if (bodyId !== undefined && bodyId !== id) {
        throw new InputError('IMMUTABLE_FIELD', `id in the body (${bodyId}) differs from the path (${id})`);
      }
      return c.json(toWire('serveModel', await service.update(actor(c), 'serveModel', id, changes)), 200);
    },
    { body: 'json' },
  );
  routes.route('DELETE', `${API_BASE}/serve_models/:id`, 'deleteServeModel', async (c) => {
    await service.remove(actor(c), 'serveModel', idOf(c));
    return c.body(null, 204);
  });
}
