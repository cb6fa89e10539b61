import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const OPENAPI_DIR = fileURLToPath(new URL('../../openapi/', import.meta.url));
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * The enum of an existing component schema, widened by the extension's values: the union,
 * the reference's values first and in their order. Widening is the one change an extension
 * may make to a component the reference defines (`NAME` as an `OrderByField` is ours).
 */
function widenEnum(existing: Json, extension: Json): void {
  const current = existing['enum'];
  const added = extension['enum'];
  if (!Array.isArray(current) || !Array.isArray(added)) return;
  const values: unknown[] = [...current];
  for (const value of added) if (!values.includes(value)) values.push(value);
  existing['enum'] = values;
}

/** Every property name a component schema defines, through its `$ref`s and `allOf`/`oneOf`/`anyOf` parts. */
function propertyNames(schema: Json, schemas: Json, seen: ReadonlySet<string> = new Set()): Set<string> {
  const names = new Set(Object.keys(object(schema['properties'])));
  const ref = schema['$ref'];
  if (typeof ref === 'string' && !seen.has(ref)) {
    const target = object(schemas[ref.replace('#/components/schemas/', '')]);
    for (const name of propertyNames(target, schemas, new Set([...seen, ref]))) names.add(name);
  }
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const parts = schema[key];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) for (const name of propertyNames(object(part), schemas, seen)) names.add(name);
  }
  return names;
}

/**
 * Fields of ours on a component the reference defines (a version's `stage`): the extension's
 * `properties` that the component does not define yet, added as one more `allOf` part (or to its
 * own `properties` when it has no `allOf`). Never required: the reference may take the same
 * component as a request body (its POST of a ModelVersion does), which must not ask for more
 * than the reference asks. A property the reference defines is never replaced.
 */
function addProperties(existing: Json, extension: Json, schemas: Json): void {
  const known = propertyNames(existing, schemas);
  const added = Object.fromEntries(
    Object.entries(object(extension['properties'])).filter(([name]) => !known.has(name)),
  );
  if (Object.keys(added).length === 0) return;
  const parts = existing['allOf'];
  if (Array.isArray(parts))
    existing['allOf'] = [...(parts as unknown[]), { type: 'object', properties: added }];
  else existing['properties'] = { ...object(existing['properties']), ...added };
}

/** Query parameters of ours on a reference operation (e.g. `include`), added after the reference's own. */
function addParameters(operation: Json, added: unknown): void {
  if (!Array.isArray(added)) return;
  const parameters = Array.isArray(operation['parameters'])
    ? [...(operation['parameters'] as unknown[])]
    : [];
  const key = (p: unknown) => `${String(object(p)['in'])}:${String(object(p)['name'] ?? object(p)['$ref'])}`;
  const present = new Set(parameters.map(key));
  for (const parameter of added) if (!present.has(key(parameter))) parameters.push(parameter);
  operation['parameters'] = parameters;
}

/**
 * Our document is the Kubeflow reference plus our extensions: added paths, operations,
 * response statuses, query parameters and components. An extension never replaces what the reference defines,
 * so nothing the reference says changes meaning.
 *
 * Two exceptions, which only add: an extension schema with an `enum`, for a component schema
 * of the same name that has an `enum` too, adds its missing values (see widenEnum); one with
 * `properties` adds the optional fields of ours the component lacks (see addProperties). Every
 * other key of an extension entry for an existing component is ignored.
 */
export function mergeOpenApi(reference: Json, extensionDocument: Json): Json {
  const merged = structuredClone(reference);
  const extensions = structuredClone(extensionDocument);
  if (extensions['info'] !== undefined)
    merged['info'] = { ...object(merged['info']), ...object(extensions['info']) };
  const paths = object(merged['paths']);
  for (const [path, extensionItem] of Object.entries(object(extensions['paths']))) {
    const item = object(paths[path]);
    paths[path] = item;
    for (const [key, value] of Object.entries(object(extensionItem))) {
      if (!(HTTP_METHODS as readonly string[]).includes(key)) {
        item[key] ??= value;
        continue;
      }
      const operation = item[key];
      if (operation === undefined) {
        item[key] = value;
        continue;
      }
      const responses = object(object(operation)['responses']);
      for (const [status, response] of Object.entries(object(object(value)['responses']))) {
        responses[status] ??= response;
      }
      object(operation)['responses'] = responses;
      addParameters(object(operation), object(value)['parameters']);
      for (const [field, extra] of Object.entries(object(value))) {
        if (field !== 'responses' && field !== 'parameters') object(operation)[field] ??= extra;
      }
    }
  }
  // Answers every API operation can give (e.g. 403 once authorization is on), declared once.
  const everywhere = object(object(extensions['x-modelreg-every-api-operation'])['responses']);
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/api/')) continue;
    for (const method of HTTP_METHODS) {
      const operation = object(item)[method];
      if (operation === undefined) continue;
      const responses = object(object(operation)['responses']);
      for (const [status, response] of Object.entries(everywhere)) responses[status] ??= response;
      object(operation)['responses'] = responses;
    }
  }
  merged['paths'] = paths;
  const components = object(merged['components']);
  for (const [section, entries] of Object.entries(object(object(extensions['components'])))) {
    const target = object(components[section]);
    for (const [name, definition] of Object.entries(object(entries))) {
      const existing = target[name];
      if (existing === undefined) target[name] = definition;
      else if (section === 'schemas') {
        widenEnum(object(existing), object(definition));
        addProperties(object(existing), object(definition), target);
      }
    }
    components[section] = target;
  }
  merged['components'] = components;
  return merged;
}

export function loadReferenceDocument(): Json {
  return object(parse(readFileSync(`${OPENAPI_DIR}kubeflow-model-registry.openapi.yaml`, 'utf8')));
}

export function loadServedDocument(): Json {
  const extensions = object(parse(readFileSync(`${OPENAPI_DIR}modelreg-extensions.openapi.yaml`, 'utf8')));
  return mergeOpenApi(loadReferenceDocument(), extensions);
}

export function servedDocumentYaml(): string {
  // No anchors: a reader's alias limit (yaml's is 100) must never refuse the document.
  return stringify(loadServedDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}
