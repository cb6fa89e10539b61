import type { Approval, PromotionPolicy, Stage } from '../../../domain/lifecycle.js';
import type { PolicyRepository } from '../../../ports/lifecycle-repository.js';
import { insertReturningId, lockModel, type SqlContext } from '../shared/sql-context.js';
import { rowToApproval, rowToPolicy } from './lifecycle-rows.js';

/** Promotion policies and approvals (migration 0008). */
export class SqlPolicyRepository implements PolicyRepository {
  constructor(private readonly ctx: SqlContext) {}

  lockModel(registeredModelId: number): Promise<boolean> {
    return lockModel(this.ctx, registeredModelId);
  }

  async getPolicy(registeredModelId: number, stage: Stage): Promise<PromotionPolicy | undefined> {
    const row = await this.ctx.db
      .selectFrom('promotion_policy')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .where('stage', '=', stage)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToPolicy(row);
  }

  async listPolicies(registeredModelId: number): Promise<readonly PromotionPolicy[]> {
    const rows = await this.ctx.db
      .selectFrom('promotion_policy')
      .selectAll()
      .where('registered_model_id', '=', registeredModelId)
      .orderBy('stage')
      .execute();
    return rows.map(rowToPolicy);
  }

  async setPolicy(policy: PromotionPolicy, now: number): Promise<void> {
    await this.ctx.db
      .deleteFrom('promotion_policy')
      .where('registered_model_id', '=', policy.registeredModelId)
      .where('stage', '=', policy.stage)
      .execute();
    if (policy.conditions.length === 0) return;
    await this.ctx.db
      .insertInto('promotion_policy')
      .values({
        registered_model_id: policy.registeredModelId,
        stage: policy.stage,
        conditions: JSON.stringify(policy.conditions),
        update_time: now,
      })
      .execute();
  }

  async addApproval(approval: Approval): Promise<void> {
    const existing = await this.ctx.db
      .selectFrom('approval')
      .select('id')
      .where('model_version_id', '=', approval.modelVersionId)
      .where('stage', '=', approval.stage)
      .where('actor', '=', approval.actor)
      .executeTakeFirst();
    if (existing !== undefined) return;
    await insertReturningId(
      this.ctx,
      this.ctx.db.insertInto('approval').values({
        model_version_id: approval.modelVersionId,
        stage: approval.stage,
        actor: approval.actor,
        comment: approval.comment ?? null,
        create_time: approval.timeSinceEpoch,
      }),
    );
  }

  async listApprovals(modelVersionId: number, stage?: Stage): Promise<readonly Approval[]> {
    let query = this.ctx.db.selectFrom('approval').selectAll().where('model_version_id', '=', modelVersionId);
    if (stage !== undefined) query = query.where('stage', '=', stage);
    return (await query.orderBy('id').execute()).map(rowToApproval);
  }
}
