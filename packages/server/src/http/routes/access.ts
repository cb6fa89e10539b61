import type { z } from 'zod';
import { tokenIsUsable, type ApiToken, type Grant } from '../../domain/access-control.js';
import type { AccessService } from '../../services/access/index.js';
import { API_BASE } from './api-base.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { optionalId, parseBody, parseId } from '../request-parsing.js';
import type { API_TOKEN, GRANT } from '../wire/access.js';
import { NEW_GRANT, NEW_TOKEN } from '../wire/access.js';

function tokenToWire(token: ApiToken, now: number): z.output<typeof API_TOKEN> {
  return {
    id: String(token.id),
    name: token.name,
    subject: token.subject,
    role: token.role,
    ...(token.registeredModelId === undefined ? {} : { registeredModelId: String(token.registeredModelId) }),
    createdBy: token.createdBy,
    createTimeSinceEpoch: String(token.createTimeSinceEpoch),
    ...(token.expireTimeSinceEpoch === undefined
      ? {}
      : { expireTimeSinceEpoch: String(token.expireTimeSinceEpoch) }),
    ...(token.revokeTimeSinceEpoch === undefined
      ? {}
      : { revokeTimeSinceEpoch: String(token.revokeTimeSinceEpoch) }),
    state:
      token.revokeTimeSinceEpoch !== undefined ? 'REVOKED' : tokenIsUsable(token, now) ? 'ACTIVE' : 'EXPIRED',
  };
}

function grantToWire(grant: Grant): z.output<typeof GRANT> {
  return {
    id: String(grant.id),
    principalType: grant.principalType,
    principal: grant.principal,
    role: grant.role,
    ...(grant.registeredModelId === undefined ? {} : { registeredModelId: String(grant.registeredModelId) }),
    createdBy: grant.createdBy,
    createTimeSinceEpoch: String(grant.createTimeSinceEpoch),
  };
}

/** Our extension: who am I, API tokens and grants. */
export function registerAccessRoutes(routes: Routes, access: AccessService, clock: () => number): void {
  routes.route('GET', `${API_BASE}/whoami`, 'whoami', (c) => {
    const { subject, groups, method, credentialRoles } = actor(c);
    return c.json(
      {
        subject,
        groups,
        method,
        roles: (credentialRoles ?? []).map(({ role, registeredModelId }) => ({
          role,
          ...(registeredModelId === undefined ? {} : { registeredModelId: String(registeredModelId) }),
        })),
      },
      200,
    );
  });

  routes.route(
    'POST',
    `${API_BASE}/tokens`,
    'createApiToken',
    async (c) => {
      const body = parseBody(NEW_TOKEN, bodyOf(c), ['name', 'role']);
      const { token, info } = await access.createToken(actor(c), body);
      return c.json({ ...tokenToWire(info, clock()), token }, 201);
    },
    { body: 'json' },
  );
  routes.route('GET', `${API_BASE}/tokens`, 'getApiTokens', async (c) => {
    const tokens = await access.listTokens(actor(c));
    const now = clock();
    return c.json({ items: tokens.map((t) => tokenToWire(t, now)), size: tokens.length }, 200);
  });
  routes.route('DELETE', `${API_BASE}/tokens/:id`, 'revokeApiToken', async (c) => {
    await access.revokeToken(actor(c), parseId(c.req.param('id'), 'token id'));
    return c.body(null, 204);
  });

  routes.route(
    'POST',
    `${API_BASE}/grants`,
    'createGrant',
    async (c) => {
      const body = parseBody(NEW_GRANT, bodyOf(c), ['principalType', 'principal', 'role']);
      return c.json(grantToWire(await access.createGrant(actor(c), body)), 201);
    },
    { body: 'json' },
  );
  routes.route('GET', `${API_BASE}/grants`, 'getGrants', async (c) => {
    const grants = await access.listGrants(
      actor(c),
      optionalId(c.req.query('registeredModelId'), 'registeredModelId'),
    );
    return c.json({ items: grants.map(grantToWire), size: grants.length }, 200);
  });
  routes.route('DELETE', `${API_BASE}/grants/:id`, 'deleteGrant', async (c) => {
    await access.deleteGrant(actor(c), parseId(c.req.param('id'), 'grant id'));
    return c.body(null, 204);
  });
}
