import type { Selectable } from 'kysely';
import type { AliasMove, ModelAlias } from '../../../domain/lifecycle.js';
import type { AliasRepository } from '../../../ports/lifecycle-repository.js';
import type { ModelAliasTable } from '../database.js';
import { parameterChunks } from '../parameter-chunks.js';
import { insertReturningId, lockModel, nextHistoryRow, type SqlContext } from '../shared/sql-context.js';
import { rowToAlias, rowToAliasMove } from './lifecycle-rows.js';

/** Aliases of a model's versions and their history (migrations 0005, 0013). */
export class SqlAliasRepository implements AliasRepository {
  constructor(private readonly ctx: SqlContext) {}

  lockModel(registeredModelId: number): Promise<boolean> {
    return lockModel(this.ctx, registeredModelId);
  }

  async listAliases(registeredModelId: number): Promise<readonly ModelAlias[]> {
    const rows = await this.ctx.db
      .selectFrom('model_alias')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .orderBy('alias')
      .execute();
    return rows.map(rowToAlias);
  }

  async getAlias(registeredModelId: number, alias: string): Promise<ModelAlias | undefined> {
    const row = await this.ctx.db
      .selectFrom('model_alias')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToAlias(row);
  }

  async moveAlias(
    registeredModelId: number,
    alias: string,
    modelVersionId: number | undefined,
    actor: string,
    now: number,
  ): Promise<AliasMove> {
    const db = this.ctx.db;
    const next = await nextHistoryRow(this.ctx, 'alias_history', registeredModelId, now);
    // Delete and insert rather than an engine-specific upsert; the caller holds the model's lock.
    await db
      .deleteFrom('model_alias')
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias)
      .execute();
    if (modelVersionId !== undefined) {
      await db
        .insertInto('model_alias')
        .values({
          registered_model_id: registeredModelId,
          alias,
          model_version_id: modelVersionId,
          update_time: next.time,
        })
        .execute();
    }
    const id = await insertReturningId(
      this.ctx,
      db.insertInto('alias_history').values({
        registered_model_id: registeredModelId,
        alias,
        model_version_id: modelVersionId ?? null,
        actor,
        create_time: next.time,
        seq: next.seq,
      }),
    );
    return {
      id,
      sequence: next.seq,
      registeredModelId,
      alias,
      modelVersionId,
      actor,
      timeSinceEpoch: next.time,
    };
  }

  async aliasAt(registeredModelId: number, alias: string, time?: number): Promise<AliasMove | undefined> {
    // The last move by sequence: times never go back along it, so the last move at or before a
    // time is also the last one written then.
    let query = this.ctx.db
      .selectFrom('alias_history')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('alias', '=', alias);
    if (time !== undefined) query = query.where('create_time', '<=', time);
    const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : rowToAliasMove(row);
  }

  async aliasHistory(registeredModelId: number, alias?: string): Promise<readonly AliasMove[]> {
    let query = this.ctx.db
      .selectFrom('alias_history')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId);
    if (alias !== undefined) query = query.where('alias', '=', alias);
    return (await query.orderBy('seq', 'desc').execute()).map(rowToAliasMove);
  }

  async dropAliasesOf(modelVersionIds: readonly number[], actor: string, now: number): Promise<void> {
    const rows: Selectable<ModelAliasTable>[] = [];
    for (const chunk of parameterChunks(modelVersionIds)) {
      rows.push(
        ...(await this.ctx.db
          .selectFrom('model_alias')
          .selectAll()
          .where('model_version_id', 'in', chunk)
          .execute()),
      );
    }
    for (const row of rows) {
      await this.moveAlias(Number(row.registered_model_id), String(row.alias), undefined, actor, now);
    }
  }
}
