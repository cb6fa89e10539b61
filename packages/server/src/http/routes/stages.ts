import type { Context } from 'hono';
import { InputError } from '../../domain/errors.js';
import { STAGES, type Stage } from '../../domain/lifecycle.js';
import type { RegistrationService } from '../../services/catalog/index.js';
import type { StageService } from '../../services/lifecycle/index.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseEnum, parseId } from '../request-parsing.js';
import { toWire } from '../wire/entities.js';
import {
  APPROVAL,
  approvalsToWire,
  POLICY,
  policiesToWire,
  TRANSITION,
  transitionToWire,
} from '../wire/lifecycle.js';
import { API_BASE } from './api-base.js';

const versionIdOf = (c: Context) => parseId(c.req.param('id'), 'model version id');
const modelIdOf = (c: Context) => parseId(c.req.param('id'), 'registered model id');

/** Extension: stages. A version moves only through a transition, which the history keeps. */
export function registerStageRoutes(routes: Routes, service: StageService): void {
  routes.route(
    'POST',
    `${API_BASE}/model_versions/:id/stage`,
    'transitionModelVersionStage',
    async (c) => {
      const body = parseBody(TRANSITION, bodyOf(c), ['stage']);
      return c.json(
        toWire('modelVersion', await service.transitionStage(actor(c), versionIdOf(c), body)),
        200,
      );
    },
    { body: 'json' },
  );
  routes.route(
    'GET',
    `${API_BASE}/model_versions/:id/stage_history`,
    'getModelVersionStageHistory',
    async (c) => {
      const items = await service.stageHistory(actor(c), { modelVersionId: versionIdOf(c) });
      return c.json({ items: items.map(transitionToWire), size: items.length }, 200);
    },
  );
  routes.route(
    'GET',
    `${API_BASE}/registered_models/:id/stage_history`,
    'getRegisteredModelStageHistory',
    async (c) => {
      const items = await service.stageHistory(actor(c), { registeredModelId: modelIdOf(c) });
      return c.json({ items: items.map(transitionToWire), size: items.length }, 200);
    },
  );
}

function stageOf(c: Context): Stage {
  const stage = c.req.param('stage') ?? '';
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new InputError('INVALID_PARAMETER', `stage must be one of ${STAGES.join(', ')}, got '${stage}'`);
  }
  return stage as Stage;
}

/** Extension: promotion policies and approvals. */
export function registerPolicyRoutes(routes: Routes, service: StageService): void {
  routes.route('GET', `${API_BASE}/registered_models/:id/policies`, 'getPromotionPolicies', async (c) =>
    c.json(policiesToWire(await service.listPolicies(actor(c), modelIdOf(c))), 200),
  );
  routes.route(
    'PUT',
    `${API_BASE}/registered_models/:id/policies/:stage`,
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
  routes.route(
    'POST',
    `${API_BASE}/model_versions/:id/approvals`,
    'approveModelVersion',
    async (c) => {
      const id = versionIdOf(c);
      const body = parseBody(APPROVAL, bodyOf(c), ['stage']);
      return c.json(approvalsToWire(await service.approve(actor(c), id, body.stage, body.comment)), 200);
    },
    { body: 'json' },
  );
}

/** Extension: semantic versions. */
export function registerVersionNameRoutes(routes: Routes, service: RegistrationService): void {
  routes.route('GET', `${API_BASE}/registered_models/:id/next_version`, 'getNextVersionName', async (c) => {
    const part = parseEnum(c.req.query('bump'), ['major', 'minor', 'patch'] as const, 'bump') ?? 'patch';
    return c.json({ name: await service.nextVersionName(actor(c), modelIdOf(c), part) }, 200);
  });
  routes.route(
    'GET',
    `${API_BASE}/registered_models/:id/resolve_version`,
    'resolveModelVersion',
    async (c) => {
      const range = c.req.query('range');
      if (range === undefined || range.trim() === '') {
        throw new InputError('INVALID_SEMVER_RANGE', 'give a range: ?range=^1.2, ~1.4.0, latest, …');
      }
      return c.json(toWire('modelVersion', await service.resolveVersion(actor(c), modelIdOf(c), range)), 200);
    },
  );
}
