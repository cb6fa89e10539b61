/**
 * A faithful TypeScript model of the Kubeflow Model Registry Python client (`model-registry` on PyPI,
 * kubeflow/model-registry `clients/python`): the high-level `ModelRegistry` (`_client.py`), the core
 * `ModelRegistryAPIClient` (`core.py`), the wrapper types (`types/base.py`, `contexts.py`,
 * `artifacts.py`), `ListOptions`/`Pager` (`types/options.py`, `types/pager.py`) and the generated
 * `mr_openapi` layer (`api_client.response_deserialize` and the pydantic models).
 *
 * It sends the same requests (method, path, query parameters in the generated serializers' order,
 * bodies as `to_dict()` builds them) and applies the same checks to the answers: the per-operation
 * status map (a 2xx status the map lacks gives `None` data, which the wrapper then dereferences),
 * `NotFoundException` only caught by the `get_*_by_params` calls, pydantic strictness, the
 * wrappers' asserts, and the custom-property mapping. See /work/research/kubeflow-client-sequences.md §1.
 */
import { pythonQuote, type RecordingTransport } from './recording-transport.js';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------- Python exceptions

/** An exception the Python client would raise; `pythonType` is its class name. */
export class PythonError extends Error {
  constructor(
    readonly pythonType: string,
    message: string,
  ) {
    super(`${pythonType}: ${message}`);
    this.name = pythonType;
  }
}

/** `model_registry.exceptions.StoreError`. */
export class StoreError extends PythonError {
  constructor(message: string) {
    super('StoreError', message);
  }
}

/** `mr_openapi.exceptions.ApiException` and its per-status subclasses. */
export class ApiException extends PythonError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    type = 'ApiException',
    reason = `(${status})`,
  ) {
    super(type, `${reason} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
  }

  /** `ApiException.from_response`: the subclass for the status. */
  static fromResponse(status: number, body: unknown): ApiException {
    if (status === 404) return new NotFoundException(status, body);
    const types: Record<number, string> = {
      400: 'BadRequestException',
      401: 'UnauthorizedException',
      403: 'ForbiddenException',
      409: 'ConflictException',
      422: 'UnprocessableEntityException',
    };
    const type = types[status] ?? (status >= 500 && status <= 599 ? 'ServiceException' : 'ApiException');
    return new ApiException(status, body, type);
  }
}

export class NotFoundException extends ApiException {
  constructor(status: number, body: unknown) {
    super(status, body, 'NotFoundException');
  }
}

/** `pydantic_core.ValidationError`: a response body the generated model refuses. */
export class ValidationError extends PythonError {
  constructor(
    model: string,
    readonly errors: readonly string[],
  ) {
    super('ValidationError', `${errors.length} validation error(s) for ${model}\n  ${errors.join('\n  ')}`);
  }
}

/** A failed Python `assert` (the wrappers' `from_basemodel`, the Pager). */
export class PyAssertionError extends PythonError {
  constructor(message: string) {
    super('AssertionError', message);
  }
}

/** E.g. `RegisteredModel.from_basemodel(None)` when the status map had no type for the status. */
export class PyAttributeError extends PythonError {
  constructor(message: string) {
    super('AttributeError', message);
  }
}

export class PyValueError extends PythonError {
  constructor(message: string) {
    super('ValueError', message);
  }
}

function pyAssert(condition: unknown, what: string): void {
  if (!condition) throw new PyAssertionError(`assert ${what}`);
}

// ---------------------------------------------------------------- Python values

/** `SupportedTypes = bool | int | float | str`; a `bigint` stands for a Python `int`, a `number` for a `float`. */
export type PyValue = bigint | number | string | boolean;
/** A metadata mapping as the caller passes it (`None` values are skipped). */
export type PyMetadata = Record<string, PyValue | null | undefined>;

/** `BaseResourceModel._map_custom_properties`: `None` for an empty or missing mapping. */
function mapCustomProperties(properties: PyMetadata | null | undefined): Json | undefined {
  if (!properties || Object.keys(properties).length === 0) return undefined;
  const dest: Json = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue;
    // bool is tested before int, as Python's isinstance(True, int) is true.
    if (typeof value === 'boolean') dest[key] = { bool_value: value, metadataType: 'MetadataBoolValue' };
    else if (typeof value === 'bigint') {
      dest[key] = { int_value: value.toString(), metadataType: 'MetadataIntValue' };
    } else if (typeof value === 'number') {
      dest[key] = { double_value: value, metadataType: 'MetadataDoubleValue' };
    } else dest[key] = { string_value: value, metadataType: 'MetadataStringValue' };
  }
  return dest;
}

/** `BaseResourceModel._unmap_custom_properties`: `metadataType[8:-5].lower()` names the value field. */
function unmapCustomProperties(properties: Record<string, Json>): Record<string, PyValue> {
  const result: Record<string, PyValue> = {};
  for (const [name, meta] of Object.entries(properties)) {
    const typeName = String(meta['metadataType']).slice(8, -5).toLowerCase();
    const raw = meta[`${typeName}_value`];
    const value = typeName === 'int' ? BigInt(String(raw)) : raw;
    if (['bigint', 'number', 'string', 'boolean'].includes(typeof value)) result[name] = value as PyValue;
  }
  return result;
}

/** pydantic's `model_dump(exclude_none=True)`. */
function excludeNone(body: Json): Json {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null));
}

// ---------------------------------------------------------------- pydantic models (mr_openapi.models)

const ID_PATTERN = /^[1-9][0-9]{0,8}$/;
const INT_VALUE_PATTERN = /^-?([1-9][0-9]{0,8}|0)$/;
const CONTEXT_STATES = ['LIVE', 'ARCHIVED'] as const;
const ARTIFACT_STATES = [
  'UNKNOWN',
  'PENDING',
  'LIVE',
  'MARKED_FOR_DELETION',
  'DELETED',
  'ABANDONED',
  'REFERENCE',
] as const;

/** Collects pydantic errors for one model, then raises them together. */
class Checker {
  readonly errors: string[] = [];
  constructor(
    readonly model: string,
    readonly data: Json,
  ) {}

  /** `StrictStr` (`Optional[...]` unless required: then `None` is refused too). */
  str(key: string, options: { required?: boolean; minLength?: number; pattern?: RegExp } = {}): void {
    const value = this.data[key];
    if (value === undefined || value === null) {
      if (options.required) this.errors.push(`${key}: Field required (got ${JSON.stringify(value)})`);
      return;
    }
    if (typeof value !== 'string') {
      this.errors.push(`${key}: Input should be a valid string [strict] (got ${JSON.stringify(value)})`);
      return;
    }
    if (options.minLength !== undefined && value.length < options.minLength) {
      this.errors.push(`${key}: String should have at least ${options.minLength} character`);
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.errors.push(`${key}: must validate the regular expression ${options.pattern.source}`);
    }
  }

  /** `StrictInt`, required. */
  int(key: string): void {
    const value = this.data[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.errors.push(`${key}: Input should be a valid integer [strict] (got ${JSON.stringify(value)})`);
    }
  }

  /** An enum field with a default when absent. */
  enumeration(key: string, values: readonly string[], fallback: string): void {
    const value = this.data[key];
    if (value === undefined) {
      this.data[key] = fallback;
      return;
    }
    if (typeof value !== 'string' || !values.includes(value)) {
      this.errors.push(`${key}: Input should be one of ${values.join(', ')} (got ${JSON.stringify(value)})`);
    }
  }

  strList(key: string): void {
    const value = this.data[key];
    if (value === undefined || value === null) return;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.errors.push(`${key}: Input should be a list of strings (got ${JSON.stringify(value)})`);
    }
  }

  /** `Optional[Dict[str, MetadataValue]]`. */
  customProperties(): void {
    const value = this.data['customProperties'];
    if (value === undefined || value === null) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.errors.push(`customProperties: Input should be a valid dictionary`);
      return;
    }
    for (const [name, meta] of Object.entries(value as Json)) {
      const problem = metadataValueProblem(meta);
      if (problem !== undefined) this.errors.push(`customProperties.${name}: ${problem}`);
    }
  }

  done(): Json {
    if (this.errors.length > 0) throw new ValidationError(this.model, this.errors);
    return this.data;
  }
}

function asObject(model: string, value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(model, [`Input should be an object (got ${JSON.stringify(value)})`]);
  }
  return { ...(value as Json) };
}

/** `MetadataValue.from_dict`: the `metadataType` discriminator selects the model (a missing one is a ValueError). */
function metadataValueProblem(meta: unknown): string | undefined {
  if (typeof meta !== 'object' || meta === null || !('metadataType' in meta)) {
    throw new PyValueError(
      `Failed to lookup data type from the field \`metadataType\` in the input: ${JSON.stringify(meta)}`,
    );
  }
  const m = meta as Json;
  const str = (key: string, pattern?: RegExp) =>
    typeof m[key] === 'string' && (!pattern || pattern.test(m[key]))
      ? undefined
      : `${key} must be a string${pattern ? ` matching ${pattern.source}` : ''} (got ${JSON.stringify(m[key])})`;
  switch (m['metadataType']) {
    case 'MetadataIntValue':
      return str('int_value', INT_VALUE_PATTERN);
    case 'MetadataDoubleValue':
      return typeof m['double_value'] === 'number'
        ? undefined
        : `double_value must be a number (got ${JSON.stringify(m['double_value'])})`;
    case 'MetadataStringValue':
      return str('string_value');
    case 'MetadataBoolValue':
      return typeof m['bool_value'] === 'boolean'
        ? undefined
        : `bool_value must be a bool (got ${JSON.stringify(m['bool_value'])})`;
    case 'MetadataStructValue':
      return str('struct_value');
    case 'MetadataProtoValue':
      return str('type') ?? str('proto_value');
    default:
      throw new PyValueError(`No match for metadataType ${JSON.stringify(m['metadataType'])}`);
  }
}

function baseResource(check: Checker): void {
  for (const key of ['id', 'description', 'externalId', 'createTimeSinceEpoch', 'lastUpdateTimeSinceEpoch']) {
    check.str(key);
  }
  check.customProperties();
}

const MODELS = {
  RegisteredModel(value: unknown): Json {
    const check = new Checker('RegisteredModel', asObject('RegisteredModel', value));
    baseResource(check);
    check.str('name', { required: true, minLength: 1 });
    for (const key of ['owner', 'readme', 'maturity', 'provider', 'logo', 'license', 'licenseLink']) {
      check.str(key);
    }
    check.str('libraryName');
    check.strList('language');
    check.strList('tasks');
    check.enumeration('state', CONTEXT_STATES, 'LIVE');
    return check.done();
  },
  ModelVersion(value: unknown): Json {
    const check = new Checker('ModelVersion', asObject('ModelVersion', value));
    baseResource(check);
    check.str('name', { required: true, minLength: 1 });
    check.str('registeredModelId', { required: true, pattern: ID_PATTERN });
    check.str('author');
    check.enumeration('state', CONTEXT_STATES, 'LIVE');
    return check.done();
  },
  ModelArtifact(value: unknown): Json {
    const check = new Checker('ModelArtifact', asObject('ModelArtifact', value));
    baseResource(check);
    for (const key of [
      'name',
      'uri',
      'modelFormatName',
      'modelFormatVersion',
      'storageKey',
      'storagePath',
      'serviceAccountName',
      'modelSourceKind',
      'modelSourceClass',
      'modelSourceGroup',
      'modelSourceId',
      'modelSourceName',
    ]) {
      check.str(key);
    }
    check.str('experimentId', { pattern: ID_PATTERN });
    check.str('experimentRunId', { pattern: ID_PATTERN });
    check.str('artifactType');
    if (check.data['artifactType'] === undefined) check.data['artifactType'] = 'model-artifact';
    check.enumeration('state', ARTIFACT_STATES, 'UNKNOWN');
    return check.done();
  },
  DocArtifact(value: unknown): Json {
    const check = new Checker('DocArtifact', asObject('DocArtifact', value));
    baseResource(check);
    check.str('name');
    check.str('uri');
    check.str('experimentId', { pattern: ID_PATTERN });
    check.str('experimentRunId', { pattern: ID_PATTERN });
    check.enumeration('state', ARTIFACT_STATES, 'UNKNOWN');
    return check.done();
  },
  /** The `Artifact` oneOf: the `artifactType` discriminator selects the model. */
  Artifact(value: unknown): Json {
    const data = asObject('Artifact', value);
    const type = data['artifactType'];
    if (type === undefined || type === null || type === '') {
      throw new PyValueError('Failed to lookup data type from the field `artifactType` in the input.');
    }
    if (type === 'model-artifact') return { ...MODELS.ModelArtifact(data), artifactType: type };
    if (type === 'doc-artifact') return { ...MODELS.DocArtifact(data), artifactType: type };
    if (['dataset-artifact', 'metric', 'parameter'].includes(String(type))) return data;
    throw new PyValueError(
      `No match found when deserializing the JSON string into Artifact: ${String(type)}`,
    );
  },
} as const;

/** `*List` models: `nextPageToken` StrictStr, `pageSize` and `size` StrictInt, and `items`, all required. */
function listModel(model: string, item: (value: unknown) => Json) {
  return (value: unknown): Json => {
    const check = new Checker(model, asObject(model, value));
    check.str('nextPageToken', { required: true });
    check.int('pageSize');
    check.int('size');
    const items = check.data['items'];
    if (!Array.isArray(items))
      check.errors.push(`items: Field required, a list (got ${JSON.stringify(items)})`);
    const data = check.done();
    return { ...data, items: (items as unknown[]).map(item) };
  };
}

const RESPONSE_MODELS: Record<string, (value: unknown) => Json> = {
  ...MODELS,
  RegisteredModelList: listModel('RegisteredModelList', MODELS.RegisteredModel),
  ModelVersionList: listModel('ModelVersionList', MODELS.ModelVersion),
};

// ---------------------------------------------------------------- generated API (mr_openapi)

/** The 2xx entries of an operation's `_response_types_map` (its error entries only ever raise). */
type ResponseTypes = Readonly<Record<string, keyof typeof RESPONSE_MODELS>>;

const JSON_CONTENT = /^application\/(json|[\w!#$&.+\-^_]+\+json)\s*(;|$)/i;

/** `ModelRegistryServiceApi`: serializes one operation and runs `response_deserialize` on the answer. */
class ModelRegistryServiceApi {
  constructor(private readonly http: RecordingTransport) {}

  /** Returns the deserialized data, or `null` (Python `None`) when the status has no type in the map. */
  async call(
    method: string,
    path: string,
    responseTypes: ResponseTypes,
    query: readonly (readonly [string, string | null | undefined])[] = [],
    body?: Json,
  ): Promise<Json | null> {
    const params = query.filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== null,
    );
    const response = await this.http.send(method, path, params, pythonQuote, body);
    const status = response.status;
    const type = responseTypes[String(status)] ?? responseTypes[`${String(status)[0]}XX`];
    if (status < 200 || status > 299) throw ApiException.fromResponse(status, response.body);
    if (type === undefined) return null;
    const contentType = response.contentType;
    if (contentType !== null && !JSON_CONTENT.test(contentType)) {
      throw new ApiException(0, response.body, 'ApiException', `Unsupported content type: ${contentType}`);
    }
    const model = RESPONSE_MODELS[type];
    if (model === undefined) throw new Error(`no model for ${type}`);
    return model(response.body);
  }
}

/** The generated operations this client uses, with their 2xx response maps from the Kubeflow OpenAPI document. */
const OPS = {
  findRegisteredModel: { '200': 'RegisteredModel' },
  createRegisteredModel: { '201': 'RegisteredModel' },
  getRegisteredModel: { '200': 'RegisteredModel' },
  updateRegisteredModel: { '200': 'RegisteredModel' },
  getRegisteredModels: { '200': 'RegisteredModelList' },
  getRegisteredModelVersions: { '200': 'ModelVersionList' },
  findModelVersion: { '200': 'ModelVersion' },
  createModelVersion: { '201': 'ModelVersion' },
  getModelVersion: { '200': 'ModelVersion' },
  updateModelVersion: { '200': 'ModelVersion' },
  upsertModelVersionArtifact: { '200': 'Artifact', '201': 'Artifact' },
  findModelArtifact: { '200': 'ModelArtifact' },
  getModelArtifact: { '200': 'ModelArtifact' },
  updateModelArtifact: { '200': 'ModelArtifact' },
} as const satisfies Record<string, ResponseTypes>;

// ---------------------------------------------------------------- wrapper types (model_registry.types)

type OrderByField = 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'ID';

abstract class BaseResourceModel {
  id?: string | null;
  description?: string | null;
  externalId?: string | null;
  createTimeSinceEpoch?: string | null;
  lastUpdateTimeSinceEpoch?: string | null;
  customProperties?: PyMetadata | null;
}

function baseFrom(source: Json) {
  const custom = source['customProperties'] as Record<string, Json> | undefined | null;
  return {
    id: source['id'] as string | undefined,
    description: source['description'] as string | undefined,
    externalId: source['externalId'] as string | undefined,
    createTimeSinceEpoch: source['createTimeSinceEpoch'] as string | undefined,
    lastUpdateTimeSinceEpoch: source['lastUpdateTimeSinceEpoch'] as string | undefined,
    // `... if source.custom_properties else None`: an empty map also becomes None.
    customProperties: custom && Object.keys(custom).length > 0 ? unmapCustomProperties(custom) : null,
  };
}

function requireSource(source: Json | null, field: string): Json {
  if (source === null) throw new PyAttributeError(`'NoneType' object has no attribute '${field}'`);
  return source;
}

export class RegisteredModel extends BaseResourceModel {
  name: string;
  owner?: string | null;
  state: 'LIVE' | 'ARCHIVED' = 'LIVE';

  constructor(init: { name: string } & Partial<Omit<RegisteredModel, 'create' | 'update'>>) {
    super();
    this.name = init.name;
    Object.assign(this, init);
  }

  create(): Json {
    return excludeNone({
      customProperties: mapCustomProperties(this.customProperties),
      name: this.name,
      owner: this.owner,
      state: this.state,
      description: this.description,
      externalId: this.externalId,
    });
  }

  /** `RegisteredModelUpdate`: everything but `id` and `name`. */
  update(): Json {
    return excludeNone({
      customProperties: mapCustomProperties(this.customProperties),
      owner: this.owner,
      state: this.state,
      description: this.description,
      externalId: this.externalId,
    });
  }

  static fromBasemodel(data: Json | null): RegisteredModel {
    const source = requireSource(data, 'name');
    pyAssert(source['name'], 'source.name');
    pyAssert(source['state'], 'source.state');
    return new RegisteredModel({
      ...baseFrom(source),
      name: source['name'] as string,
      owner: source['owner'] as string | undefined,
      state: source['state'] as 'LIVE' | 'ARCHIVED',
    });
  }
}

export class ModelVersion extends BaseResourceModel {
  name: string;
  author?: string | null;
  state: 'LIVE' | 'ARCHIVED' = 'LIVE';

  constructor(init: { name: string } & Partial<Omit<ModelVersion, 'create' | 'update'>>) {
    super();
    this.name = init.name;
    Object.assign(this, init);
  }

  create(registeredModelId: string): Json {
    return excludeNone({
      registeredModelId,
      customProperties: mapCustomProperties(this.customProperties),
      name: this.name,
      author: this.author,
      state: this.state,
      description: this.description,
      externalId: this.externalId,
    });
  }

  /** `ModelVersionUpdate`: no `id`, `name` or `registeredModelId`. */
  update(): Json {
    return excludeNone({
      customProperties: mapCustomProperties(this.customProperties),
      author: this.author,
      state: this.state,
      description: this.description,
      externalId: this.externalId,
    });
  }

  /** The wrapper keeps no `registeredModelId`. */
  static fromBasemodel(data: Json | null): ModelVersion {
    const source = requireSource(data, 'name');
    pyAssert(source['name'], 'source.name');
    pyAssert(source['state'], 'source.state');
    return new ModelVersion({
      ...baseFrom(source),
      name: source['name'] as string,
      author: source['author'] as string | undefined,
      state: source['state'] as 'LIVE' | 'ARCHIVED',
    });
  }
}

const MODEL_ARTIFACT_FIELDS = [
  'modelFormatName',
  'modelFormatVersion',
  'storageKey',
  'storagePath',
  'serviceAccountName',
  'modelSourceKind',
  'modelSourceClass',
  'modelSourceGroup',
  'modelSourceId',
  'modelSourceName',
] as const;

export class ModelArtifact extends BaseResourceModel {
  name?: string | null;
  uri?: string | null;
  state: (typeof ARTIFACT_STATES)[number] = 'UNKNOWN';
  experimentId?: string | null;
  experimentRunId?: string | null;
  modelFormatName?: string | null;
  modelFormatVersion?: string | null;
  storageKey?: string | null;
  storagePath?: string | null;
  serviceAccountName?: string | null;
  modelSourceKind?: string | null;
  modelSourceClass?: string | null;
  modelSourceGroup?: string | null;
  modelSourceId?: string | null;
  modelSourceName?: string | null;

  constructor(init: Partial<Omit<ModelArtifact, 'asBasemodel' | 'update'>>) {
    super();
    Object.assign(this, init);
  }

  private formatFields(): Json {
    return Object.fromEntries(MODEL_ARTIFACT_FIELDS.map((key) => [key, this[key]]));
  }

  /** `wrap()`: the `ModelArtifact` base model; `to_dict()` drops `None` and the read-only id and times. */
  asBasemodel(): Json {
    return excludeNone({
      customProperties: mapCustomProperties(this.customProperties),
      name: this.name,
      description: this.description,
      externalId: this.externalId,
      uri: this.uri,
      state: this.state,
      ...this.formatFields(),
      artifactType: 'model-artifact',
    });
  }

  /** `ModelArtifactUpdate`: no `id` or `name`; `artifactType` is set. */
  update(): Json {
    return excludeNone({
      customProperties: mapCustomProperties(this.customProperties),
      description: this.description,
      externalId: this.externalId,
      uri: this.uri,
      state: this.state,
      ...this.formatFields(),
      artifactType: 'model-artifact',
    });
  }

  static fromBasemodel(data: Json | null): ModelArtifact {
    const source = requireSource(data, 'name');
    pyAssert(source['name'], 'source.name');
    pyAssert(source['uri'], 'source.uri');
    pyAssert(source['state'], 'source.state');
    const init: Partial<ModelArtifact> = {
      ...baseFrom(source),
      name: source['name'] as string,
      uri: source['uri'] as string,
      state: source['state'] as ModelArtifact['state'],
      experimentId: source['experimentId'] as string | undefined,
      experimentRunId: source['experimentRunId'] as string | undefined,
    };
    for (const key of MODEL_ARTIFACT_FIELDS) init[key] = source[key] as string | undefined;
    return new ModelArtifact(init);
  }
}

/** `Artifact.validate_artifact`: doc artifacts aside, a model artifact (other kinds are not used here). */
function validateArtifact(data: Json | null): ModelArtifact {
  const source = requireSource(data, 'actual_instance');
  if (source['artifactType'] !== 'model-artifact') {
    throw new PyValueError(`this model only handles model artifacts, got ${String(source['artifactType'])}`);
  }
  return ModelArtifact.fromBasemodel(source);
}

// ---------------------------------------------------------------- ListOptions and Pager

export class ListOptions {
  limit: number | null = null;
  orderBy: OrderByField | null = null;
  isAsc = true;
  nextPageToken: string | null = null;

  /** `as_options()`, as query pairs in the generated serializer's order; `sortOrder` is always sent. */
  asQuery(): [string, string | null][] {
    return [
      ['pageSize', this.limit === null ? null : String(this.limit)],
      ['orderBy', this.orderBy],
      ['sortOrder', this.isAsc ? 'ASC' : 'DESC'],
      ['nextPageToken', this.nextPageToken],
    ];
  }
}

/**
 * `types/pager.py` (the newer one, with `page_size()` and `_start is None`): iterates pages and stops
 * when a refetch returns the token of the first page again; an empty page fails its `assert`.
 */
export class Pager<T> implements AsyncIterableIterator<T> {
  readonly options = new ListOptions();
  private start: string | null = null;
  private currentPage: T[] | null = null;
  private i = 0;

  constructor(private readonly pageFn: (options: ListOptions) => Promise<T[]>) {
    this.restart();
  }

  restart(): this {
    this.start = null;
    this.currentPage = null;
    this.i = 0;
    this.options.nextPageToken = null;
    return this;
  }

  orderByCreationTime(): this {
    this.options.orderBy = 'CREATE_TIME';
    return this.restart();
  }

  orderByUpdateTime(): this {
    this.options.orderBy = 'LAST_UPDATE_TIME';
    return this.restart();
  }

  orderById(): this {
    this.options.orderBy = 'ID';
    return this.restart();
  }

  pageSize(size: number): this {
    this.options.limit = size;
    return this.restart();
  }

  ascending(): this {
    this.options.isAsc = true;
    return this.restart();
  }

  descending(): this {
    this.options.isAsc = false;
    return this.restart();
  }

  /** `_next_page()`: one fetch with the current options (no assert). */
  nextPage(): Promise<T[]> {
    return this.pageFn(this.options);
  }

  private needsFetch(): boolean {
    return !this.currentPage || this.currentPage.length === 0 || this.i >= this.currentPage.length;
  }

  private async nextItem(): Promise<T> {
    if (this.needsFetch()) {
      this.currentPage = await this.nextPage();
      this.i = 0;
    }
    if (!this.currentPage || this.currentPage.length === 0) throw new PyAssertionError('self._current_page');
    const item = this.currentPage[this.i] as T;
    this.i += 1;
    return item;
  }

  /** `__next__`. */
  async next(): Promise<IteratorResult<T>> {
    const checkLooping = this.needsFetch();
    const item = await this.nextItem();
    if (this.start === null) this.start = this.options.nextPageToken;
    else if (checkLooping && this.options.nextPageToken === this.start)
      return { done: true, value: undefined };
    return { done: false, value: item };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** `list(pager)`. */
  async toList(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}

// ---------------------------------------------------------------- core.ModelRegistryAPIClient

export class ModelRegistryAPIClient {
  private readonly api: ModelRegistryServiceApi;

  constructor(http: RecordingTransport) {
    this.api = new ModelRegistryServiceApi(http);
  }

  /** Runs a find; `NotFoundException` becomes `None`. */
  private async orNone(find: () => Promise<Json | null>): Promise<{ data: Json | null } | null> {
    try {
      return { data: await find() };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }

  async upsertRegisteredModel(model: RegisteredModel): Promise<RegisteredModel> {
    const data = model.id
      ? await this.api.call(
          'PATCH',
          `/registered_models/${model.id}`,
          OPS.updateRegisteredModel,
          [],
          model.update(),
        )
      : await this.api.call('POST', '/registered_models', OPS.createRegisteredModel, [], model.create());
    return RegisteredModel.fromBasemodel(data);
  }

  async getRegisteredModelByParams(name: string): Promise<RegisteredModel | null> {
    const found = await this.orNone(() =>
      this.api.call('GET', '/registered_model', OPS.findRegisteredModel, [
        ['name', name],
        ['externalId', null],
      ]),
    );
    return found && RegisteredModel.fromBasemodel(found.data);
  }

  async getRegisteredModelById(id: string): Promise<RegisteredModel | null> {
    const found = await this.orNone(() =>
      this.api.call('GET', `/registered_models/${id}`, OPS.getRegisteredModel),
    );
    return found && RegisteredModel.fromBasemodel(found.data);
  }

  async getRegisteredModels(options: ListOptions): Promise<RegisteredModel[]> {
    const list = await this.api.call('GET', '/registered_models', OPS.getRegisteredModels, [
      ['filterQuery', null],
      ...options.asQuery(),
    ]);
    return this.page(list, options, RegisteredModel.fromBasemodel);
  }

  async upsertModelVersion(version: ModelVersion, registeredModelId: string | null): Promise<ModelVersion> {
    let data: Json | null;
    if (version.id) {
      data = await this.api.call(
        'PATCH',
        `/model_versions/${version.id}`,
        OPS.updateModelVersion,
        [],
        version.update(),
      );
    } else if (registeredModelId) {
      data = await this.api.call(
        'POST',
        '/model_versions',
        OPS.createModelVersion,
        [],
        version.create(registeredModelId),
      );
    } else throw new PyValueError('Registered model ID required for creating a new model version');
    return ModelVersion.fromBasemodel(data);
  }

  async getModelVersionByParams(registeredModelId: string, name: string): Promise<ModelVersion | null> {
    const found = await this.orNone(() =>
      this.api.call('GET', '/model_version', OPS.findModelVersion, [
        ['name', name],
        ['externalId', null],
        ['parentResourceId', registeredModelId],
      ]),
    );
    return found && ModelVersion.fromBasemodel(found.data);
  }

  async getModelVersionById(id: string): Promise<ModelVersion | null> {
    const found = await this.orNone(() => this.api.call('GET', `/model_versions/${id}`, OPS.getModelVersion));
    return found && ModelVersion.fromBasemodel(found.data);
  }

  async getModelVersions(registeredModelId: string, options: ListOptions): Promise<ModelVersion[]> {
    const list = await this.api.call(
      'GET',
      `/registered_models/${registeredModelId}/versions`,
      OPS.getRegisteredModelVersions,
      [['name', null], ['externalId', null], ['filterQuery', null], ...options.asQuery()],
    );
    return this.page(list, options, ModelVersion.fromBasemodel);
  }

  async upsertModelArtifact(artifact: ModelArtifact): Promise<ModelArtifact> {
    if (!artifact.id) throw new Error('this model only replays updates through upsert_model_artifact');
    const data = await this.api.call(
      'PATCH',
      `/model_artifacts/${artifact.id}`,
      OPS.updateModelArtifact,
      [],
      artifact.update(),
    );
    return ModelArtifact.fromBasemodel(data);
  }

  async upsertModelVersionArtifact(artifact: ModelArtifact, modelVersionId: string): Promise<ModelArtifact> {
    const data = await this.api.call(
      'POST',
      `/model_versions/${modelVersionId}/artifacts`,
      OPS.upsertModelVersionArtifact,
      [],
      artifact.asBasemodel(),
    );
    return validateArtifact(data);
  }

  async getModelArtifactByParams(name: string, modelVersionId: string): Promise<ModelArtifact | null> {
    const found = await this.orNone(() =>
      this.api.call('GET', '/model_artifact', OPS.findModelArtifact, [
        ['name', name],
        ['externalId', null],
        ['parentResourceId', modelVersionId],
      ]),
    );
    return found && ModelArtifact.fromBasemodel(found.data);
  }

  async getModelArtifactById(id: string): Promise<ModelArtifact | null> {
    const found = await this.orNone(() =>
      this.api.call('GET', `/model_artifacts/${id}`, OPS.getModelArtifact),
    );
    return found && ModelArtifact.fromBasemodel(found.data);
  }

  /** `options.next_page_token = list.next_page_token`, then each item through `from_basemodel`. */
  private page<T>(list: Json | null, options: ListOptions, from: (item: Json) => T): T[] {
    const source = requireSource(list, 'next_page_token');
    options.nextPageToken = source['nextPageToken'] as string;
    return (source['items'] as Json[]).map(from);
  }
}

// ---------------------------------------------------------------- _client.ModelRegistry

export interface RegisterModelOptions {
  version: string;
  modelFormatName: string;
  modelFormatVersion: string;
  storageKey?: string;
  storagePath?: string;
  serviceAccountName?: string;
  author?: string;
  owner?: string;
  description?: string;
  metadata?: PyMetadata;
}

export class ModelRegistry {
  private constructor(
    readonly api: ModelRegistryAPIClient,
    private readonly author: string,
  ) {}

  /** `ModelRegistry(server_address, port, author=...)`: the constructor fetches one page of one model. */
  static async connect(http: RecordingTransport, options: { author: string }): Promise<ModelRegistry> {
    const registry = new ModelRegistry(new ModelRegistryAPIClient(http), options.author);
    await registry.getRegisteredModels().pageSize(1).nextPage();
    return registry;
  }

  async registerModel(name: string, uri: string, options: RegisterModelOptions): Promise<RegisteredModel> {
    const rm =
      (await this.api.getRegisteredModelByParams(name)) ??
      (await this.api.upsertRegisteredModel(
        new RegisteredModel({ name, owner: options.owner || this.author }),
      ));

    pyAssert(rm.id, 'rm.id is not None');
    const rmId = rm.id as string;
    if (await this.api.getModelVersionByParams(rmId, options.version)) {
      throw new StoreError(`Version ${options.version} already exists`);
    }
    const mv = await this.api.upsertModelVersion(
      new ModelVersion({
        name: options.version,
        author: options.author || this.author,
        description: options.description ?? null,
        customProperties: options.metadata ?? {},
      }),
      rmId,
    );

    pyAssert(mv.id, 'mv.id is not None');
    await this.api.upsertModelVersionArtifact(
      new ModelArtifact({
        name,
        uri,
        modelFormatName: options.modelFormatName,
        modelFormatVersion: options.modelFormatVersion,
        storageKey: options.storageKey ?? null,
        storagePath: options.storagePath ?? null,
        serviceAccountName: options.serviceAccountName ?? null,
      }),
      mv.id as string,
    );
    return rm;
  }

  async update<T extends RegisteredModel | ModelVersion | ModelArtifact>(model: T): Promise<T> {
    if (!model.id) throw new StoreError('Model must have an ID');
    if (model instanceof RegisteredModel) return (await this.api.upsertRegisteredModel(model)) as T;
    if (model instanceof ModelVersion) return (await this.api.upsertModelVersion(model, null)) as T;
    return (await this.api.upsertModelArtifact(model)) as T;
  }

  getRegisteredModel(name: string): Promise<RegisteredModel | null> {
    return this.api.getRegisteredModelByParams(name);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion | null> {
    const rm = await this.getRegisteredModel(name);
    if (!rm) throw new StoreError(`Model ${name} does not exist`);
    pyAssert(rm.id, 'rm.id');
    return this.api.getModelVersionByParams(rm.id as string, version);
  }

  async getModelArtifact(name: string, version: string): Promise<ModelArtifact | null> {
    const mv = await this.getModelVersion(name, version);
    if (!mv) throw new StoreError(`Version ${version} does not exist`);
    pyAssert(mv.id, 'mv.id');
    return this.api.getModelArtifactByParams(name, mv.id as string);
  }

  getRegisteredModels(): Pager<RegisteredModel> {
    return new Pager((options) => this.api.getRegisteredModels(options));
  }

  async getModelVersions(name: string): Promise<Pager<ModelVersion>> {
    const rm = await this.getRegisteredModel(name);
    if (!rm) throw new StoreError(`Model ${name} does not exist`);
    return new Pager((options) => {
      pyAssert(rm.id, 'rm.id');
      return this.api.getModelVersions(rm.id as string, options);
    });
  }
}
