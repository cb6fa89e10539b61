import { InputError, NotFoundError } from '../../domain/errors.js';
import { checkAlias, type AliasMove, type ModelAlias } from '../../domain/lifecycle.js';
import type { LifecycleTx } from './lifecycle-tx.js';
import { mustGet } from '../catalog/index.js';
import { lockModel, runUseCase, type Caller } from '../use-case.js';
import type { LifecycleServiceDeps } from './stage-service.js';

/** A model's aliases (`@champion`): moved together, and their history. */
export class AliasService {
  constructor(private readonly deps: LifecycleServiceDeps) {}

  /**
   * Moves, sets or removes (null) several aliases of one model in one transaction: they all land
   * or none does. Each alias is unique within its model.
   */
  moveAliases(
    actor: Caller,
    modelId: number,
    moves: Readonly<Record<string, number | null>>,
  ): Promise<readonly ModelAlias[]> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('promote', `the aliases of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      // The model's lock first: concurrent alias moves on one model queue here, and each reads
      // where the alias points after the previous one committed.
      const now = await lockModel(tx, this.deps.clock, modelId);
      await tx.touch('registeredModel', modelId, now);
      const changes: Record<string, { from: number | null; to: number | null }> = {};
      for (const [alias, versionId] of Object.entries(moves)) {
        checkAlias(alias);
        if (versionId !== null) await versionOfModel(tx, modelId, versionId);
        const current = await tx.getAlias(modelId, alias);
        if (versionId === null && current === undefined) {
          throw new NotFoundError('ALIAS_NOT_FOUND', `registered model ${modelId} has no alias '${alias}'`);
        }
        await tx.moveAlias(modelId, alias, versionId ?? undefined, actor.subject, now);
        changes[alias] = { from: current?.modelVersionId ?? null, to: versionId };
      }
      await record('update', 'registeredModel', modelId, { aliases: changes });
      return tx.listAliases(modelId);
    });
  }

  listAliases(actor: Caller, modelId: number): Promise<readonly ModelAlias[]> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.listAliases(modelId);
    });
  }

  /** Which version held an alias at a time (now by default), from the alias history. */
  aliasAt(actor: Caller, modelId: number, alias: string, time?: number): Promise<AliasMove> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      // Now is the last move, not the last move before this replica's clock: another replica's
      // clock may run ahead, and its move is the alias's current target all the same.
      const move = await tx.aliasAt(modelId, checkAlias(alias), time);
      if (move?.modelVersionId === undefined) {
        throw new NotFoundError(
          'ALIAS_NOT_FOUND',
          `registered model ${modelId} had no alias '${alias}'${time === undefined ? '' : ` at ${new Date(time).toISOString()}`}`,
        );
      }
      return move;
    });
  }

  aliasHistory(actor: Caller, modelId: number, alias?: string): Promise<readonly AliasMove[]> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.aliasHistory(modelId, alias === undefined ? undefined : checkAlias(alias));
    });
  }
}

/** A version of the model named, or the error that says it belongs to another. */
export async function versionOfModel(tx: LifecycleTx, modelId: number, versionId: number) {
  const version = await mustGet(tx, 'modelVersion', versionId);
  if (version.registeredModelId !== modelId) {
    throw new InputError(
      'MODEL_VERSION_OF_ANOTHER_MODEL',
      `model version ${versionId} belongs to registered model ${version.registeredModelId}, not ${modelId}`,
    );
  }
  return version;
}
