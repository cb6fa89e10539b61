import type { ModelVersion } from '../../domain/entities.js';
import type { Stage } from '../../domain/lifecycle.js';
import type { CatalogTx } from './catalog-tx.js';
import type { Caller, Record_ } from '../use-case.js';

/** Where a write happens: its transaction, its time, its audit recorder and its caller. */
export interface WriteContext {
  readonly tx: CatalogTx;
  readonly now: number;
  readonly record: Record_;
  readonly actor: Caller;
}

/**
 * Applies a stage move: the stage, the Kubeflow state that goes with it, the history and the
 * audit trail. A stage transition and a Kubeflow state change (ARCHIVED, LIVE) both come here.
 */
export async function moveStage(
  { tx, now, record, actor }: WriteContext,
  version: ModelVersion,
  to: Stage,
  comment: string | undefined,
): Promise<ModelVersion> {
  const from = version.stage;
  const state = to === 'Archived' ? 'ARCHIVED' : 'LIVE';
  const moved = await tx.update('modelVersion', version.id, { stage: to, state }, now);
  await tx.touch('registeredModel', version.registeredModelId, now);
  await tx.insertTransition({
    modelVersionId: version.id,
    registeredModelId: version.registeredModelId,
    fromStage: from,
    toStage: to,
    actor: actor.subject,
    comment,
    timeSinceEpoch: now,
  });
  await record('transition', 'modelVersion', version.id, {
    before: { stage: from },
    after: { stage: to },
    comment,
  });
  return moved;
}
