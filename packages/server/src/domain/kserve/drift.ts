import type { Stage } from '../lifecycle.js';
import { sameDigest } from './labels.js';
import type { Observation } from './observation.js';

/**
 * Drift: where what the registry believes is served and what the cluster serves disagree. Each
 * kind is reported at most once per InferenceService.
 */
export const DRIFT_KINDS = [
  /** The registry records a deployment; the cluster has no such InferenceService. */
  'NOT_SERVED',
  /** The InferenceService serves another version than the one the registry records (or none it knows). */
  'VERSION_DIFFERS',
  /** The cluster serves an InferenceService the registry records no deployment for. */
  'UNKNOWN_SERVED',
  /** The served content's digest is not the version's sealed digest. */
  'DIGEST_MISMATCH',
  /** A production namespace serves a version that is not in stage Production. */
  'STAGE_MISMATCH',
  /** The deployment followed an alias that now points at another version. */
  'ALIAS_MOVED',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface Drift {
  readonly kind: DriftKind;
  readonly namespace: string;
  readonly name: string;
  readonly message: string;
  /** The version the registry believes served there, if any. */
  readonly recordedVersionId?: number;
  /** The version the cluster serves, if the registry knows it. */
  readonly servedVersionId?: number;
}

/** A version as drift needs to know it. */
export interface KnownVersion {
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly model: string;
  readonly version: string;
  readonly stage: Stage;
  readonly contentDigest?: string | undefined;
}

/** A deployment the registry records in one of the synced namespaces. */
export interface RecordedDeployment {
  readonly namespace: string;
  readonly name: string;
  readonly version: KnownVersion;
  /** The alias it was deployed by, and the version that alias names now (undefined: removed). */
  readonly alias?: { readonly name: string; readonly nowVersionId?: number | undefined } | undefined;
}

export interface ObservedService {
  readonly observation: Observation;
  /** The registry version its labels or storage URI name, when the registry has it. */
  readonly version?: KnownVersion | undefined;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;
const label = (v: KnownVersion) => `version '${v.version}' of '${v.model}'`;

/** Every drift between the recorded deployments and the observed services of the synced namespaces. */
export function findDrift(
  recorded: readonly RecordedDeployment[],
  observed: readonly ObservedService[],
  productionNamespaces: ReadonlySet<string>,
): Drift[] {
  const drift: Drift[] = [];
  const seen = new Map(observed.map((o) => [key(o.observation.namespace, o.observation.name), o]));
  const beliefs = new Map(recorded.map((r) => [key(r.namespace, r.name), r]));
  for (const belief of recorded) {
    const where = {
      namespace: belief.namespace,
      name: belief.name,
      recordedVersionId: belief.version.modelVersionId,
    };
    const served = seen.get(key(belief.namespace, belief.name));
    if (served === undefined) {
      drift.push({
        kind: 'NOT_SERVED',
        ...where,
        message: `the registry records ${label(belief.version)} deployed as ${belief.name} in ${belief.namespace}; the cluster has no such InferenceService`,
      });
    } else if (served.version?.modelVersionId !== belief.version.modelVersionId) {
      drift.push({
        kind: 'VERSION_DIFFERS',
        ...where,
        ...(served.version === undefined ? {} : { servedVersionId: served.version.modelVersionId }),
        message: `the registry records ${label(belief.version)} in ${belief.namespace}/${belief.name}; the cluster serves ${served.version === undefined ? describeUnknown(served.observation) : label(served.version)}`,
      });
    }
  }
  for (const served of observed) {
    const { namespace, name } = served.observation;
    const belief = beliefs.get(key(namespace, name));
    const where = {
      namespace,
      name,
      ...(served.version === undefined ? {} : { servedVersionId: served.version.modelVersionId }),
      ...(belief === undefined ? {} : { recordedVersionId: belief.version.modelVersionId }),
    };
    if (belief === undefined) {
      drift.push({
        kind: 'UNKNOWN_SERVED',
        ...where,
        message: `${namespace}/${name} serves ${served.version === undefined ? describeUnknown(served.observation) : label(served.version)}, and the registry records no deployment there`,
      });
    }
    if (served.version === undefined) continue;
    drift.push(...versionDrift(served.observation, served.version, belief, productionNamespaces, where));
  }
  return drift;
}

function versionDrift(
  observation: Observation,
  version: KnownVersion,
  belief: RecordedDeployment | undefined,
  productionNamespaces: ReadonlySet<string>,
  where: Omit<Drift, 'kind' | 'message'>,
): Drift[] {
  const drift: Drift[] = [];
  const at = `${observation.namespace}/${observation.name}`;
  const digest = observation.served.contentDigest;
  if (
    digest !== undefined &&
    version.contentDigest !== undefined &&
    !sameDigest(version.contentDigest, digest)
  ) {
    drift.push({
      kind: 'DIGEST_MISMATCH',
      ...where,
      message: `${at} serves content ${digest}; ${label(version)} is sealed as ${version.contentDigest}`,
    });
  }
  if (productionNamespaces.has(observation.namespace) && version.stage !== 'Production') {
    drift.push({
      kind: 'STAGE_MISMATCH',
      ...where,
      message: `${at} is in a production namespace and serves ${label(version)}, which is in stage ${version.stage}`,
    });
  }
  const alias = belief?.alias;
  if (alias !== undefined && alias.nowVersionId !== version.modelVersionId) {
    drift.push({
      kind: 'ALIAS_MOVED',
      ...where,
      message: `${at} was deployed as @${alias.name}, which ${alias.nowVersionId === undefined ? 'no longer exists' : `now names version id ${alias.nowVersionId}`}; it serves ${label(version)}`,
    });
  }
  return drift;
}

function describeUnknown(observation: Observation): string {
  const { model, version } = observation.served;
  if (model !== undefined)
    return `'${model}'${version === undefined ? '' : ` version '${version}'`}, unknown to the registry`;
  return observation.storageUri === undefined
    ? 'a model the registry does not know'
    : `${observation.storageUri}, unknown to the registry`;
}
