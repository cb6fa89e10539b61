import { z } from 'zod';
import {
  LINEAGE_FACTS,
  STAGES,
  type AliasMove,
  type Approval,
  type DeploymentEvent,
  type ModelAlias,
  type PromotionPolicy,
  type StageTransition,
} from '../../domain/lifecycle.js';
import { longText, wireId } from './values.js';

// Wire shapes of the lifecycle extensions: stages, aliases, policies, approvals, deployments.

/** A version moves only through a transition, which the history keeps. */
export const TRANSITION = z.strictObject({
  stage: z.enum(STAGES),
  comment: longText.optional(),
  others: z.enum(['keep', 'archive', 'demote']).optional(),
  from: z.enum(STAGES).optional(),
});

export const ALIAS_MOVES = z.strictObject({ aliases: z.record(z.string(), z.union([wireId, z.null()])) });
export const ALIAS_TARGET = z.strictObject({ modelVersionId: wireId });

const CONDITION = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('metric'),
    name: z.string().min(1),
    op: z.enum(['>=', '>', '<=', '<', '=']),
    value: z.number(),
  }),
  z.strictObject({ type: z.literal('property'), name: z.string().min(1) }),
  z.strictObject({ type: z.literal('approvals'), count: z.number().int().min(1).max(100) }),
  z.strictObject({ type: z.literal('lineage'), require: z.array(z.enum(LINEAGE_FACTS)).min(1) }),
]);
export const POLICY = z.strictObject({ conditions: z.array(CONDITION).max(50) });
export const APPROVAL = z.strictObject({ stage: z.enum(STAGES), comment: longText.optional() });

export const DEPLOYMENT = z.strictObject({
  modelVersionId: wireId,
  environment: z.string().min(1).max(255),
  action: z.enum(['deploy', 'undeploy']),
  inferenceService: z.string().min(1).max(255).optional(),
  endpoint: longText.optional(),
  comment: longText.optional(),
});

// Answers. The to-wire functions are typed by them: what the code writes is what the schema says.

const stage = z.enum(STAGES);
/** A row's place in its model's history (HistorySequence). */
const sequence = z.string();

const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), size: z.number().int() });

export const STAGE_TRANSITION = z.object({
  id: z.string(),
  modelVersionId: z.string(),
  registeredModelId: z.string(),
  fromStage: stage,
  toStage: stage,
  actor: z.string(),
  comment: z.string().optional(),
  timeSinceEpoch: z.string(),
  sequence,
});
export const STAGE_TRANSITION_LIST = listOf(STAGE_TRANSITION);

export const MODEL_ALIAS = z.object({
  alias: z.string(),
  modelVersionId: z.string(),
  updateTimeSinceEpoch: z.string(),
});
export const MODEL_ALIAS_LIST = listOf(MODEL_ALIAS);

export const ALIAS_MOVE = z.object({
  id: z.string(),
  alias: z.string(),
  modelVersionId: z.string().optional(),
  actor: z.string(),
  timeSinceEpoch: z.string(),
  sequence,
});
export const ALIAS_MOVE_LIST = listOf(ALIAS_MOVE);

export const POLICY_LIST = listOf(z.object({ stage, conditions: POLICY.shape.conditions }));

export const APPROVAL_ITEM = z.object({
  stage: z.string(),
  actor: z.string(),
  comment: z.string().optional(),
  timeSinceEpoch: z.string(),
});
export const APPROVAL_LIST = listOf(APPROVAL_ITEM);

export const DEPLOYMENT_EVENT = z.object({
  id: z.string(),
  registeredModelId: z.string(),
  modelVersionId: z.string(),
  version: z.string().optional(),
  servingEnvironmentId: z.string(),
  environment: z.string().optional(),
  inferenceServiceId: z.string(),
  action: z.enum(['deploy', 'undeploy']),
  endpoint: z.string().optional(),
  actor: z.string(),
  comment: z.string().optional(),
  timeSinceEpoch: z.string(),
  sequence,
});
export const DEPLOYMENT_EVENT_LIST = listOf(DEPLOYMENT_EVENT);

export const PRODUCTION_LIST = listOf(
  z.object({
    registeredModelId: z.string(),
    model: z.string().optional(),
    modelVersionId: z.string(),
    version: z.string(),
    deployments: z.array(
      z.object({
        inferenceServiceId: z.string(),
        inferenceService: z.string(),
        servingEnvironmentId: z.string(),
        environment: z.string().optional(),
        endpoint: z.string().optional(),
      }),
    ),
  }),
);

export const NEXT_VERSION_NAME = z.object({ name: z.string() });

export function transitionToWire(t: StageTransition): z.output<typeof STAGE_TRANSITION> {
  return {
    id: String(t.id),
    modelVersionId: String(t.modelVersionId),
    registeredModelId: String(t.registeredModelId),
    fromStage: t.fromStage,
    toStage: t.toStage,
    actor: t.actor,
    ...(t.comment === undefined ? {} : { comment: t.comment }),
    timeSinceEpoch: String(t.timeSinceEpoch),
    sequence: String(t.sequence),
  };
}

export const aliasToWire = (a: ModelAlias): z.output<typeof MODEL_ALIAS> => ({
  alias: a.alias,
  modelVersionId: String(a.modelVersionId),
  updateTimeSinceEpoch: String(a.updateTimeSinceEpoch),
});

export const aliasMoveToWire = (m: AliasMove): z.output<typeof ALIAS_MOVE> => ({
  id: String(m.id),
  alias: m.alias,
  ...(m.modelVersionId === undefined ? {} : { modelVersionId: String(m.modelVersionId) }),
  actor: m.actor,
  timeSinceEpoch: String(m.timeSinceEpoch),
  sequence: String(m.sequence),
});

export const policiesToWire = (policies: readonly PromotionPolicy[]) => ({
  items: policies.map((p) => ({ stage: p.stage, conditions: p.conditions })),
  size: policies.length,
});

export const approvalsToWire = (approvals: readonly Approval[]): z.output<typeof APPROVAL_LIST> => ({
  items: approvals.map((a) => ({
    stage: a.stage,
    actor: a.actor,
    ...(a.comment === undefined ? {} : { comment: a.comment }),
    timeSinceEpoch: String(a.timeSinceEpoch),
  })),
  size: approvals.length,
});

export const deploymentToWire = (
  e: DeploymentEvent,
  environment?: string,
  version?: string,
): z.output<typeof DEPLOYMENT_EVENT> => ({
  id: String(e.id),
  registeredModelId: String(e.registeredModelId),
  modelVersionId: String(e.modelVersionId),
  ...(version === undefined ? {} : { version }),
  servingEnvironmentId: String(e.servingEnvironmentId),
  ...(environment === undefined ? {} : { environment }),
  inferenceServiceId: String(e.inferenceServiceId),
  action: e.action,
  ...(e.endpoint === undefined ? {} : { endpoint: e.endpoint }),
  actor: e.actor,
  ...(e.comment === undefined ? {} : { comment: e.comment }),
  timeSinceEpoch: String(e.timeSinceEpoch),
  sequence: String(e.sequence),
});
