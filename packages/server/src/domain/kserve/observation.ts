import { InputError } from '../errors.js';
import { readIdentity, type ServedIdentity } from './labels.js';
import { parseRegistryStorageUri } from './storage-uri.js';

/**
 * What an InferenceService read from the cluster says is served: its readiness (the `Ready`
 * condition KServe computes from the predictor and the ingress), where it answers, the latest
 * ready revision (Knative), why it is not ready, and which registry entry it serves (from our
 * labels, Kubeflow's labels, or a `model-registry://` storage URI).
 */
export interface Observation {
  readonly namespace: string;
  readonly name: string;
  /** The `Ready` condition's status: True, False or Unknown (absent: Unknown). */
  readonly ready: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly url?: string;
  readonly latestReadyRevision?: string;
  /** `modelStatus.lastFailureInfo` (a failed load, an unsupported runtime). */
  readonly failure?: { readonly reason?: string; readonly message?: string };
  readonly mode?: string;
  readonly runtime?: string;
  readonly storageUri?: string;
  /** A canary's share of the traffic, as the spec asks (Knative `canaryTrafficPercent`, Standard `canary[]`). */
  readonly canaryPercent?: number;
  readonly served: ServedIdentity;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(object(value)).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;

/** Reads one InferenceService object as the Kubernetes API returns it. */
export function observeInferenceService(isvc: unknown): Observation {
  const metadata = object(object(isvc)['metadata']);
  const name = text(metadata['name']);
  const namespace = text(metadata['namespace']);
  if (name === undefined || namespace === undefined) {
    throw new InputError(
      'INVALID_OBSERVATION',
      'an observed InferenceService has no metadata.name or metadata.namespace',
    );
  }
  const spec = object(object(isvc)['spec']);
  const predictor = object(spec['predictor']);
  const model = object(predictor['model']);
  const status = object(object(isvc)['status']);
  const conditions = Array.isArray(status['conditions']) ? status['conditions'].map(object) : [];
  const ready = conditions.find((c) => c['type'] === 'Ready');
  const readyStatus = ready?.['status'];
  const failure = object(object(status['modelStatus'])['lastFailureInfo']);
  const storageUri = text(model['storageUri']);
  const served = {
    ...fromStorageUri(storageUri),
    ...readIdentity(strings(metadata['labels']), strings(metadata['annotations'])),
  };
  const canary = Array.isArray(spec['canary']) ? object(spec['canary'][0]) : {};
  const canaryPercent = numberOf(predictor['canaryTrafficPercent']) ?? numberOf(canary['trafficPercent']);
  const fields: Record<string, unknown> = {
    namespace,
    name,
    ready: readyStatus === 'True' || readyStatus === 'False' ? readyStatus : 'Unknown',
    reason: text(ready?.['reason']),
    url: text(status['url']),
    latestReadyRevision: text(object(object(status['components'])['predictor'])['latestReadyRevision']),
    failure:
      Object.keys(failure).length === 0
        ? undefined
        : {
            ...defined({
              reason: text(failure['reason']),
              message: text(failure['message'])?.slice(0, 2000),
            }),
          },
    mode:
      text(status['deploymentMode']) ??
      text(strings(metadata['annotations'])['serving.kserve.io/deploymentMode']),
    runtime:
      text(status['clusterServingRuntimeName']) ??
      text(status['servingRuntimeName']) ??
      text(model['runtime']),
    storageUri,
    canaryPercent,
    served,
  };
  return defined(fields) as unknown as Observation;
}

function fromStorageUri(uri: string | undefined): ServedIdentity {
  const named = uri === undefined ? undefined : parseRegistryStorageUri(uri);
  if (named === undefined) return {};
  return named.version === undefined
    ? { model: named.model }
    : { model: named.model, version: named.version };
}

const numberOf = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
