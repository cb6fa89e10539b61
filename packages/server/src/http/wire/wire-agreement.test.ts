import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { loadServedDocument } from '../openapi-document.js';
import { EXTENSION_WIRE, type OtherBody } from './extension-operations.js';
import { compareWithDocument, type Direction } from './schema-agreement.js';

type Json = Record<string, unknown>;
const object = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const served = loadServedDocument();
const extensions = object(
  parse(
    readFileSync(
      fileURLToPath(new URL('../../../openapi/modelreg-extensions.openapi.yaml', import.meta.url)),
      'utf8',
    ),
  ),
);

/** Every operation the extension document defines, as the served document serves it. */
function extensionOperations(): { id: string; operation: Json }[] {
  const found: { id: string; operation: Json }[] = [];
  for (const [path, item] of Object.entries(object(extensions['paths']))) {
    for (const method of METHODS) {
      const id = object(object(item)[method])['operationId'];
      if (typeof id !== 'string') continue;
      found.push({ id, operation: object(object(object(served['paths'])[path])[method]) });
    }
  }
  return found;
}

function follow(node: unknown): Json {
  const ref = object(node)['$ref'];
  if (typeof ref !== 'string') return object(node);
  let target: unknown = served;
  for (const part of ref.slice(2).split('/')) target = object(target)[part];
  return follow(target);
}

/** A request body or an answer of the document: its JSON schema, or what else it is. */
function documentedBody(node: unknown): { json: unknown } | OtherBody {
  const content = object(follow(node)['content']);
  if (Object.keys(content).length === 0) return 'empty';
  const json = object(content['application/json'])['schema'];
  return json === undefined ? 'bytes' : { json };
}

function compare(
  label: string,
  documented: { json: unknown } | OtherBody,
  actual: z.ZodType | OtherBody,
  direction: Direction,
): string[] {
  if (typeof documented === 'string' || typeof actual === 'string') {
    const zodSide = typeof actual === 'string' ? actual : 'JSON';
    const docSide = typeof documented === 'string' ? documented : 'JSON';
    return zodSide === docSide ? [] : [`${label}: ${docSide} in the document, ${zodSide} in zod`];
  }
  return compareWithDocument(documented.json, served, actual, direction).map((d) => `${label} ${d}`);
}

function disagreements(id: string, operation: Json): string[] {
  const wire = EXTENSION_WIRE[id as keyof typeof EXTENSION_WIRE];
  if (wire === undefined) return [`${id}: no zod schemas registered (wire/extension-operations.ts)`];
  const found: string[] = [];
  const requestBody = operation['requestBody'];
  if (requestBody === undefined && wire.request !== undefined)
    found.push(`${id}: a request body in zod only`);
  if (requestBody !== undefined && wire.request === undefined)
    found.push(`${id}: a request body in the document only`);
  if (requestBody !== undefined && wire.request !== undefined) {
    found.push(...compare(`${id} request`, documentedBody(requestBody), wire.request, 'request'));
  }
  const responses = object(operation['responses']);
  const documentedStatuses = Object.keys(responses).filter((status) => /^2/.test(status));
  for (const status of new Set([...documentedStatuses, ...Object.keys(wire.responses)])) {
    const actual = wire.responses[status];
    if (actual === undefined) found.push(`${id} ${status}: documented, no zod schema`);
    else if (!documentedStatuses.includes(status)) found.push(`${id} ${status}: in zod, not documented`);
    else found.push(...compare(`${id} ${status}`, documentedBody(responses[status]), actual, 'response'));
  }
  return found;
}

describe('the zod wire schemas and the served OpenAPI document', () => {
  const operations = extensionOperations();

  it('finds the extension operations', () => {
    expect(operations.length).toBeGreaterThan(80);
  });

  it('agree for every extension operation: request bodies and answers', () => {
    const found = operations.flatMap(({ id, operation }) => disagreements(id, operation));
    expect(found).toEqual([]);
  });

  it('have no zod schemas for an operation the document does not define', () => {
    const documented = new Set(operations.map((o) => o.id));
    expect(Object.keys(EXTENSION_WIRE).filter((id) => !documented.has(id))).toEqual([]);
  });
});
