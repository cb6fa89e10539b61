/**
 * The filterQuery language of the Kubeflow Model Registry, as a syntax tree.
 * `position` is the 0-based character offset of the node in the query, for error messages.
 */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean };

export type ValueSuffix = 'string_value' | 'int_value' | 'double_value' | 'bool_value';

export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  /** `x BETWEEN a AND b`: the value is the list [a, b], both ends included. */
  | 'BETWEEN'
  /** No value: the property is absent (custom) or empty (standard field). */
  | 'IS NULL'
  | 'IS NOT NULL';

export interface PropertyReference {
  /** The property name, unquoted (backticks and quotes removed). */
  readonly name: string;
  /** A `.string_value`-style suffix, when the query gave one. */
  readonly suffix?: ValueSuffix | undefined;
  /**
   * The name was in backticks: it names a custom property even where the bare word is a search
   * term (`metrics.accuracy`, `labels`, `alias`, ...).
   */
  readonly quoted?: boolean | undefined;
  readonly position: number;
}

export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | { readonly kind: 'not'; readonly operand: FilterExpression }
  | {
      readonly kind: 'comparison';
      readonly property: PropertyReference;
      /** `<>` is parsed as `!=`. */
      readonly operator: ComparisonOperator;
      /** One literal, the list of an IN, the two ends of a BETWEEN, or [] for IS [NOT] NULL. */
      readonly value: Literal | readonly Literal[];
      readonly position: number;
    };
