import { z } from 'zod';

// Compares a zod wire schema with the OpenAPI schema that documents it: what a client reads off
// the document (property names, which are required, types, enums, items, map values, variants)
// must be what the zod schema accepts (a request) or describes (a response). Bounds, patterns and
// formats are not compared: they are documentation of the validation, which zod owns.

type Json = Record<string, unknown>;

/** A schema reduced to what the comparison looks at. */
interface Shape {
  readonly types: readonly string[];
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, Shape>>;
  readonly required?: readonly string[];
  /** The value schema of a map (`additionalProperties: {…}`, zod's record). */
  readonly values?: Shape;
  readonly items?: Shape;
  /** Alternatives that are not all plain values (objects of a union), in a canonical order. */
  readonly variants?: readonly Shape[];
}

export type Direction = 'request' | 'response';

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** Resolves `#/components/schemas/X` (the document) or `#/$defs/X` (zod's output) in `root`. */
function resolveRef(root: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`cannot follow ${ref}: only local references are resolved`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/'))
    node = object(node)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (node === undefined) throw new Error(`${ref} names nothing`);
  return object(node);
}

const PLAIN = (shape: Shape) =>
  shape.properties === undefined &&
  shape.values === undefined &&
  shape.items === undefined &&
  shape.variants === undefined;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function variantKey(variant: Shape): string {
  const properties = Object.entries(variant.properties ?? {});
  const tags = properties
    .filter(([, p]) => p.enum?.length === 1)
    .map(([name, p]) => `${name}=${p.enum?.[0]}`);
  return JSON.stringify([tags.sort(), variant.types, properties.map(([name]) => name).sort()]);
}

/**
 * An alternative of a oneOf/anyOf with an OpenAPI `discriminator` whose `mapping` names it: its
 * discriminating property takes that one value (the reference's Artifact pins a variant's
 * `artifactType` this way, where the variant itself gives a default only). A property with an
 * enum of its own keeps it.
 */
function discriminated(shape: Shape, alternative: unknown, discriminator: unknown): Shape {
  const property = object(discriminator)['propertyName'];
  const ref = object(alternative)['$ref'];
  if (typeof property !== 'string' || typeof ref !== 'string') return shape;
  const value = Object.entries(object(object(discriminator)['mapping'])).find(
    ([, target]) => target === ref,
  )?.[0];
  const existing = shape.properties?.[property];
  if (value === undefined || existing?.enum !== undefined) return shape;
  const tag: Shape = { ...(existing ?? { types: ['string'] }), enum: [JSON.stringify(value)] };
  return { ...shape, properties: { ...shape.properties, [property]: tag } };
}

/** One shape for the alternatives of anyOf/oneOf: plain values merge, `null` makes the rest nullable. */
function mergeAlternatives(alternatives: Shape[]): Shape {
  const nullOnly = alternatives.filter((a) => a.types.length === 1 && a.types[0] === 'null' && PLAIN(a));
  const rest = alternatives.filter((a) => !nullOnly.includes(a));
  const nullable = nullOnly.length > 0 ? ['null'] : [];
  if (rest.length === 1) {
    const [only] = rest as [Shape];
    return { ...only, types: unique([...only.types, ...nullable]) };
  }
  if (rest.every(PLAIN)) {
    const enums = rest.every((a) => a.enum !== undefined)
      ? unique(rest.flatMap((a) => a.enum ?? []))
      : undefined;
    return {
      types: unique([...rest.flatMap((a) => a.types), ...nullable]),
      ...(enums === undefined ? {} : { enum: enums }),
    };
  }
  // Paired by what tells them apart: their property names and single-valued properties.
  const variants = rest.map((variant) => ({ variant, key: variantKey(variant) }));
  variants.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { types: unique(['object', ...nullable]), variants: variants.map((v) => v.variant) };
}

/** The properties and required names of allOf's parts, as one object. */
function mergeAll(parts: Shape[]): Shape {
  const properties: Record<string, Shape> = {};
  const required: string[] = [];
  for (const part of parts) {
    Object.assign(properties, part.properties ?? {});
    required.push(...(part.required ?? []));
  }
  return { types: ['object'], properties, required: unique(required) };
}

function typesOf(schema: Json): string[] {
  const type = schema['type'];
  const types = Array.isArray(type) ? (type as string[]) : typeof type === 'string' ? [type] : [];
  if (types.length === 0) {
    if (schema['properties'] !== undefined || schema['additionalProperties'] !== undefined)
      types.push('object');
    else if (schema['items'] !== undefined) types.push('array');
    else if (schema['const'] !== undefined) types.push(typeof schema['const']);
  }
  if (schema['nullable'] === true) types.push('null');
  return unique(types.length === 0 ? ['any'] : types);
}

export function shapeOf(schema: unknown, root: Json, seen: readonly string[] = []): Shape {
  let node = object(schema);
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    // A schema that refers to itself is compared down to the second visit.
    if (seen.filter((s) => s === ref).length > 1) return { types: ['object'] };
    return shapeOf(resolveRef(root, ref), root, [...seen, ref]);
  }
  const recurse = (child: unknown) => shapeOf(child, root, seen);
  if (Array.isArray(node['allOf'])) {
    const parts = (node['allOf'] as unknown[]).map(recurse);
    // `allOf: [$ref]` is how a description is put next to a reference: the reference itself.
    if (parts.length === 1 && node['properties'] === undefined) {
      const [only] = parts as [Shape];
      return node['nullable'] === true ? { ...only, types: unique([...only.types, 'null']) } : only;
    }
    const merged = mergeAll(parts);
    const { allOf: _parts, ...rest } = node;
    if (Object.keys(rest).some((k) => k === 'properties' || k === 'required')) {
      return mergeAll([merged, recurse(rest)]);
    }
    node = { ...rest, type: 'object' };
    return { ...merged, types: unique([...merged.types, ...(node['nullable'] === true ? ['null'] : [])]) };
  }
  const alternatives = node['anyOf'] ?? node['oneOf'];
  if (Array.isArray(alternatives)) {
    const shapes = alternatives.map((a) => discriminated(recurse(a), a, node['discriminator']));
    const merged = mergeAlternatives(shapes);
    return node['nullable'] === true ? { ...merged, types: unique([...merged.types, 'null']) } : merged;
  }
  const types = typesOf(node);
  const values = node['enum'] ?? (node['const'] === undefined ? undefined : [node['const']]);
  const shape: {
    types: readonly string[];
    enum?: readonly string[];
    properties?: Record<string, Shape>;
    required?: readonly string[];
    values?: Shape;
    items?: Shape;
  } = { types };
  if (Array.isArray(values)) shape.enum = unique(values.map((v) => JSON.stringify(v)));
  if (node['properties'] !== undefined) {
    shape.properties = Object.fromEntries(
      Object.entries(object(node['properties'])).map(([name, child]) => [name, recurse(child)]),
    );
  }
  // `required` may stand next to allOf without properties of its own (the reference's *Create).
  if (node['properties'] !== undefined || Array.isArray(node['required'])) {
    shape.required = unique((node['required'] as string[] | undefined) ?? []);
  }
  const additional = node['additionalProperties'];
  if (typeof additional === 'object' && additional !== null) {
    const values = recurse(additional);
    // A map of anything is an object of any properties: zod's record(string, unknown).
    if (!(values.types.length === 1 && values.types[0] === 'any' && PLAIN(values))) shape.values = values;
  }
  if (node['items'] !== undefined) shape.items = recurse(node['items']);
  return shape;
}

/**
 * Read-only fields a request body may carry (an entity read and sent back validates); they are
 * accepted and ignored (wire/entities.ts), so the document need not list them.
 */
const READ_ONLY = ['id', 'createTimeSinceEpoch', 'lastUpdateTimeSinceEpoch'];

/**
 * Lenient in, strict out: a request's id or int64 may be a JSON string or number (wire/values.ts),
 * which the document states as its canonical form, a string.
 */
function lenient(types: readonly string[], direction: Direction): readonly string[] {
  if (direction !== 'request' || !types.includes('string')) return types;
  return types.filter((t) => t !== 'number' && t !== 'integer');
}

/**
 * The differences between what the document says (`documented`) and what the zod schema says
 * (`actual`), one line each, with the JSON path where they differ. Empty: they agree.
 */
export function differences(documented: Shape, actual: Shape, direction: Direction, at = '$'): string[] {
  const found: string[] = [];
  const docTypes = lenient(documented.types, direction);
  const zodTypes = lenient(actual.types, direction);
  if (!docTypes.includes('any') && !zodTypes.includes('any') && docTypes.join('|') !== zodTypes.join('|')) {
    found.push(`${at}: the document says ${docTypes.join('|')}, zod ${zodTypes.join('|')}`);
  }
  if ((documented.enum ?? []).join(',') !== (actual.enum ?? []).join(',')) {
    found.push(
      `${at}: enum ${documented.enum?.join(',') ?? '(none)'} in the document, ${actual.enum?.join(',') ?? '(none)'} in zod`,
    );
  }
  if (documented.properties !== undefined || actual.properties !== undefined) {
    const docProps = documented.properties ?? {};
    const zodProps = actual.properties ?? {};
    for (const name of unique([...Object.keys(docProps), ...Object.keys(zodProps)])) {
      const d = docProps[name];
      const a = zodProps[name];
      if (d === undefined && direction === 'request' && READ_ONLY.includes(name)) continue;
      if (d === undefined) found.push(`${at}.${name}: in zod, not in the document`);
      else if (a === undefined) found.push(`${at}.${name}: in the document, not in zod`);
      else found.push(...differences(d, a, direction, `${at}.${name}`));
      const docRequired = (documented.required ?? []).includes(name);
      const zodRequired = (actual.required ?? []).includes(name);
      if (d !== undefined && a !== undefined && docRequired !== zodRequired) {
        found.push(
          `${at}.${name}: ${docRequired ? 'required' : 'optional'} in the document, ${zodRequired ? 'required' : 'optional'} in zod`,
        );
      }
    }
  }
  for (const part of ['values', 'items'] as const) {
    const d = documented[part];
    const a = actual[part];
    if (d === undefined && a === undefined) continue;
    if (d === undefined || a === undefined) found.push(`${at}: ${part} described on one side only`);
    else found.push(...differences(d, a, direction, `${at}[${part === 'items' ? '' : '*'}]`));
  }
  if (documented.variants !== undefined || actual.variants !== undefined) {
    const d = documented.variants ?? [];
    const a = actual.variants ?? [];
    if (d.length !== a.length) found.push(`${at}: ${d.length} variants in the document, ${a.length} in zod`);
    else
      d.forEach((variant, i) => found.push(...differences(variant, a[i] as Shape, direction, `${at}<${i}>`)));
  }
  return found;
}

/** A zod schema as JSON Schema, the way a request is parsed (input) or a response is written (output). */
export function zodJsonSchema(schema: z.ZodType, direction: Direction): Json {
  return z.toJSONSchema(schema, {
    io: direction === 'request' ? 'input' : 'output',
    unrepresentable: 'any',
  }) as Json;
}

/** Compares one zod schema with the document's schema for the same body. */
export function compareWithDocument(
  documentSchema: unknown,
  document: Json,
  schema: z.ZodType,
  direction: Direction,
): string[] {
  const zodSchema = zodJsonSchema(schema, direction);
  return differences(shapeOf(documentSchema, document), shapeOf(zodSchema, zodSchema), direction);
}
