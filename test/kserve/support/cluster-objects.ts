import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type StatusName =
  'ready-standard-canary' | 'ready-knative-canary' | 'not-ready-loading' | 'failed-load' | 'invalid-spec';

const STATUSES = parse(
  readFileSync(new URL('../fixtures/inference-service-statuses.yaml', import.meta.url), 'utf8'),
) as Record<StatusName, { status: Record<string, unknown> }>;

type Manifest = { metadata: Record<string, unknown>; spec: Record<string, unknown> } & Record<
  string,
  unknown
>;

/**
 * The InferenceService a cluster holds after applying `manifest`: the applied fields, what the
 * API server and KServe's controller add (uid, generation, finalizer),
 * and one of the status shapes KServe reports (test/kserve/fixtures/inference-service-statuses.yaml).
 */
export function clusterObject(
  manifest: Manifest,
  status: StatusName,
  changes: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
) {
  const metadata = manifest.metadata as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      uid: `uid-${String(manifest.metadata['name'])}`,
      generation: 1,
      resourceVersion: '4711',
      finalizers: ['inferenceservice.finalizers'],
      labels: { ...metadata.labels, ...changes.labels },
      annotations: { ...metadata.annotations, ...changes.annotations },
    },
    status: structuredClone(STATUSES[status].status),
  };
}

/** An InferenceService modelreg never deployed: a model straight from a bucket. */
export function strayObject(namespace: string, name: string) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace, uid: `uid-${name}`, generation: 1 },
    spec: { predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://somewhere/else' } } },
    status: structuredClone(STATUSES['ready-knative-canary'].status),
  };
}
