import type { Context } from 'hono';
import { InputError } from '../../domain/errors.js';
import type { AliasService } from '../../services/lifecycle/index.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseId } from '../request-parsing.js';
import { ALIAS_MOVES, ALIAS_TARGET, aliasMoveToWire, aliasToWire } from '../wire/lifecycle.js';
import { API_BASE } from './api-base.js';

const modelIdOf = (c: Context) => parseId(c.req.param('id'), 'registered model id');

/** Extension: aliases, named pointers to one version of a model, with their history. */
export function registerAliasRoutes(routes: Routes, service: AliasService): void {
  const path = `${API_BASE}/registered_models/:id`;
  routes.route('GET', `${path}/aliases`, 'getRegisteredModelAliases', async (c) => {
    const aliases = await service.listAliases(actor(c), modelIdOf(c));
    return c.json({ items: aliases.map(aliasToWire), size: aliases.length }, 200);
  });
  routes.route(
    'POST',
    `${path}/aliases`,
    'moveRegisteredModelAliases',
    async (c) => {
      const body = parseBody(ALIAS_MOVES, bodyOf(c), ['aliases']);
      const aliases = await service.moveAliases(actor(c), modelIdOf(c), body.aliases);
      return c.json({ items: aliases.map(aliasToWire), size: aliases.length }, 200);
    },
    { body: 'json' },
  );
  routes.route('GET', `${path}/alias_history`, 'getRegisteredModelAliasHistory', async (c) => {
    const moves = await service.aliasHistory(actor(c), modelIdOf(c), c.req.query('alias'));
    return c.json({ items: moves.map(aliasMoveToWire), size: moves.length }, 200);
  });
  routes.route('GET', `${path}/aliases/:alias`, 'getRegisteredModelAlias', async (c) => {
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
  });
  routes.route(
    'PUT',
    `${path}/aliases/:alias`,
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
  routes.route('DELETE', `${path}/aliases/:alias`, 'deleteRegisteredModelAlias', async (c) => {
    await service.moveAliases(actor(c), modelIdOf(c), { [c.req.param('alias') ?? '']: null });
    return c.body(null, 204);
  });
}
