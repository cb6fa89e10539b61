import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const HEADER = `// Generated from the served OpenAPI document by scripts/generate-client-types.mjs. Do not edit.
`;

/** The client's types, from the served document (reference + extensions). */
export async function generateClientTypes(yamlText) {
  const text =
    yamlText ?? (await import('../packages/server/dist/http/openapi-document.js')).servedDocumentYaml();
  const ast = await openapiTS(parse(text), { alphabetize: true });
  return HEADER + astToString(ast);
}
