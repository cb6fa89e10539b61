import type { Selectable } from 'kysely';
import type {
  AliasMove,
  Approval,
  DeploymentEvent,
  ModelAlias,
  PolicyCondition,
  PromotionPolicy,
  Stage,
  StageTransition,
} from '../../../domain/lifecycle.js';
import type {
  AliasHistoryTable,
  ApprovalTable,
  DeploymentEventTable,
  ModelAliasTable,
  PromotionPolicyTable,
  StageTransitionTable,
} from '../database.js';
import { optionalText } from '../shared/sql-context.js';

// Rows of the lifecycle tables (migrations 0004-0008, 0013) and their domain types.

export function rowToTransition(row: Selectable<StageTransitionTable>): StageTransition {
  return {
    id: Number(row.id),
    modelVersionId: Number(row.model_version_id),
    registeredModelId: Number(row.registered_model_id),
    fromStage: String(row.from_stage) as Stage,
    toStage: String(row.to_stage) as Stage,
    actor: String(row.actor),
    comment: row.comment === null ? undefined : String(row.comment),
    timeSinceEpoch: Number(row.create_time),
    sequence: Number(row.seq),
  };
}

export function rowToAlias(row: Selectable<ModelAliasTable>): ModelAlias {
  return {
    registeredModelId: Number(row.registered_model_id),
    alias: String(row.alias),
    modelVersionId: Number(row.model_version_id),
    updateTimeSinceEpoch: Number(row.update_time),
  };
}

export function rowToAliasMove(row: Selectable<AliasHistoryTable>): AliasMove {
  return {
    id: Number(row.id),
    registeredModelId: Number(row.registered_model_id),
    alias: String(row.alias),
    modelVersionId: row.model_version_id === null ? undefined : Number(row.model_version_id),
    actor: String(row.actor),
    timeSinceEpoch: Number(row.create_time),
    sequence: Number(row.seq),
  };
}

export function rowToDeployment(row: Selectable<DeploymentEventTable>): DeploymentEvent {
  return {
    id: Number(row.id),
    registeredModelId: Number(row.registered_model_id),
    modelVersionId: Number(row.model_version_id),
    servingEnvironmentId: Number(row.serving_environment_id),
    inferenceServiceId: Number(row.inference_service_id),
    action: String(row.action) === 'undeploy' ? 'undeploy' : 'deploy',
    endpoint: optionalText(row.endpoint),
    actor: String(row.actor),
    comment: optionalText(row.comment),
    timeSinceEpoch: Number(row.create_time),
    sequence: Number(row.seq),
  };
}

export function rowToPolicy(row: Selectable<PromotionPolicyTable>): PromotionPolicy {
  return {
    registeredModelId: Number(row.registered_model_id),
    stage: String(row.stage) as Stage,
    conditions: JSON.parse(String(row.conditions)) as PolicyCondition[],
  };
}

export function rowToApproval(row: Selectable<ApprovalTable>): Approval {
  return {
    modelVersionId: Number(row.model_version_id),
    stage: String(row.stage) as Stage,
    actor: String(row.actor),
    comment: row.comment === null ? undefined : String(row.comment),
    timeSinceEpoch: Number(row.create_time),
  };
}
