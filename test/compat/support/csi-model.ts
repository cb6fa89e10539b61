/**
 * A model of the `model-registry://` storage initializer: `ModelRegistryProvider.DownloadModel` in
 * kubeflow/model-registry `csi/pkg/storage/modelregistry_provider.go` (the version that orders both
 * listings by CREATE_TIME DESC). It resolves `model-registry://[host/]model[/version]` to the URI of
 * the version's latest model artifact, with the provider's own checks (`size`, not `len(items)`; the
 * first item must decode as a ModelArtifact with a `uri`; the URI's protocol must be one KServe
 * supports), and stops where the KServe provider would start downloading.
 */
import { decode, type GoModelVersion, type GoOpenApiClient } from './go-openapi-client.js';

/** The provider's sentinel errors. */
export const CsiErrors = {
  ErrInvalidMRURI:
    'invalid model registry URI, use like model-registry://{dnsName}/{registeredModelName}/{versionName}',
  ErrNoVersionAssociated: 'no versions associated to registered model',
  ErrNoArtifactAssociated: 'no artifacts associated to model version',
  ErrNoModelArtifact: 'no model artifact found for model version',
  ErrModelArtifactEmptyURI: 'model artifact has empty URI',
  ErrNoStorageURI: 'there is no storageUri supplied',
  ErrNoProtocolInSTorageURI: 'there is no protocol specified for the storageUri',
  ErrProtocolNotSupported: 'protocol not supported for storageUri',
  ErrFetchingModelVersion: 'error fetching model version',
  ErrFetchingModelVersions: 'error fetching model versions',
} as const;

export type CsiErrorKind = keyof typeof CsiErrors;

/** An error wrapping one of the sentinels (`fmt.Errorf("%w ...")`); `cause` is the wrapped API error, if any. */
export class CsiError extends Error {
  constructor(
    readonly kind: CsiErrorKind,
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(`${CsiErrors[kind]}${detail}`);
    this.name = kind;
  }
}

/** kserve `pkg/agent/storage` SupportedProtocols. */
const SUPPORTED_PROTOCOLS = ['gs://', 's3://', 'hdfs://', 'webhdfs://', 'https://', 'http://', 'hf://'];
const MR_SCHEME = 'model-registry://';

export interface Resolution {
  readonly registeredModelName: string;
  readonly versionName: string | undefined;
  readonly version: GoModelVersion;
  readonly artifactId: string | undefined;
  readonly protocol: string;
  /** What `provider.DownloadModel(modelDir, "", uri)` would be given. */
  readonly uri: string;
}

export class ModelRegistryProvider {
  constructor(private readonly client: GoOpenApiClient) {}

  /** `DownloadModel` up to the hand-over to the KServe provider. */
  async resolve(storageUri: string): Promise<Resolution> {
    const { registeredModelName, versionName } = this.parseModelVersion(storageUri);
    const model = await this.client.execute(
      'GET',
      '/registered_model',
      { name: registeredModelName },
      decode.RegisteredModel,
    );
    const version = await this.fetchModelVersion(versionName, registeredModelName, model.id);
    const versionId = deref(version.id, 'version.Id');
    const artifacts = await this.client.execute(
      'GET',
      `/model_versions/${versionId}/artifacts`,
      { orderBy: 'CREATE_TIME', sortOrder: 'DESC' },
      decode.list('ArtifactList', decode.Artifact),
    );
    if (artifacts.size === 0) throw new CsiError('ErrNoArtifactAssociated', ` ${versionId}`);
    const modelArtifact = artifacts.items[0]?.ModelArtifact;
    if (modelArtifact === undefined) throw new CsiError('ErrNoModelArtifact', ` ${versionId}`);
    if (modelArtifact.uri === undefined) {
      throw new CsiError('ErrModelArtifactEmptyURI', ` ${deref(modelArtifact.id, 'modelArtifact.Id')}`);
    }
    const protocol = extractProtocol(modelArtifact.uri);
    return {
      registeredModelName,
      versionName,
      version,
      artifactId: modelArtifact.id,
      protocol,
      uri: modelArtifact.uri,
    };
  }

  /** `parseModelVersion`: `SplitN(uri, "/", 3)`, dropping a first token equal to the client's host. */
  private parseModelVersion(storageUri: string): { registeredModelName: string; versionName?: string } {
    const rest = storageUri.startsWith(MR_SCHEME) ? storageUri.slice(MR_SCHEME.length) : storageUri;
    let tokens = splitN(rest, '/', 3);
    if (tokens.length === 0 || tokens.length > 3) throw new CsiError('ErrInvalidMRURI', '');
    if (tokens.length >= 2 && this.client.host === tokens[0]) tokens = tokens.slice(1);
    return { registeredModelName: tokens[0] ?? '', versionName: tokens.length === 2 ? tokens[1] : undefined };
  }

  private async fetchModelVersion(
    versionName: string | undefined,
    registeredModelName: string,
    modelId: string | undefined,
  ): Promise<GoModelVersion> {
    const id = deref(modelId, 'model.Id');
    if (versionName !== undefined) {
      try {
        return await this.client.execute(
          'GET',
          '/model_version',
          { name: versionName, parentResourceId: id },
          decode.ModelVersion,
        );
      } catch (error) {
        throw new CsiError('ErrFetchingModelVersion', `: ${String(error)}`, error);
      }
    }
    let versions;
    try {
      versions = await this.client.execute(
        'GET',
        `/registered_models/${id}/versions`,
        { orderBy: 'CREATE_TIME', sortOrder: 'DESC' },
        decode.list('ModelVersionList', decode.ModelVersion),
      );
    } catch (error) {
      throw new CsiError('ErrFetchingModelVersions', `: ${String(error)}`, error);
    }
    if (versions.size === 0) throw new CsiError('ErrNoVersionAssociated', ` ${registeredModelName}`);
    const latest = versions.items[0];
    // Go would index items[0] of a shorter slice and panic.
    if (latest === undefined)
      throw new Error(`panic: index out of range [0] with length 0 (size ${versions.size})`);
    return latest;
  }
}

/** Go's `strings.SplitN`. */
function splitN(value: string, separator: string, n: number): string[] {
  const parts = value.split(separator);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

/** A nil pointer dereference in Go. */
function deref(value: string | undefined, what: string): string {
  if (value === undefined)
    throw new Error(`panic: runtime error: invalid memory address or nil pointer dereference (${what})`);
  return value;
}

function extractProtocol(storageUri: string): string {
  if (storageUri === '') throw new CsiError('ErrNoStorageURI', '');
  if (!/\w+?:\/\//.test(storageUri)) throw new CsiError('ErrNoProtocolInSTorageURI', '');
  const protocol = SUPPORTED_PROTOCOLS.find((prefix) => storageUri.startsWith(prefix));
  if (protocol === undefined) throw new CsiError('ErrProtocolNotSupported', '');
  return protocol;
}
