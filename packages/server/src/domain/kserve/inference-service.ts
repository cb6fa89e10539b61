import { InputError } from '../errors.js';
import { rolloutSpec, type DeploymentMode, type Predictor } from './canary.js';
import { DEPLOYMENT_MODE_ANNOTATION, identityMetadata } from './labels.js';
import { chooseModelFormat } from './runtimes.js';
import { predictorStorage, type ArtifactLocation, type StorageMode } from './storage-uri.js';

/** One registered version as a predictor sees it. */
export interface ServableVersion {
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly model: string;
  readonly version: string;
  readonly artifact: ArtifactLocation & {
    readonly modelFormatName?: string | undefined;
    readonly modelFormatVersion?: string | undefined;
    readonly serviceAccountName?: string | undefined;
  };
  /** The sealed content's root digest, when the registry holds the files. */
  readonly contentDigest?: string | undefined;
}

/** Compute resources as Kubernetes quantities, e.g. `{requests: {cpu: '1'}, limits: {memory: '2Gi'}}`. */
export interface Resources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

export interface InferenceServiceRequest {
  readonly namespace: string;
  /** The InferenceService name (default: the model's name). */
  readonly name?: string | undefined;
  readonly mode: DeploymentMode;
  readonly storage: StorageMode;
  readonly runtime?: string | undefined;
  readonly serviceAccount?: string | undefined;
  readonly resources?: Resources | undefined;
  /** Send this share of the traffic to the version; the rest stays with `stable`. */
  readonly canaryPercent?: number | undefined;
  /** The alias the version was named by, recorded so sync can tell when it moves. */
  readonly alias?: string | undefined;
  /** The registry's record of this InferenceService, when there is one. */
  readonly inferenceServiceId?: number | undefined;
}

export type InferenceServiceManifest = {
  readonly apiVersion: 'serving.kserve.io/v1beta1';
  readonly kind: 'InferenceService';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
  };
  readonly spec: Record<string, unknown>;
};

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i?|[numkMGTPE])?$/;
const RESOURCE_NAME = /^([a-z0-9.-]{1,253}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** An InferenceService name: KServe derives DNS names from it, so a DNS-1035 label of ≤ 45 characters. */
export function inferenceServiceName(name: string): string {
  if (!DNS_LABEL.test(name) || name.length > 45) {
    throw new InputError(
      'INVALID_KUBERNETES_NAME',
      `'${name}' cannot name an InferenceService: lower-case letters, digits and '-', starting with a letter, at most 45 characters; give --name`,
    );
  }
  return name;
}

export function namespaceName(name: string): string {
  if (!DNS_LABEL.test(name)) {
    throw new InputError('INVALID_KUBERNETES_NAME', `'${name}' is not a Kubernetes namespace name`);
  }
  return name;
}

/** The predictor of one version: its model (format, protocol, runtime, storage), account and resources. */
export function predictorFor(version: ServableVersion, request: InferenceServiceRequest): Predictor {
  const format = chooseModelFormat(
    version.artifact.modelFormatName,
    version.artifact.modelFormatVersion,
    request.runtime,
  );
  const resources = checkResources(request.resources);
  const account = request.serviceAccount ?? version.artifact.serviceAccountName;
  return {
    ...(account === undefined ? {} : { serviceAccountName: account }),
    model: {
      modelFormat: format.modelFormat,
      ...(format.protocolVersion === undefined ? {} : { protocolVersion: format.protocolVersion }),
      ...(request.runtime === undefined ? {} : { runtime: request.runtime }),
      ...predictorStorage(
        request.storage,
        { model: version.model, version: version.version },
        version.artifact,
      ),
      ...(resources === undefined ? {} : { resources }),
    },
  };
}

/**
 * The InferenceService that serves `version` as asked: alone, or as a canary beside `stable` (the
 * version serving now, needed for a Standard-mode canary).
 */
export function buildInferenceService(
  version: ServableVersion,
  request: InferenceServiceRequest,
  stable?: ServableVersion,
): InferenceServiceManifest {
  const name = inferenceServiceName(request.name ?? version.model);
  const predictor = predictorFor(version, request);
  const spec =
    request.canaryPercent === undefined
      ? rolloutSpec(request.mode, { kind: 'single', predictor, versionId: version.modelVersionId })
      : rolloutSpec(request.mode, {
          kind: 'canary',
          percent: request.canaryPercent,
          next: { predictor, versionId: version.modelVersionId },
          stable:
            stable === undefined
              ? undefined
              : { predictor: predictorFor(stable, request), versionId: stable.modelVersionId },
        });
  const { labels, annotations } = identityMetadata({
    registeredModelId: version.registeredModelId,
    modelVersionId: version.modelVersionId,
    model: version.model,
    version: version.version,
    contentDigest: version.contentDigest,
    alias: request.alias,
    inferenceServiceId: request.inferenceServiceId,
  });
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name,
      namespace: namespaceName(request.namespace),
      labels,
      annotations: { ...annotations, [DEPLOYMENT_MODE_ANNOTATION]: request.mode },
    },
    spec,
  };
}

function checkResources(resources: Resources | undefined): Resources | undefined {
  if (resources === undefined) return undefined;
  for (const [kind, values] of Object.entries(resources) as [string, Record<string, string>][]) {
    for (const [name, quantity] of Object.entries(values)) {
      if (!RESOURCE_NAME.test(name) || !QUANTITY.test(quantity)) {
        throw new InputError(
          'INVALID_RESOURCES',
          `${kind}.${name}=${quantity}: expected a resource name and a Kubernetes quantity such as 500m, 2Gi or 1`,
        );
      }
    }
  }
  const empty = Object.values(resources).every((v) => v === undefined || Object.keys(v).length === 0);
  return empty ? undefined : resources;
}
