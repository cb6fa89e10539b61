import type { ModelVersion } from '../../domain/entities.js';
import { ConflictError, PreconditionError } from '../../domain/errors.js';
import {
  DEFAULT_TRANSITIONS,
  STAGES,
  transitionAllowed,
  unmetConditions,
  type OthersInStage,
  type PolicyCondition,
  type Stage,
  type TransitionRule,
} from '../../domain/lifecycle.js';
import type { LifecycleTx } from './lifecycle-tx.js';
import { modelOf, moveStage, mustGet, type WriteContext } from '../catalog/index.js';
import { policyFacts } from './policy-facts.js';
import { versionLabel } from '../access/index.js';
import { lockModel, runUseCase, type Caller, type Transactions } from '../use-case.js';

export interface LifecycleServiceDeps {
  readonly store: Transactions<LifecycleTx>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** A fresh unique name, for entities created without one. */
  readonly newName: () => string;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
  /** The stage moves allowed (DEFAULT_TRANSITIONS unless configured). */
  readonly transitions?: readonly TransitionRule[] | undefined;
}

/** Refuses a move (412) that the model's policy for the target stage does not allow, naming every unmet condition. */
async function checkPolicy(tx: LifecycleTx, version: ModelVersion, to: Stage): Promise<void> {
  const policy = await tx.getPolicy(version.registeredModelId, to);
  if (policy === undefined) return;
  const unmet = unmetConditions(policy.conditions, await policyFacts(tx, version, to));
  if (unmet.length > 0) {
    throw new PreconditionError(
      'PROMOTION_POLICY_NOT_MET',
      `model version ${version.id} cannot enter ${to}; unmet: ${unmet.join('; ')}`,
    );
  }
}

/** Stages of versions, the policies that guard them and the approvals those ask for. */
export class StageService {
  constructor(private readonly deps: LifecycleServiceDeps) {}

  /**
   * Moves a version to another stage, if the configured transitions allow it, and records who,
   * when, from where and why. `others` says what happens to the model's other versions already in
   * the target stage: kept (default), archived, or demoted to Staging. `from`, when given, is the
   * stage the caller saw the version in: a version that moved since is a conflict, not a move.
   */
  transitionStage(
    actor: Caller,
    versionId: number,
    input: {
      stage: Stage;
      comment?: string | undefined;
      others?: OthersInStage | undefined;
      from?: Stage | undefined;
    },
  ): Promise<ModelVersion> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const found = await mustGet(tx, 'modelVersion', versionId);
      const label = await versionLabel(tx, found);
      await auth.require('promote', label, () => modelOf(tx, 'modelVersion', found));
      // The model's lock first, then the stages this move decides on (ADR 15).
      const now = await lockModel(tx, this.deps.clock, found.registeredModelId);
      const version = await mustGet(tx, 'modelVersion', versionId);
      this.checkMove(label, version, input);
      await checkPolicy(tx, version, input.stage);
      const ctx = { tx, now, record, actor };
      const others = input.others ?? 'keep';
      if (others !== 'keep' && input.stage !== 'Archived') {
        const to: Stage = others === 'archive' ? 'Archived' : 'Staging';
        await displace(ctx, version, input.stage, to);
      }
      return moveStage(ctx, version, input.stage, input.comment);
    });
  }

  private checkMove(label: string, version: ModelVersion, input: { stage: Stage; from?: Stage | undefined }) {
    if (input.from !== undefined && input.from !== version.stage) {
      throw new ConflictError(
        'STAGE_MISMATCH',
        `${label} is in ${version.stage}, not ${input.from}; it moved since the caller looked`,
      );
    }
    const rules = this.deps.transitions ?? DEFAULT_TRANSITIONS;
    if (!transitionAllowed(rules, version.stage, input.stage)) {
      const allowed = STAGES.filter((to) => transitionAllowed(rules, version.stage, to));
      throw new ConflictError(
        'STAGE_TRANSITION_NOT_ALLOWED',
        `${label} cannot move from ${version.stage} to ${input.stage}; from ${version.stage} it may move to ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}`,
      );
    }
  }

  /** Sets (or, with no conditions, removes) what a version must meet to enter a stage; a model's admins. */
  setPolicy(actor: Caller, modelId: number, stage: Stage, conditions: readonly PolicyCondition[]) {
    return runUseCase(this.deps, actor, async (tx, now, auth, record) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('admin', `the promotion policies of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      await lockModel(tx, this.deps.clock, modelId);
      const before = await tx.getPolicy(modelId, stage);
      await tx.setPolicy({ registeredModelId: modelId, stage, conditions }, now);
      await record('update', 'registeredModel', modelId, {
        policy: { stage, before: before?.conditions ?? [], after: conditions },
      });
      return tx.listPolicies(modelId);
    });
  }

  listPolicies(actor: Caller, modelId: number) {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.listPolicies(modelId);
    });
  }

  /** Approves a version's move to a stage, for policies that ask for approvals; promoters. */
  approve(actor: Caller, versionId: number, stage: Stage, comment?: string) {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const version = await mustGet(tx, 'modelVersion', versionId);
      await auth.require('promote', `model version ${versionId}`, () => modelOf(tx, 'modelVersion', version));
      const now = await lockModel(tx, this.deps.clock, version.registeredModelId);
      await tx.addApproval({
        modelVersionId: versionId,
        stage,
        actor: actor.subject,
        comment,
        timeSinceEpoch: now,
      });
      await record('update', 'modelVersion', versionId, { approval: { stage, comment: comment ?? null } });
      return tx.listApprovals(versionId, stage);
    });
  }

  /** Stage moves, newest first: of one version, or of every version of a model. */
  stageHistory(actor: Caller, of: { modelVersionId: number } | { registeredModelId: number }) {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      if ('modelVersionId' in of) {
        const version = await mustGet(tx, 'modelVersion', of.modelVersionId);
        await auth.require('read', `model version ${version.id}`, () => modelOf(tx, 'modelVersion', version));
        return tx.listTransitions({ modelVersionId: of.modelVersionId });
      }
      const model = await mustGet(tx, 'registeredModel', of.registeredModelId);
      await auth.require('read', `registered model ${model.id}`, { id: model.id, owner: model.owner });
      return tx.listTransitions({ registeredModelId: of.registeredModelId });
    });
  }
}

/** Moves the model's other versions out of a stage a version enters. */
async function displace(ctx: WriteContext, version: ModelVersion, stage: Stage, to: Stage): Promise<void> {
  const displaced = await ctx.tx.findAll(
    'modelVersion',
    { registeredModelId: version.registeredModelId, stage },
    10_000,
  );
  for (const other of displaced) {
    if (other.id === version.id) continue;
    await moveStage(ctx, other, to, `${stage} went to version ${version.id}`);
  }
}
