import type { DeploymentEvent, StageTransition } from '../../../domain/lifecycle.js';
import type {
  DeploymentRepository,
  StageRepository,
  SyncReportRow,
} from '../../../ports/lifecycle-repository.js';
import { insertReturningId, lockModel, nextHistoryRow, type SqlContext } from '../shared/sql-context.js';
import { rowToDeployment, rowToTransition } from './lifecycle-rows.js';

/** The stage history of versions (migrations 0004, 0013). */
export class SqlStageRepository implements StageRepository {
  constructor(private readonly ctx: SqlContext) {}

  lockModel(registeredModelId: number): Promise<boolean> {
    return lockModel(this.ctx, registeredModelId);
  }

  async insertTransition(transition: Omit<StageTransition, 'id' | 'sequence'>): Promise<StageTransition> {
    const next = await nextHistoryRow(
      this.ctx,
      'stage_transition',
      transition.registeredModelId,
      transition.timeSinceEpoch,
    );
    const id = await insertReturningId(
      this.ctx,
      this.ctx.db.insertInto('stage_transition').values({
        model_version_id: transition.modelVersionId,
        registered_model_id: transition.registeredModelId,
        from_stage: transition.fromStage,
        to_stage: transition.toStage,
        actor: transition.actor,
        comment: transition.comment ?? null,
        create_time: next.time,
        seq: next.seq,
      }),
    );
    return { ...transition, id, sequence: next.seq, timeSinceEpoch: next.time };
  }

  async listTransitions(match: { modelVersionId?: number; registeredModelId?: number }) {
    let query = this.ctx.db.selectFrom('stage_transition').selectAll();
    if (match.modelVersionId !== undefined)
      query = query.where('model_version_id', '=', match.modelVersionId);
    if (match.registeredModelId !== undefined)
      query = query.where('registered_model_id', '=', match.registeredModelId);
    const rows = await query.orderBy('seq', 'desc').orderBy('id', 'desc').execute();
    return rows.map(rowToTransition);
  }
}

/** Deployment history (migrations 0006, 0013) and the last KServe sync report of each namespace (0016). */
export class SqlDeploymentRepository implements DeploymentRepository {
  constructor(private readonly ctx: SqlContext) {}

  lockModel(registeredModelId: number): Promise<boolean> {
    return lockModel(this.ctx, registeredModelId);
  }

  async insertDeployment(event: Omit<DeploymentEvent, 'id' | 'sequence'>): Promise<DeploymentEvent> {
    const next = await nextHistoryRow(
      this.ctx,
      'deployment_event',
      event.registeredModelId,
      event.timeSinceEpoch,
    );
    const id = await insertReturningId(
      this.ctx,
      this.ctx.db.insertInto('deployment_event').values({
        registered_model_id: event.registeredModelId,
        model_version_id: event.modelVersionId,
        serving_environment_id: event.servingEnvironmentId,
        inference_service_id: event.inferenceServiceId,
        action: event.action,
        endpoint: event.endpoint ?? null,
        actor: event.actor,
        comment: event.comment ?? null,
        create_time: next.time,
        seq: next.seq,
      }),
    );
    return { ...event, id, sequence: next.seq, timeSinceEpoch: next.time };
  }

  async listDeployments(match: { registeredModelId?: number; modelVersionId?: number }) {
    let query = this.ctx.db.selectFrom('deployment_event').selectAll();
    if (match.registeredModelId !== undefined)
      query = query.where('registered_model_id', '=', match.registeredModelId);
    if (match.modelVersionId !== undefined)
      query = query.where('model_version_id', '=', match.modelVersionId);
    return (await query.orderBy('seq', 'desc').orderBy('id', 'desc').execute()).map(rowToDeployment);
  }

  async saveSyncReport(row: SyncReportRow): Promise<void> {
    await this.ctx.db.deleteFrom('kserve_sync').where('namespace', '=', row.namespace).execute();
    await this.ctx.db
      .insertInto('kserve_sync')
      .values({
        namespace: row.namespace,
        report: row.report,
        actor: row.actor,
        observed_time: row.observedTime,
      })
      .execute();
  }

  async syncReports(namespaces?: readonly string[]): Promise<readonly SyncReportRow[]> {
    if (namespaces?.length === 0) return [];
    let query = this.ctx.db.selectFrom('kserve_sync').selectAll();
    if (namespaces !== undefined) query = query.where('namespace', 'in', [...namespaces]);
    return (await query.orderBy('namespace').execute()).map((row) => ({
      namespace: String(row.namespace),
      report: String(row.report),
      actor: String(row.actor),
      observedTime: Number(row.observed_time),
    }));
  }
}
