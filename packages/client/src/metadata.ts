import type { CustomProperties, MetadataInput, MetadataValue } from './types.js';

/** The Kubeflow contract carries int values as strings of at most nine digits. */
const MAX_INT = 999_999_999;

/**
 * Plain values to typed custom properties: integers within ±999 999 999 become int values,
 * other numbers double values, booleans bool values, strings string values; null and
 * undefined are left out (as the Kubeflow Python client does).
 */
export function toCustomProperties(metadata: MetadataInput | undefined): CustomProperties {
  const properties: CustomProperties = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'boolean') {
      properties[key] = { metadataType: 'MetadataBoolValue', bool_value: value };
    } else if (typeof value === 'number') {
      properties[key] =
        Number.isInteger(value) && Math.abs(value) <= MAX_INT
          ? { metadataType: 'MetadataIntValue', int_value: String(value) }
          : { metadataType: 'MetadataDoubleValue', double_value: value };
    } else {
      properties[key] = { metadataType: 'MetadataStringValue', string_value: value };
    }
  }
  return properties;
}

/** Typed custom properties back to plain values (struct and proto values stay base64 strings). */
export function fromCustomProperties(
  properties: Record<string, MetadataValue> | undefined,
): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const [key, property] of Object.entries(properties ?? {})) {
    switch (property.metadataType) {
      case 'MetadataIntValue':
        values[key] = Number(property.int_value);
        break;
      case 'MetadataDoubleValue':
        values[key] = property.double_value;
        break;
      case 'MetadataBoolValue':
        values[key] = property.bool_value;
        break;
      case 'MetadataStringValue':
        values[key] = property.string_value;
        break;
      case 'MetadataStructValue':
        values[key] = property.struct_value;
        break;
      case 'MetadataProtoValue':
        values[key] = property.proto_value;
        break;
    }
  }
  return values;
}
