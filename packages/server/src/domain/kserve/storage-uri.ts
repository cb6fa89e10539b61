import { InputError } from '../errors.js';

/**
 * Where the predictor's storage initializer fetches the model from.
 *
 * - `registry`: `model-registry://<model>/<version>`, resolved in the cluster by Kubeflow's
 *   storage initializer (the ClusterStorageContainer in deploy/): the manifest names the registry's
 *   entry, not a copy of its location.
 * - `direct`: the model artifact's own location (`s3://…`, the registry's content URL, …), or
 *   `storage: {key, path}` when the artifact records a storage-config entry.
 */
export type StorageMode = 'registry' | 'direct';
export const STORAGE_MODES: readonly StorageMode[] = ['registry', 'direct'];

/** Prefixes KServe's default storage initializer (or its controller) accepts. */
const DIRECT_PREFIXES = [
  's3://',
  'gs://',
  'hdfs://',
  'webhdfs://',
  'hf://',
  'pvc://',
  'oci://',
  'https://',
  'http://',
] as const;

export interface PredictorStorage {
  readonly storageUri?: string;
  readonly storage?: { readonly key?: string; readonly path?: string };
}

export interface ArtifactLocation {
  readonly uri?: string | undefined;
  readonly storageKey?: string | undefined;
  readonly storagePath?: string | undefined;
}

/** The `model-registry://` URI of a version; the initializer splits it on `/`, so names must not hold one. */
export function registryStorageUri(modelName: string, versionName: string): string {
  for (const [what, name] of [
    ['model', modelName],
    ['version', versionName],
  ] as const) {
    if (/[/?#\s]/.test(name)) {
      throw new InputError(
        'STORAGE_URI_UNSUPPORTED',
        `the ${what} name '${name}' holds '/', '?', '#' or a space, which model-registry:// cannot carry; use --storage direct`,
      );
    }
  }
  return `model-registry://${modelName}/${versionName}`;
}

/** The artifact's location without query string or fragment (signed URLs expire; KServe wants none). */
export function directStorageUri(uri: string): string {
  const bare = uri.replace(/[?#].*$/, '');
  if (!DIRECT_PREFIXES.some((prefix) => bare.startsWith(prefix))) {
    throw new InputError(
      'STORAGE_URI_UNSUPPORTED',
      `KServe cannot fetch '${bare}': its storage initializer takes ${DIRECT_PREFIXES.join(' ')}`,
    );
  }
  return bare;
}

/**
 * The predictor's storage fields. KServe refuses `storageUri` together with `storage.path`, so an
 * artifact that records a storage path is addressed by `storage` alone.
 */
export function predictorStorage(
  mode: StorageMode,
  names: { readonly model: string; readonly version: string },
  artifact: ArtifactLocation,
): PredictorStorage {
  if (mode === 'registry') return { storageUri: registryStorageUri(names.model, names.version) };
  const key = nonEmpty(artifact.storageKey);
  const path = nonEmpty(artifact.storagePath);
  if (path !== undefined) return { storage: { ...(key === undefined ? {} : { key }), path } };
  const uri = nonEmpty(artifact.uri);
  if (uri === undefined) {
    throw new InputError(
      'STORAGE_URI_UNSUPPORTED',
      'the model artifact records neither a uri nor a storage path; upload files or use --storage registry',
    );
  }
  return { storageUri: directStorageUri(uri), ...(key === undefined ? {} : { storage: { key } }) };
}

/**
 * The registered model and version a storage URI names, when it is a `model-registry://` URI in
 * one of its forms (`<model>/<version>`, or `<host>/<model>/<version>`).
 */
export function parseRegistryStorageUri(uri: string): { model: string; version?: string } | undefined {
  if (!uri.startsWith('model-registry://')) return undefined;
  const parts = uri
    .slice('model-registry://'.length)
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((p) => p !== '');
  if (parts.length === 3) return { model: parts[1] as string, version: parts[2] as string };
  if (parts.length === 2) return { model: parts[0] as string, version: parts[1] as string };
  if (parts.length === 1) return { model: parts[0] as string };
  return undefined;
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();
