/** The SDK's generated types, from the served OpenAPI document (YAML text; default: the built server's). */
export function generateClientTypes(yamlText?: string): Promise<string>;
/** The error codes a modelreg server answers with, as a list and a union type for the SDK. */
export function generateErrorCodes(codes?: readonly string[]): Promise<string>;
