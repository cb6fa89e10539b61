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

const CODES_HEADER = `// Generated from packages/server/src/domain/error-codes.ts by scripts/generate-client-types.mjs. Do not edit.
`;

/** The error codes a modelreg server answers with, as a list and a union type for the SDK. */
export async function generateErrorCodes(codes) {
  const list = codes ?? (await import('../packages/server/dist/domain/error-codes.js')).allErrorCodes();
  return (
    CODES_HEADER +
    `
/** Every \`errorCode\` a modelreg server answers with (docs/errors.md). */
export const SERVER_ERROR_CODES = [
${list.map((code) => `  ${JSON.stringify(code)},`).join('\n')}
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
`
  );
}
