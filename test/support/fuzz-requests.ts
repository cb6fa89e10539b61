// Hostile requests for the fuzz suite, generated from the served OpenAPI document with a seeded
// generator: the same seed gives the same requests, so a failure is replayed by running again.

type Json = Record<string, unknown>;

/** mulberry32: small, fast and good enough to pick cases; not for anything secret. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

export interface FuzzRequest {
  readonly method: string;
  /** Path and query string, already encoded. */
  readonly path: string;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  /** Which class of hostile input this is, for the failure report. */
  readonly fuzzClass: string;
}

/** Ids no engine's INTEGER column holds, ids that are not ids, and ids that look like SQL. */
export const HOSTILE_IDS = [
  '99999999999',
  '2147483648',
  '9223372036854775808',
  '9'.repeat(40),
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  '%20%201',
  "1'%20OR%20'1'='1",
  '1;DROP%20TABLE%20registered_model',
  '%00',
  '1%00',
  'NaN',
];

const HOSTILE_TEXT = [
  '',
  ' ',
  'x'.repeat(5000),
  "'; DROP TABLE registered_model; --",
  '" OR ""="',
  '\u0000',
  'a\u0000b',
  '%',
  '_%\\',
  '\\',
  '😀'.repeat(300),
  '\ud800',
  '${jndi:ldap://127.0.0.1/x}',
  '../../../etc/passwd',
  '99999999999',
  '-99999999999999999999',
];

/** filterQuery values shaped like injections, out-of-range numbers and parser stress. */
export const HOSTILE_FILTERS = [
  'id = 99999999999',
  "id = '99999999999'",
  'id IN (1, 99999999999)',
  'id BETWEEN 1 AND 99999999999999999999',
  'registeredModelId = 99999999999',
  'modelVersionId = 2147483648',
  'createTimeSinceEpoch > 99999999999999999999999',
  'step = 99999999999',
  'accuracy.int_value = 99999999999',
  'accuracy > 1e400',
  'accuracy.double_value < -1e400',
  'x.int_value IN (99999999999, 1)',
  "name = 'a' OR 1=1",
  "name = ''; DROP TABLE registered_model; --'",
  "name = 'a'' OR ''1''=''1'",
  "name LIKE '%'",
  "name ILIKE '%\\%'",
  '`a`b` = 1',
  "`; DELETE FROM registered_model` = 'x'",
  "name = 'a\u0000b'",
  '(((((((((((name = 1)))))))))))',
  `${'('.repeat(200)}id = 1${')'.repeat(200)}`,
  `${'NOT '.repeat(2000)}id = 1`,
  Array.from({ length: 300 }, (_, i) => `id = ${i + 1}`).join(' OR '),
  `id IN (${Array.from({ length: 2000 }, (_, i) => i + 1).join(',')})`,
  `name IN (${Array.from({ length: 900 }, (_, i) => `'n${i}'`).join(',')})`,
  'metrics.accuracy > 99999999999',
  'params.lr = 99999999999',
  'labels = 99999999999',
  'name = ',
  ')',
  "'",
];

const PAGE_SIZES = ['1000000000', '99999999999', '0', '-1', '1.5', '1e3', '', '%00', '2147483648'];

/** Bodies that are not JSON objects, or JSON no parser should have to recurse through. */
export const MALFORMED_BODIES = [
  '{',
  '{"name": ',
  '{"name": "a"}}',
  '[]',
  'null',
  '1',
  '"text"',
  '{"name": "a", "name": "b"}',
  '\u0000',
  '{"name": "a"}\u0000',
  '{"name": "\\u0000"}',
  '{"name": "\\ud800"}',
  `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  `{"customProperties": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
  '{"name": 1e999999}',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"x": 1}}}',
];

/** A JSON map of `entries` valid custom properties of every type. */
export function manyCustomProperties(entries: number): Json {
  const map: Json = {};
  for (let i = 0; i < entries; i += 1) {
    map[`p${i}`] =
      i % 4 === 0
        ? { metadataType: 'MetadataStringValue', string_value: `v${i}` }
        : i % 4 === 1
          ? { metadataType: 'MetadataIntValue', int_value: String(i) }
          : i % 4 === 2
            ? { metadataType: 'MetadataDoubleValue', double_value: i / 3 }
            : { metadataType: 'MetadataBoolValue', bool_value: i % 8 === 3 };
  }
  return map;
}

export interface DocumentOperation {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  /** Flattened properties of the JSON request body (allOf merged), when it takes one. */
  readonly bodyProperties?: Readonly<Record<string, Json>>;
  readonly bytesBody: boolean;
}

function resolveRef(doc: Json, value: unknown): Json {
  const ref = (value as { $ref?: unknown } | undefined)?.$ref;
  if (typeof ref !== 'string') return (value ?? {}) as Json;
  let node: unknown = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Json)[part];
  return resolveRef(doc, node);
}

function flattenProperties(doc: Json, schema: Json): Record<string, Json> {
  const resolved = resolveRef(doc, schema);
  const out: Record<string, Json> = {};
  for (const part of (resolved['allOf'] as unknown[] | undefined) ?? []) {
    Object.assign(out, flattenProperties(doc, part as Json));
  }
  for (const [name, property] of Object.entries((resolved['properties'] as Json | undefined) ?? {})) {
    out[name] = resolveRef(doc, property);
  }
  return out;
}

/** Every operation of the served document, with what can be fuzzed in it. */
export function documentOperations(doc: Json): DocumentOperation[] {
  const operations: DocumentOperation[] = [];
  for (const [template, item] of Object.entries(doc['paths'] as Record<string, Json>)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = item[method] as Json | undefined;
      if (operation === undefined) continue;
      const parameters = [
        ...((item['parameters'] as unknown[]) ?? []),
        ...((operation['parameters'] as unknown[]) ?? []),
      ]
        .map((p) => resolveRef(doc, p))
        .filter((p) => p['in'] === 'path' || p['in'] === 'query');
      const content = (resolveRef(doc, operation['requestBody'])['content'] ?? {}) as Json;
      const json = (content['application/json'] as Json | undefined)?.['schema'];
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: String(operation['operationId']),
        pathParams: parameters.filter((p) => p['in'] === 'path').map((p) => String(p['name'])),
        queryParams: parameters.filter((p) => p['in'] === 'query').map((p) => String(p['name'])),
        ...(json === undefined ? {} : { bodyProperties: flattenProperties(doc, json as Json) }),
        bytesBody: content['application/octet-stream'] !== undefined,
      });
    }
  }
  return operations;
}

/** Percent-encodes, a lone surrogate included (as the bytes of its invalid UTF-8 encoding). */
function encodeHostile(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function hostileValue(random: Random, schema: Json): unknown {
  const type = schema['type'];
  if (schema['format'] === 'int64' || /id$/i.test(String(schema['description'] ?? ''))) {
    return random.pick([...HOSTILE_IDS.map(decodeURIComponent), 99999999999, 1e308, -1, 1.5]);
  }
  if (type === 'object') return random.chance(0.5) ? manyCustomProperties(5000) : { '\u0000': 1 };
  if (type === 'array') return random.chance(0.5) ? Array.from({ length: 5000 }, (_, i) => `v${i}`) : [null];
  if (type === 'integer' || type === 'number') return random.pick([99999999999999, 1e308, -1e308, 0.5, '1']);
  if (type === 'boolean') return random.pick(['true', 0, null]);
  return random.pick(HOSTILE_TEXT);
}

/** A request of `fuzzClass` for an operation; `realIds` are ids that exist, so deeper code runs. */
export function fuzzRequest(
  random: Random,
  operation: DocumentOperation,
  realIds: readonly string[],
  fuzzClass: 'ids' | 'query' | 'malformed' | 'fields' | 'map',
): FuzzRequest {
  let path = operation.template;
  for (const name of operation.pathParams) {
    const real = operation.method !== 'DELETE' && (fuzzClass !== 'ids' || random.chance(0.3));
    const value = real
      ? random.pick(realIds)
      : /path|alias|stage/i.test(name)
        ? encodeHostile(random.pick(HOSTILE_TEXT)) || 'x'
        : random.pick(HOSTILE_IDS);
    path = path.replace(`{${name}}`, value);
  }
  const query = operation.queryParams
    .filter(() => fuzzClass === 'query' || fuzzClass === 'ids' || random.chance(0.2))
    .map((name) => {
      let value: string;
      if (name === 'filterQuery') value = random.pick(HOSTILE_FILTERS);
      else if (name === 'pageSize' || name === 'limit' || name === 'depth') value = random.pick(PAGE_SIZES);
      else if (/id$/i.test(name) || fuzzClass === 'ids') value = decodeURIComponent(random.pick(HOSTILE_IDS));
      else value = random.pick(HOSTILE_TEXT);
      return `${encodeURIComponent(name)}=${encodeHostile(value)}`;
    });
  if (query.length > 0) path += `?${query.join('&')}`;
  const base = { method: operation.method, path, fuzzClass };
  if (operation.bytesBody)
    return { ...base, body: new Uint8Array(random.int(64)), contentType: 'application/octet-stream' };
  const properties = operation.bodyProperties;
  if (properties === undefined) return base;
  if (fuzzClass === 'malformed')
    return { ...base, body: random.pick(MALFORMED_BODIES), contentType: 'application/json' };
  const body: Json = {};
  if (fuzzClass === 'map') {
    // Every field sensible but the map: a body the server must store or refuse, never fail on.
    if ('name' in properties) body['name'] = `fuzz-${random.int(1e9)}`;
    body['customProperties'] = manyCustomProperties(5000);
  } else {
    for (const [name, schema] of Object.entries(properties)) {
      if (!random.chance(0.6)) continue;
      // The query of a search twin: the filters and page sizes a URL would carry.
      if (name === 'filterQuery') body[name] = random.pick(HOSTILE_FILTERS);
      else if (name === 'pageSize') body[name] = random.pick([...PAGE_SIZES, 1e9, -1, 0.5]);
      else body[name] = hostileValue(random, schema);
    }
  }
  return { ...base, body: JSON.stringify(body), contentType: 'application/json' };
}
