import type { Selectable } from 'kysely';
import type { ApiToken, Grant, Role } from '../../../domain/access-control.js';
import type { AccessRepository, NewApiToken } from '../../../ports/access-repository.js';
import type { AccessGrantTable, ApiTokenTable } from '../database.js';
import { parameterChunks } from '../parameter-chunks.js';
import { guardWrite, insertReturningId, optionalNumber, type SqlContext } from '../shared/sql-context.js';

export function rowToToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: Number(row.id),
    name: String(row.name),
    subject: String(row.subject),
    role: String(row.role) as Role,
    registeredModelId: optionalNumber(row.registered_model_id),
    createdBy: String(row.created_by),
    createTimeSinceEpoch: Number(row.create_time),
    expireTimeSinceEpoch: optionalNumber(row.expire_time),
    revokeTimeSinceEpoch: optionalNumber(row.revoke_time),
    lastUseTimeSinceEpoch: optionalNumber(row.last_use_time),
  };
}

/** A global grant is stored with model id 0 (see migration 0002). */
export function rowToGrant(row: Selectable<AccessGrantTable>): Grant {
  const modelId = Number(row.registered_model_id);
  return {
    id: Number(row.id),
    principalType: String(row.principal_type) === 'group' ? 'group' : 'user',
    principal: String(row.principal),
    role: String(row.role) as Role,
    registeredModelId: modelId === 0 ? undefined : modelId,
    createdBy: String(row.created_by),
    createTimeSinceEpoch: Number(row.create_time),
  };
}

/** API tokens and grants (migration 0002). */
export class SqlAccessRepository implements AccessRepository {
  constructor(private readonly ctx: SqlContext) {}

  async insertToken(token: NewApiToken): Promise<ApiToken> {
    const insert = this.ctx.db.insertInto('api_token').values({
      name: token.name,
      subject: token.subject,
      role: token.role,
      registered_model_id: token.registeredModelId ?? null,
      secret_hash: token.secretHash,
      created_by: token.createdBy,
      create_time: token.createTimeSinceEpoch,
      expire_time: token.expireTimeSinceEpoch ?? null,
      revoke_time: null,
    });
    const id = await guardWrite(this.ctx, { label: 'API token', code: 'API_TOKEN', name: token.name }, () =>
      insertReturningId(this.ctx, insert),
    );
    const created = await this.getToken(id);
    if (created === undefined) throw new Error(`inserted token ${id} is not readable`);
    return created.token;
  }

  async getToken(id: number): Promise<{ token: ApiToken; secretHash: string } | undefined> {
    const row = await this.ctx.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : { token: rowToToken(row), secretHash: String(row.secret_hash) };
  }

  async listTokens(): Promise<readonly ApiToken[]> {
    const rows = await this.ctx.db.selectFrom('api_token').selectAll().orderBy('id').execute();
    return rows.map(rowToToken);
  }

  async revokeToken(id: number, now: number): Promise<void> {
    await this.ctx.db
      .updateTable('api_token')
      .set({ revoke_time: now })
      .where('id', '=', id)
      .where('revoke_time', 'is', null)
      .execute();
  }

  async insertGrant(grant: Omit<Grant, 'id'>): Promise<Grant> {
    const insert = this.ctx.db.insertInto('access_grant').values({
      principal_type: grant.principalType,
      principal: grant.principal,
      role: grant.role,
      registered_model_id: grant.registeredModelId ?? 0,
      created_by: grant.createdBy,
      create_time: grant.createTimeSinceEpoch,
    });
    const naming = {
      label: 'grant',
      code: 'GRANT',
      name: `${grant.principalType}:${grant.principal}`,
    } as const;
    const id = await guardWrite(this.ctx, naming, () => insertReturningId(this.ctx, insert));
    const created = await this.getGrant(id);
    if (created === undefined) throw new Error(`inserted grant ${id} is not readable`);
    return created;
  }

  async grantsFor(subject: string, groups: readonly string[]): Promise<readonly Grant[]> {
    const rows = await this.ctx.db
      .selectFrom('access_grant')
      .selectAll()
      .where('principal_type', '=', 'user')
      .where('principal', '=', subject)
      .execute();
    // A gateway or an identity provider may name thousands of groups.
    for (const chunk of parameterChunks([...new Set(groups)])) {
      rows.push(
        ...(await this.ctx.db
          .selectFrom('access_grant')
          .selectAll()
          .where('principal_type', '=', 'group')
          .where('principal', 'in', chunk)
          .execute()),
      );
    }
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    return rows.map(rowToGrant);
  }

  async listGrants(registeredModelId?: number): Promise<readonly Grant[]> {
    let query = this.ctx.db.selectFrom('access_grant').selectAll();
    if (registeredModelId !== undefined) query = query.where('registered_model_id', '=', registeredModelId);
    return (await query.orderBy('id').execute()).map(rowToGrant);
  }

  async getGrant(id: number): Promise<Grant | undefined> {
    const row = await this.ctx.db
      .selectFrom('access_grant')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToGrant(row);
  }

  async deleteGrant(id: number): Promise<void> {
    await this.ctx.db.deleteFrom('access_grant').where('id', '=', id).execute();
  }
}
