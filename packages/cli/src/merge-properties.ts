import { toCustomProperties, type CustomProperties } from '@modelreg/client';
import type { MetadataScalar } from './metadata-flags.js';

/**
 * An entity's custom properties with new values set and some keys removed. The typed values it
 * already had stay as they are (a struct stays a struct), since an update sends the whole map.
 */
export function mergeProperties(
  existing: CustomProperties | undefined,
  values: Record<string, MetadataScalar>,
  remove: readonly string[] = [],
): CustomProperties {
  const merged: CustomProperties = { ...existing, ...toCustomProperties(values) };
  for (const key of remove) delete merged[key];
  return merged;
}
