/** A typed custom property value, as Kubeflow's MetadataValue family describes it. */
export type PropertyValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  /** base64 of a serialised google.protobuf.Struct, stored as given */
  | { readonly type: 'struct'; readonly value: string }
  /** base64 of a serialised message of `protoType` */
  | { readonly type: 'proto'; readonly value: string; readonly protoType: string };

export type CustomProperties = Readonly<Record<string, PropertyValue>>;

/**
 * The reference contract carries int values as strings matching `^-?([1-9][0-9]{0,8}|0)$`,
 * so nothing wider than nine digits can be returned; we refuse it rather than store it.
 */
export const MAX_INT_PROPERTY = 999_999_999;

export function isStorableInt(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= MAX_INT_PROPERTY;
}
