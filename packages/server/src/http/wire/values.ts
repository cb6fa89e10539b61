import { z } from 'zod';
import { isStorableInt, type CustomProperties, type PropertyValue } from '../../domain/custom-properties.js';

// Shared wire shapes. The reference carries ids and int64 times as strings; we also accept
// JSON numbers on input (lenient in, strict out) and always answer with strings.

const ID_PATTERN = /^[1-9][0-9]{0,8}$/;

export const wireId = z
  .union([z.string(), z.number()])
  .refine((v) => ID_PATTERN.test(String(v)), { message: 'must be an id: 1 to 9 digits, no leading zero' })
  .transform((v) => Number(v));

export const wireInt64 = z
  .union([z.string(), z.number()])
  .refine((v) => /^-?[0-9]{1,15}$/.test(String(v)), { message: 'must be an integer of at most 15 digits' })
  .transform((v) => Number(v));

/** A name or other value stored in a 255-character column. */
export const shortText = z.string().max(255, { message: 'must be at most 255 characters' });
export const nonEmptyShortText = shortText.min(1, { message: 'must not be empty' });
/**
 * Free text (descriptions, URIs, readme). Four million UTF-16 units fit every engine's column
 * (MySQL MEDIUMTEXT holds 16 MB) whatever the characters.
 */
export const MAX_LONG_TEXT = 4_000_000;
export const longText = z
  .string()
  .max(MAX_LONG_TEXT, { message: `must be at most ${MAX_LONG_TEXT} characters` });

const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, {
  message: 'must be padded base64',
});

/** A URI with a scheme and no whitespace, as the reference's `format: uri` asks. */
export const uriText = z
  .string()
  .refine((v) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(v) && URL.canParse(v), {
    message: 'must be an absolute URI (scheme:...)',
  });

const intValue = z
  .union([z.string(), z.number()])
  .refine((v) => /^-?([1-9][0-9]{0,8}|0)$/.test(String(v)) && isStorableInt(Number(v)), {
    message: 'must be an integer of at most 9 digits, as a string (the MetadataIntValue contract)',
  })
  .transform((v) => Number(v));

const metadataValue = z.discriminatedUnion('metadataType', [
  z.strictObject({ metadataType: z.literal('MetadataIntValue'), int_value: intValue }),
  z.strictObject({ metadataType: z.literal('MetadataDoubleValue'), double_value: z.number() }),
  z.strictObject({ metadataType: z.literal('MetadataStringValue'), string_value: longText }),
  z.strictObject({ metadataType: z.literal('MetadataBoolValue'), bool_value: z.boolean() }),
  z.strictObject({ metadataType: z.literal('MetadataStructValue'), struct_value: base64 }),
  z.strictObject({ metadataType: z.literal('MetadataProtoValue'), type: z.string(), proto_value: base64 }),
]);

const VALUE_KEY_TYPE: Readonly<Record<string, string>> = {
  int_value: 'MetadataIntValue',
  double_value: 'MetadataDoubleValue',
  string_value: 'MetadataStringValue',
  bool_value: 'MetadataBoolValue',
  struct_value: 'MetadataStructValue',
  proto_value: 'MetadataProtoValue',
};

/** Fills in a missing `metadataType` when the value key makes it unambiguous. */
function withMetadataType(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'metadataType' in value)
    return value;
  const types = Object.keys(value)
    .map((k) => VALUE_KEY_TYPE[k])
    .filter((t) => t !== undefined);
  return types.length === 1 ? { ...value, metadataType: types[0] } : value;
}

export const wireCustomProperties = z
  .record(
    z.string().min(1, { message: 'a property name must not be empty' }).max(255),
    z.preprocess(withMetadataType, metadataValue),
  )
  .transform((record): CustomProperties => {
    const properties: Record<string, PropertyValue> = {};
    for (const [name, v] of Object.entries(record)) {
      switch (v.metadataType) {
        case 'MetadataIntValue':
          properties[name] = { type: 'int', value: v.int_value };
          break;
        case 'MetadataDoubleValue':
          properties[name] = { type: 'double', value: v.double_value };
          break;
        case 'MetadataStringValue':
          properties[name] = { type: 'string', value: v.string_value };
          break;
        case 'MetadataBoolValue':
          properties[name] = { type: 'bool', value: v.bool_value };
          break;
        case 'MetadataStructValue':
          properties[name] = { type: 'struct', value: v.struct_value };
          break;
        case 'MetadataProtoValue':
          properties[name] = { type: 'proto', value: v.proto_value, protoType: v.type };
          break;
      }
    }
    return properties;
  });

/** Custom properties as the server writes them: the reference's MetadataValue, int64s as strings. */
export const CUSTOM_PROPERTIES_ANSWER = z.record(
  z.string(),
  z.discriminatedUnion('metadataType', [
    z.strictObject({ metadataType: z.literal('MetadataIntValue'), int_value: z.string() }),
    z.strictObject({ metadataType: z.literal('MetadataDoubleValue'), double_value: z.number() }),
    z.strictObject({ metadataType: z.literal('MetadataStringValue'), string_value: z.string() }),
    z.strictObject({ metadataType: z.literal('MetadataBoolValue'), bool_value: z.boolean() }),
    z.strictObject({ metadataType: z.literal('MetadataStructValue'), struct_value: z.string() }),
    z.strictObject({
      metadataType: z.literal('MetadataProtoValue'),
      type: z.string(),
      proto_value: z.string(),
    }),
  ]),
);

export function customPropertiesToWire(
  properties: CustomProperties,
): z.output<typeof CUSTOM_PROPERTIES_ANSWER> {
  const wire: z.output<typeof CUSTOM_PROPERTIES_ANSWER> = {};
  for (const [name, p] of Object.entries(properties)) {
    switch (p.type) {
      case 'int':
        wire[name] = { metadataType: 'MetadataIntValue', int_value: String(p.value) };
        break;
      case 'double':
        wire[name] = { metadataType: 'MetadataDoubleValue', double_value: p.value };
        break;
      case 'string':
        wire[name] = { metadataType: 'MetadataStringValue', string_value: p.value };
        break;
      case 'bool':
        wire[name] = { metadataType: 'MetadataBoolValue', bool_value: p.value };
        break;
      case 'struct':
        wire[name] = { metadataType: 'MetadataStructValue', struct_value: p.value };
        break;
      case 'proto':
        wire[name] = { metadataType: 'MetadataProtoValue', type: p.protoType, proto_value: p.value };
        break;
    }
  }
  return wire;
}
