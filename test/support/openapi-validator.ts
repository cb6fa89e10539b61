import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  loadReferenceDocument,
  loadServedDocument,
} from '../../packages/server/src/http/openapi-document.js';

// Checks that a response is one the served OpenAPI document describes: the operation exists,
// the status is listed for it, and the body fits the listed content. Where the Kubeflow
// reference itself lists the operation and status, the body is checked against the reference's
// schema, so an extension can never loosen what the reference promises.

type Json = Record<string, unknown>;

export interface ResponseValidator {
  /** Throws an Error describing every violation. `path` is the request path without query string. */
  validate(method: string, path: string, status: number, contentType: string | null, body: unknown): void;
  /** The served document's operation for a request; throws for an unknown path or method. */
  resolve(method: string, path: string): ResolvedOperation;
}

export interface ResolvedOperation {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template of the served document, e.g. `/api/model_registry/v1alpha3/artifacts/{id}`. */
  readonly pathTemplate: string;
  readonly operationId: string | undefined;
  /** Whether the Kubeflow reference defines this operation (else it is a modelreg extension). */
  readonly inReference: boolean;
}

/** A response that the served document does not describe; `violations` lists each problem. */
export class ResponseViolationError extends Error {
  constructor(
    readonly request: string,
    readonly violations: readonly string[],
  ) {
    super(`${request} does not match the served OpenAPI document:\n  - ${violations.join('\n  - ')}`);
    this.name = 'ResponseViolationError';
  }
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

// ---- OpenAPI 3.0 schema -> JSON Schema draft-07 ----

/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
/** Keywords whose value is one schema (or, for `items`, possibly a list). */
const SUBSCHEMAS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
/** OpenAPI-only annotations and keywords that this conversion replaces. */
const DROPPED = new Set(['example', 'xml', 'externalDocs', 'discriminator', 'nullable']);
const COMPONENT_SCHEMA = '#/components/schemas/';

/**
 * An OpenAPI 3.0 schema as a draft-07 JSON Schema. `$ref`s to component schemas point into
 * `definitions` of the schema registered as `base`. `nullable` becomes a `null` type.
 * A `oneOf` with a `discriminator` becomes: the discriminator property is required and one of
 * the mapping's keys, and each key selects its schema with if/then. (The reference's sub-schemas
 * allow additional properties, so a plain `oneOf` fails: a ModelArtifact is also a DocArtifact.)
 */
function toJsonSchema(schema: unknown, base: string): unknown {
  if (typeof schema === 'boolean') return schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new Error(`not a schema: ${JSON.stringify(schema)}`);
  }
  const source = schema as Json;
  const result: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (DROPPED.has(key)) continue;
    if (key === '$ref') result[key] = componentRef(value, base);
    else if (SCHEMA_MAPS.has(key)) {
      result[key] = Object.fromEntries(
        Object.entries(object(value)).map(([name, sub]) => [name, toJsonSchema(sub, base)]),
      );
    } else if (SUBSCHEMAS.has(key)) {
      result[key] = Array.isArray(value)
        ? value.map((sub) => toJsonSchema(sub, base))
        : toJsonSchema(value, base);
    } else if (SCHEMA_LISTS.has(key)) {
      if (!Array.isArray(value)) throw new Error(`${key} must be a list of schemas`);
      result[key] = value.map((sub) => toJsonSchema(sub, base));
    } else result[key] = value;
  }

  const discriminator = object(source['discriminator']);
  const alternatives = source['oneOf'] ?? source['anyOf'];
  if (typeof discriminator['propertyName'] === 'string' && Array.isArray(alternatives)) {
    delete result[source['oneOf'] === undefined ? 'anyOf' : 'oneOf'];
    const selector = discriminated(discriminator['propertyName'], discriminator, alternatives, base);
    result['allOf'] = [...(Array.isArray(result['allOf']) ? result['allOf'] : []), selector];
  }

  if (source['nullable'] === true) {
    const type = result['type'];
    if (typeof type === 'string') {
      result['type'] = [type, 'null'];
      if (Array.isArray(result['enum']) && !result['enum'].includes(null)) {
        result['enum'] = [...result['enum'], null];
      }
    } else return { anyOf: [result, { type: 'null' }] };
  }
  return result;
}

function componentRef(ref: unknown, base: string): string {
  if (typeof ref !== 'string' || !ref.startsWith(COMPONENT_SCHEMA)) {
    throw new Error(`unsupported $ref in a schema: ${String(ref)}`);
  }
  return `${base}#/definitions/${ref.slice(COMPONENT_SCHEMA.length)}`;
}

function discriminated(property: string, discriminator: Json, alternatives: unknown[], base: string): Json {
  const mapping = new Map<string, string>();
  for (const [key, ref] of Object.entries(object(discriminator['mapping']))) mapping.set(key, String(ref));
  // Alternatives the mapping leaves out are selected by their schema name (OpenAPI's implicit mapping).
  const mapped = new Set(mapping.values());
  for (const alternative of alternatives) {
    const ref = object(alternative)['$ref'];
    if (typeof ref === 'string' && !mapped.has(ref)) mapping.set(ref.slice(ref.lastIndexOf('/') + 1), ref);
  }
  if (mapping.size === 0) throw new Error(`discriminator ${property} maps no schema`);
  const keys = [...mapping.keys()];
  return {
    type: 'object',
    required: [property],
    properties: { [property]: { enum: keys } },
    allOf: keys.map((key) => ({
      if: { properties: { [property]: { const: key } } },
      then: { $ref: componentRef(mapping.get(key), base) },
    })),
  };
}

// ---- Paths ----

interface PathTemplate {
  readonly template: string;
  /** Per segment: the matcher, and whether the segment is all static text. */
  readonly segments: readonly { readonly pattern: RegExp; readonly fixed: boolean }[];
  /** The last parameter spans the rest of the path, several segments (a file path). */
  readonly restIsMultiSegment: boolean;
}

/** Path parameters marked `x-modelreg-multi-segment` (file paths: `/`-separated, several segments). */
function multiSegmentParameters(document: Json, item: Json): Set<string> {
  const names = new Set<string>();
  for (const entry of Array.isArray(item['parameters']) ? item['parameters'] : []) {
    let parameter = object(entry);
    const ref = parameter['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/components/parameters/')) {
      parameter = object(
        object(object(document['components'])['parameters'])[ref.slice('#/components/parameters/'.length)],
      );
    }
    if (parameter['in'] === 'path' && parameter['x-modelreg-multi-segment'] === true) {
      names.add(String(parameter['name']));
    }
  }
  return names;
}

function compileTemplate(template: string, multiSegment: ReadonlySet<string> = new Set()): PathTemplate {
  const last = /\{([^}]+)\}$/.exec(template)?.[1];
  const restIsMultiSegment = last !== undefined && multiSegment.has(last);
  const segments = template.split('/').map((segment) => {
    const parts = segment.split(/(\{[^}]+\})/).filter((part) => part !== '');
    const source = parts
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)))
      .join('');
    return { pattern: new RegExp(`^${source}$`), fixed: !segment.includes('{') };
  });
  return { template, segments, restIsMultiSegment };
}

/** The template matching `path`; at the first segment where two candidates differ, static text wins. */
function matchTemplate(templates: readonly PathTemplate[], path: string): string | undefined {
  const segments = path.split('/');
  let best: { template: string; score: number[] } | undefined;
  for (const candidate of templates) {
    const count = candidate.segments.length;
    if (candidate.restIsMultiSegment ? segments.length < count : count !== segments.length) continue;
    // A multi-segment last parameter takes the remaining segments (the server judges empty ones).
    const subject = candidate.restIsMultiSegment
      ? [...segments.slice(0, count - 1), segments.slice(count - 1).join('/') === '' ? '' : 'x']
      : segments;
    const score: number[] = [];
    const matches = candidate.segments.every((segment, i) => {
      score.push(segment.fixed ? 0 : 1);
      return segment.pattern.test(subject[i] ?? '');
    });
    if (!matches) continue;
    if (best === undefined || compareScores(score, best.score) < 0)
      best = { template: candidate.template, score };
  }
  return best?.template;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

// ---- Responses ----

function resolveResponse(document: Json, response: unknown): Json {
  let current = object(response);
  for (let depth = 0; typeof current['$ref'] === 'string'; depth += 1) {
    const ref = current['$ref'];
    const prefix = '#/components/responses/';
    if (!ref.startsWith(prefix) || depth > 10) throw new Error(`unsupported response $ref ${ref}`);
    const resolved = object(object(document['components'])['responses'])[ref.slice(prefix.length)];
    if (resolved === undefined) throw new Error(`unresolved response $ref ${ref}`);
    current = object(resolved);
  }
  return current;
}

/** The key of `responses` that describes `status`: exact, then `4XX`-style ranges, then `default`. */
function statusKey(responses: Json, status: number): string | undefined {
  const exact = String(status);
  if (responses[exact] !== undefined) return exact;
  const range = Object.keys(responses).find((key) => key.toUpperCase() === `${Math.floor(status / 100)}XX`);
  if (range !== undefined) return range;
  return responses['default'] === undefined ? undefined : 'default';
}

function mediaTypeMatches(listed: string, actual: string): boolean {
  const [type, subtype] = listed.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(body)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'enum') detail = ` ${JSON.stringify(params['allowedValues'])}`;
  else if (error.keyword === 'const') detail = ` ${JSON.stringify(params['allowedValue'])}`;
  else if (error.keyword === 'additionalProperties') detail = ` (${String(params['additionalProperty'])})`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

// ---- The validator ----

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; depending on the loader its plugin is the module or its `default`.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const DOCUMENT_IDS = { reference: 'openapi-reference.json', served: 'openapi-served.json' } as const;
type DocumentName = keyof typeof DOCUMENT_IDS;

let servedForTests: Json | undefined;

/** The served document (reference + extensions), loaded once per test process. */
export function loadServedDocumentForTests(): Json {
  servedForTests ??= loadServedDocument();
  return servedForTests;
}

/**
 * A validator for responses against the document the server serves. Documents are loaded through
 * the server's own openapi-document.ts; each response schema is compiled once, on first use.
 */
export function createResponseValidator(): ResponseValidator {
  const documents: Record<DocumentName, Json> = {
    reference: loadReferenceDocument(),
    served: loadServedDocument(),
  };
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
  addFormats(ajv);
  for (const name of Object.keys(DOCUMENT_IDS) as DocumentName[]) {
    const schemas = object(object(documents[name]['components'])['schemas']);
    ajv.addSchema({
      $id: DOCUMENT_IDS[name],
      definitions: Object.fromEntries(
        Object.entries(schemas).map(([key, schema]) => [key, toJsonSchema(schema, DOCUMENT_IDS[name])]),
      ),
    });
  }
  const servedPaths = object(documents.served['paths']);
  const templates = Object.entries(servedPaths).map(([template, item]) =>
    compileTemplate(template, multiSegmentParameters(documents.served, object(item))),
  );
  const compiled = new Map<string, ValidateFunction>();

  const operationOf = (document: Json, template: string, method: string): Json | undefined => {
    const operation = object(object(document['paths'])[template])[method];
    return operation === undefined ? undefined : object(operation);
  };

  const resolve = (method: string, path: string): ResolvedOperation => {
    const verb = method.toLowerCase();
    const template = matchTemplate(templates, path);
    if (template === undefined) throw new Error(`no path of the served document matches ${path}`);
    const operation = HTTP_METHODS.includes(verb) ? operationOf(documents.served, template, verb) : undefined;
    if (operation === undefined) {
      throw new Error(`the served document has no ${method.toUpperCase()} operation on ${template}`);
    }
    const operationId = operation['operationId'];
    return {
      method: method.toUpperCase(),
      pathTemplate: template,
      operationId: typeof operationId === 'string' ? operationId : undefined,
      inReference: operationOf(documents.reference, template, verb) !== undefined,
    };
  };

  const schemaValidator = (name: DocumentName, key: string, schema: unknown): ValidateFunction => {
    const cacheKey = `${name} ${key}`;
    let validate = compiled.get(cacheKey);
    if (validate === undefined) {
      validate = ajv.compile(object(toJsonSchema(schema, DOCUMENT_IDS[name])));
      compiled.set(cacheKey, validate);
    }
    return validate;
  };

  const validate = (
    method: string,
    path: string,
    status: number,
    contentType: string | null,
    body: unknown,
  ): void => {
    const operation = resolve(method, path);
    const verb = method.toLowerCase();
    const request = `${operation.method} ${path} -> ${status}`;
    const servedResponses = object(
      operationOf(documents.served, operation.pathTemplate, verb)?.['responses'],
    );
    const key = statusKey(servedResponses, status);
    if (key === undefined) {
      throw new ResponseViolationError(request, [
        `status ${status} not listed for ${operation.method} ${operation.pathTemplate} (listed: ${Object.keys(servedResponses).join(', ')})`,
      ]);
    }
    // The reference's own promise, where it makes one; else ours.
    const referenceResponses = object(
      operationOf(documents.reference, operation.pathTemplate, verb)?.['responses'],
    );
    const source: DocumentName = referenceResponses[key] === undefined ? 'served' : 'reference';
    const response = resolveResponse(
      documents[source],
      (source === 'reference' ? referenceResponses : servedResponses)[key],
    );
    const content = object(response['content']);
    const violations: string[] = [];
    const empty = body === undefined || body === null || body === '';

    if (status === 204 || Object.keys(content).length === 0) {
      if (!empty)
        violations.push(`status ${status} has no body in the document, got ${JSON.stringify(body)}`);
      if (violations.length > 0) throw new ResponseViolationError(request, violations);
      return;
    }
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    const listed = Object.keys(content);
    const mediaKey =
      mediaType === undefined
        ? undefined
        : listed.find((candidate) => mediaTypeMatches(candidate, mediaType));
    if (mediaType === undefined || mediaKey === undefined) {
      throw new ResponseViolationError(request, [
        `content-type ${contentType ?? '(none)'} not listed (listed: ${listed.join(', ')})`,
      ]);
    }
    const schema = object(content[mediaKey])['schema'];
    if (schema === undefined) return;
    if (body === undefined) violations.push(`a ${mediaKey} body is required`);
    else if (!isJsonMediaType(mediaType) && typeof body !== 'string') {
      violations.push(`a ${mediaKey} body is text; got ${typeof body}`);
    } else {
      const check = schemaValidator(source, `${operation.pathTemplate} ${verb} ${key} ${mediaKey}`, schema);
      if (!check(body)) {
        const errors = check.errors ?? [];
        // "must match then schema" only repeats what the errors inside it say.
        const specific = errors.filter((error) => error.keyword !== 'if');
        // allOf branches repeat properties (customProperties is in four), so errors repeat too.
        const described = new Set((specific.length > 0 ? specific : errors).map(describeError));
        violations.push(...described);
      }
    }
    if (violations.length > 0) {
      throw new ResponseViolationError(
        `${request} (${mediaKey}, schema of the ${source} document)`,
        violations,
      );
    }
  };

  return { validate, resolve };
}
