import { InputError } from '../errors.js';

/**
 * KServe's two deployment modes (v0.16+ names; the old `Serverless`/`RawDeployment` are aliases the
 * webhook rewrites) and how each rolls a new version out to a share of the traffic.
 *
 * - Knative: `predictor.canaryTrafficPercent: N` sends N% to the latest revision and the rest to
 *   the last one rolled out; Knative keeps that revision, so the manifest names only the new version.
 * - Standard: `canaryTrafficPercent` is ignored. The stable predictor gets a name and the new version
 *   goes into `spec.canary[]` with `trafficPercent`, so the manifest carries both versions.
 */
export const DEPLOYMENT_MODES = ['Standard', 'Knative'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** A canary's traffic share: a whole percent, 1–99 (0 and 100 are a rollback and a promotion). */
export function checkCanaryPercent(percent: number): number {
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) {
    throw new InputError(
      'INVALID_CANARY',
      `canary traffic must be a whole percent from 1 to 99, got ${percent}`,
    );
  }
  return percent;
}

/** The predictor name of a version in Standard mode: stable across applies, unique per version. */
export function predictorName(modelVersionId: number): string {
  return `v${modelVersionId}`;
}

export type Predictor = Record<string, unknown> & { readonly model: Record<string, unknown> };

/** Where a rollout stands: one version, or a canary of `next` beside `stable`. */
export type Rollout =
  | { readonly kind: 'single'; readonly predictor: Predictor; readonly versionId: number }
  | {
      readonly kind: 'canary';
      readonly percent: number;
      readonly next: { readonly predictor: Predictor; readonly versionId: number };
      /** Needed in Standard mode only: the version serving the rest of the traffic. */
      readonly stable?: { readonly predictor: Predictor; readonly versionId: number } | undefined;
    };

/** The `spec` of an InferenceService for a rollout in a mode. */
export function rolloutSpec(mode: DeploymentMode, rollout: Rollout): Record<string, unknown> {
  if (rollout.kind === 'single') {
    return mode === 'Standard'
      ? { predictor: { name: predictorName(rollout.versionId), ...rollout.predictor } }
      : { predictor: rollout.predictor };
  }
  const percent = checkCanaryPercent(rollout.percent);
  if (mode === 'Knative') {
    return { predictor: { ...rollout.next.predictor, canaryTrafficPercent: percent } };
  }
  if (rollout.stable === undefined) {
    throw new InputError(
      'INVALID_CANARY',
      'a Standard-mode canary needs a version already deployed under this name to split the traffic with',
    );
  }
  if (rollout.stable.versionId === rollout.next.versionId) {
    throw new InputError('INVALID_CANARY', 'the canary version is the one already deployed');
  }
  return {
    predictor: { name: predictorName(rollout.stable.versionId), ...rollout.stable.predictor },
    canary: [
      {
        predictor: {
          name: predictorName(rollout.next.versionId),
          ...rollout.next.predictor,
          // The CRD requires the canary's model container to be named; KServe's own name for it.
          model: { ...rollout.next.predictor.model, name: 'kserve-container' },
        },
        trafficPercent: percent,
      },
    ],
  };
}
