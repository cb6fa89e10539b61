/**
 * What an InferenceService says about the registry entry it serves. Kubeflow's InferenceService
 * controller reads the `modelregistry.kubeflow.org/*` labels (ids); ours name the model, version
 * and content, so `deployments sync` can tell what is served from the cluster alone.
 */
export const KUBEFLOW_LABELS = {
  registeredModelId: 'modelregistry.kubeflow.org/registered-model-id',
  modelVersionId: 'modelregistry.kubeflow.org/model-version-id',
  inferenceServiceId: 'modelregistry.kubeflow.org/inference-service-id',
} as const;

export const MODELREG_LABELS = {
  model: 'modelreg.dev/model',
  version: 'modelreg.dev/version',
  /** The first 63 hex digits of the sealed content's sha256 (a label value holds at most 63). */
  contentDigest: 'modelreg.dev/content-digest',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** Full names and digest, which label values cannot always carry. */
export const MODELREG_ANNOTATIONS = {
  model: 'modelreg.dev/model',
  version: 'modelreg.dev/version',
  contentDigest: 'modelreg.dev/content-digest',
  /** The alias the deployment was asked for (`@production`), to report when it moves elsewhere. */
  alias: 'modelreg.dev/alias',
} as const;

export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';

/** A label value, or undefined when the text cannot be one (Kubernetes: ≤ 63, alphanumeric ends). */
export function labelValue(text: string): string | undefined {
  return /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/.test(text) ? text : undefined;
}

/** `sha256:<hex>` → the label form (63 hex digits); other digests have none. */
export function digestLabel(digest: string): string | undefined {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  return match === null ? undefined : (match[1] as string).slice(0, 63);
}

export interface ServedIdentity {
  readonly registeredModelId?: number;
  readonly modelVersionId?: number;
  readonly model?: string;
  readonly version?: string;
  readonly contentDigest?: string;
  readonly alias?: string;
}

/** The labels and annotations naming a served version. */
export function identityMetadata(identity: {
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly model: string;
  readonly version: string;
  readonly contentDigest?: string | undefined;
  readonly alias?: string | undefined;
  /** The registry's inference service, once recorded: Kubeflow's controller then updates it rather than adding one. */
  readonly inferenceServiceId?: number | undefined;
}): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {
    [KUBEFLOW_LABELS.registeredModelId]: String(identity.registeredModelId),
    [KUBEFLOW_LABELS.modelVersionId]: String(identity.modelVersionId),
    [MODELREG_LABELS.managedBy]: 'modelreg',
    ...(identity.inferenceServiceId === undefined
      ? {}
      : { [KUBEFLOW_LABELS.inferenceServiceId]: String(identity.inferenceServiceId) }),
  };
  const annotations: Record<string, string> = {
    [MODELREG_ANNOTATIONS.model]: identity.model,
    [MODELREG_ANNOTATIONS.version]: identity.version,
  };
  const model = labelValue(identity.model);
  const version = labelValue(identity.version);
  if (model !== undefined) labels[MODELREG_LABELS.model] = model;
  if (version !== undefined) labels[MODELREG_LABELS.version] = version;
  if (identity.contentDigest !== undefined) {
    annotations[MODELREG_ANNOTATIONS.contentDigest] = identity.contentDigest;
    const digest = digestLabel(identity.contentDigest);
    if (digest !== undefined) labels[MODELREG_LABELS.contentDigest] = digest;
  }
  if (identity.alias !== undefined) annotations[MODELREG_ANNOTATIONS.alias] = identity.alias;
  return { labels, annotations };
}

/** What a served object's labels and annotations say it serves (annotations win: they are whole). */
export function readIdentity(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
): ServedIdentity {
  const id = (text: string | undefined) =>
    text !== undefined && /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
  const fields: Record<string, string | number | undefined> = {
    registeredModelId: id(labels[KUBEFLOW_LABELS.registeredModelId]),
    modelVersionId: id(labels[KUBEFLOW_LABELS.modelVersionId]),
    model: annotations[MODELREG_ANNOTATIONS.model] ?? labels[MODELREG_LABELS.model],
    version: annotations[MODELREG_ANNOTATIONS.version] ?? labels[MODELREG_LABELS.version],
    contentDigest: annotations[MODELREG_ANNOTATIONS.contentDigest] ?? labelDigest(labels),
    alias: annotations[MODELREG_ANNOTATIONS.alias],
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ServedIdentity;
}

function labelDigest(labels: Readonly<Record<string, string>>): string | undefined {
  const value = labels[MODELREG_LABELS.contentDigest];
  return value === undefined ? undefined : `sha256:${value}…`;
}

/** Whether a recorded digest and a served one agree (a label carries only a prefix, marked by `…`). */
export function sameDigest(recorded: string, served: string): boolean {
  return served.endsWith('…') ? recorded.startsWith(served.slice(0, -1)) : recorded === served;
}
