/** The SDK's generated types, from the served OpenAPI document (YAML text; default: the built server's). */
export function generateClientTypes(yamlText?: string): Promise<string>;
