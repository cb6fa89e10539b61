/**
 * A model of the generated Go client `github.com/kubeflow/model-registry/pkg/openapi`, which the
 * `model-registry://` storage initializer (csi) and the InferenceService controller use: query
 * parameters through `url.Values.Encode()` (keys sorted, `url.QueryEscape`), any status >= 300 is a
 * `GenericOpenAPIError`, a 2xx body is decoded only when the content type is JSON, and decoding
 * refuses wrong JSON types (`*string` ids, `int32` sizes) and missing required properties.
 */
import { goQueryEscape, type RecordingTransport } from './recording-transport.js';

type Json = Record<string, unknown>;

/** `GenericOpenAPIError`: `Error()` is the HTTP status line; `model` is the decoded `Error` body, if it decoded. */
export class GoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly model: { code: string; message: string } | undefined,
  ) {
    super(`${status} ${STATUS_TEXT[status] ?? ''}`.trim());
    this.name = 'GenericOpenAPIError';
  }
}

/** A 2xx body the generated client cannot decode into its model. */
export class GoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoDecodeError';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Go's `jsonCheck`: `(?i:(?:application|text)/(?:[^;]+\+)?json)`. */
const JSON_CHECK = /(?:application|text)\/(?:[^;]+\+)?json/i;

function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && JSON_CHECK.test(contentType);
}

// ---------------------------------------------------------------- decoding (encoding/json + UnmarshalJSON)

function object(what: string, value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GoDecodeError(`json: cannot unmarshal ${JSON.stringify(value)} into Go value of type ${what}`);
  }
  return value as Json;
}

function requireProperties(what: string, data: Json, required: readonly string[]): void {
  for (const key of required) {
    if (!(key in data)) throw new GoDecodeError(`no value given for required property ${key} (${what})`);
  }
}

/** A `string` or `*string` field: JSON null or absent is nil, anything but a string fails. */
function str(what: string, data: Json, key: string): string | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new GoDecodeError(
      `json: cannot unmarshal ${typeof value} into Go struct field ${what}.${key} of type string`,
    );
  }
  return value;
}

function int32(what: string, data: Json, key: string): number {
  const value = data[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) {
    throw new GoDecodeError(
      `json: cannot unmarshal ${JSON.stringify(value)} into Go struct field ${what}.${key} of type int32`,
    );
  }
  return value;
}

export interface GoMetadataValue {
  /** The member the `metadataType` discriminator selected; all nil (undefined) when none matched. */
  readonly MetadataStringValue?: { string_value: string; metadataType: string };
  readonly other?: Json;
}

/** `MetadataValue.UnmarshalJSON`: the discriminator selects a member; an unknown one leaves all members nil. */
function metadataValue(value: unknown): GoMetadataValue {
  const data = object('MetadataValue', value);
  const type = data['metadataType'];
  if (type === 'MetadataStringValue') {
    requireProperties('MetadataStringValue', data, ['string_value', 'metadataType']);
    return {
      MetadataStringValue: {
        string_value: str('MetadataStringValue', data, 'string_value') ?? '',
        metadataType: type,
      },
    };
  }
  const members = [
    'MetadataBoolValue',
    'MetadataDoubleValue',
    'MetadataIntValue',
    'MetadataProtoValue',
    'MetadataStructValue',
  ];
  return typeof type === 'string' && members.includes(type) ? { other: data } : {};
}

/** `MetadataValue.MarshalJSON`: the JSON of the non-nil member. */
export function encodeMetadataValue(value: GoMetadataValue): unknown {
  return value.MetadataStringValue ?? value.other ?? null;
}

function customProperties(what: string, data: Json): Record<string, GoMetadataValue> | undefined {
  const value = data['customProperties'];
  if (value === undefined || value === null) return undefined;
  return Object.fromEntries(
    Object.entries(object(`${what}.customProperties`, value)).map(([k, v]) => [k, metadataValue(v)]),
  );
}

export interface GoRegisteredModel {
  readonly id?: string;
  readonly name: string;
}

export interface GoModelVersion {
  readonly id?: string;
  readonly name: string;
  readonly registeredModelId: string;
}

export interface GoModelArtifact {
  readonly id?: string;
  readonly name?: string;
  readonly uri?: string;
}

/** The `Artifact` oneOf: at most one member is set, chosen by `artifactType`. */
export interface GoArtifact {
  readonly ModelArtifact?: GoModelArtifact;
  readonly other?: Json;
}

export interface GoList<T> {
  readonly items: T[];
  readonly nextPageToken: string;
  readonly pageSize: number;
  readonly size: number;
}

export interface GoServingEnvironment {
  readonly id?: string;
  readonly name: string;
}

export interface GoInferenceService {
  readonly id?: string;
  readonly name?: string;
  readonly registeredModelId: string;
  readonly servingEnvironmentId: string;
  readonly modelVersionId?: string;
  readonly desiredState?: 'DEPLOYED' | 'UNDEPLOYED';
  customProperties?: Record<string, GoMetadataValue>;
}

export const decode = {
  RegisteredModel(value: unknown): GoRegisteredModel {
    const data = object('RegisteredModel', value);
    requireProperties('RegisteredModel', data, ['name']);
    return { id: str('RegisteredModel', data, 'id'), name: str('RegisteredModel', data, 'name') ?? '' };
  },

  ModelVersion(value: unknown): GoModelVersion {
    const data = object('ModelVersion', value);
    requireProperties('ModelVersion', data, ['name', 'registeredModelId']);
    return {
      id: str('ModelVersion', data, 'id'),
      name: str('ModelVersion', data, 'name') ?? '',
      registeredModelId: str('ModelVersion', data, 'registeredModelId') ?? '',
    };
  },

  ModelArtifact(value: unknown): GoModelArtifact {
    const data = object('ModelArtifact', value);
    return {
      id: str('ModelArtifact', data, 'id'),
      name: str('ModelArtifact', data, 'name'),
      uri: str('ModelArtifact', data, 'uri'),
    };
  },

  /** `Artifact.UnmarshalJSON`: `model-artifact` decodes into the ModelArtifact member; others are not it. */
  Artifact(value: unknown): GoArtifact {
    const data = object('Artifact', value);
    if (data['artifactType'] === 'model-artifact') return { ModelArtifact: decode.ModelArtifact(data) };
    return { other: data };
  },

  list<T>(what: string, item: (value: unknown) => T) {
    return (value: unknown): GoList<T> => {
      const data = object(what, value);
      requireProperties(what, data, ['items', 'nextPageToken', 'pageSize', 'size']);
      if (!Array.isArray(data['items'])) throw new GoDecodeError(`json: cannot unmarshal items of ${what}`);
      return {
        items: data['items'].map(item),
        nextPageToken: str(what, data, 'nextPageToken') ?? '',
        pageSize: int32(what, data, 'pageSize'),
        size: int32(what, data, 'size'),
      };
    };
  },

  ServingEnvironment(value: unknown): GoServingEnvironment {
    const data = object('ServingEnvironment', value);
    requireProperties('ServingEnvironment', data, ['name']);
    return { id: str('ServingEnvironment', data, 'id'), name: str('ServingEnvironment', data, 'name') ?? '' };
  },

  InferenceService(value: unknown): GoInferenceService {
    const what = 'InferenceService';
    const data = object(what, value);
    requireProperties(what, data, ['registeredModelId', 'servingEnvironmentId']);
    const desiredState = str(what, data, 'desiredState');
    if (desiredState !== undefined && desiredState !== 'DEPLOYED' && desiredState !== 'UNDEPLOYED') {
      throw new GoDecodeError(`${desiredState} is not a valid InferenceServiceState`);
    }
    return {
      id: str(what, data, 'id'),
      name: str(what, data, 'name'),
      registeredModelId: str(what, data, 'registeredModelId') ?? '',
      servingEnvironmentId: str(what, data, 'servingEnvironmentId') ?? '',
      modelVersionId: str(what, data, 'modelVersionId'),
      desiredState,
      customProperties: customProperties(what, data),
    };
  },
};

// ---------------------------------------------------------------- the API client

export class GoOpenApiClient {
  constructor(
    private readonly http: RecordingTransport,
    /** `Configuration.Host`, which the csi compares with the first URI segment. */
    readonly host = 'model-registry-service.kubeflow.svc.cluster.local:8080',
  ) {}

  /** One `Execute()`: encodes the query, refuses >= 300, decodes a JSON body into the model. */
  async execute<T>(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    decodeBody: (value: unknown) => T,
    body?: unknown,
  ): Promise<T> {
    const params = Object.entries(query)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const response = await this.http.send(method, path, params, goQueryEscape, body);
    if (response.status >= 300) {
      let model: { code: string; message: string } | undefined;
      const error = response.body as Json | undefined;
      if (
        isJsonContentType(response.contentType) &&
        typeof error?.['code'] === 'string' &&
        typeof error['message'] === 'string'
      ) {
        model = { code: error['code'], message: error['message'] };
      }
      throw new GoApiError(response.status, response.body, model);
    }
    if (!isJsonContentType(response.contentType)) {
      throw new GoDecodeError(`undefined response type ${String(response.contentType)}`);
    }
    return decodeBody(response.body);
  }
}
