/** Request-body builders with defaults; override what a test cares about. */
let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export function stringProperty(value: string) {
  return { metadataType: 'MetadataStringValue', string_value: value };
}
export function intProperty(value: number | string) {
  return { metadataType: 'MetadataIntValue', int_value: String(value) };
}
export function doubleProperty(value: number) {
  return { metadataType: 'MetadataDoubleValue', double_value: value };
}
export function boolProperty(value: boolean) {
  return { metadataType: 'MetadataBoolValue', bool_value: value };
}

export function aRegisteredModel(
  overrides: Record<string, unknown> = {},
): { name: string } & Record<string, unknown> {
  return { name: unique('model'), owner: 'alice', description: 'a test model', ...overrides };
}

export function aModelVersion(registeredModelId: string, overrides: Record<string, unknown> = {}) {
  return { name: unique('v'), registeredModelId, author: 'alice', ...overrides };
}

export function aModelArtifact(overrides: Record<string, unknown> = {}) {
  return {
    artifactType: 'model-artifact',
    name: unique('artifact'),
    uri: 's3://models/mnist/1',
    modelFormatName: 'onnx',
    modelFormatVersion: '1',
    ...overrides,
  };
}
