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

export function transitionToWire(t: StageTransition) {
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

export const aliasToWire = (a: ModelAlias) => ({
  alias: a.alias,
  modelVersionId: String(a.modelVersionId),
  updateTimeSinceEpoch: String(a.updateTimeSinceEpoch),
});

export const aliasMoveToWire = (m: AliasMove) => ({
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

export const approvalsToWire = (approvals: readonly Approval[]) => ({
  items: approvals.map((a) => ({
    stage: a.stage,
    actor: a.actor,
    ...(a.comment === undefined ? {} : { comment: a.comment }),
    timeSinceEpoch: String(a.timeSinceEpoch),
  })),
  size: approvals.length,
});

export const deploymentToWire = (e: DeploymentEvent, environment?: string, version?: string) => ({
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
