import type { Selectable } from 'kysely';
import type { CustomProperties, PropertyValue } from '../../../domain/custom-properties.js';
import type { Artifact, EntityByKind, EntityKind } from '../../../domain/entities.js';
import { ENTITY_FIELDS, type FieldType } from '../../../domain/entity-fields.js';
import type { CustomPropertyTable, EntityTable, EntityTables } from '../database.js';

/** The table of each entity kind; also the `owner_kind` of its custom properties. */
export const TABLE: Readonly<Record<EntityKind, EntityTable>> = {
  registeredModel: 'registered_model',
  modelVersion: 'model_version',
  artifact: 'artifact',
  servingEnvironment: 'serving_environment',
  inferenceService: 'inference_service',
  serveModel: 'serve_model',
  experiment: 'experiment',
  experimentRun: 'experiment_run',
  metricHistory: 'metric_history',
};

/** Kinds whose ids come from the shared `context_id` sequence (see migration 0001). */
export const CONTEXT_KINDS: ReadonlySet<EntityKind> = new Set([
  'registeredModel',
  'modelVersion',
  'servingEnvironment',
  'inferenceService',
  'experiment',
  'experimentRun',
]);

const COLUMN_OVERRIDES: ReadonlyMap<string, string> = new Map([
  ['createTimeSinceEpoch', 'create_time'],
  ['lastUpdateTimeSinceEpoch', 'last_update_time'],
  ['startTimeSinceEpoch', 'start_time'],
  ['endTimeSinceEpoch', 'end_time'],
  // `schema` is a reserved word in MySQL.
  ['schema', 'data_schema'],
]);

export function columnOf(field: string): string {
  return COLUMN_OVERRIDES.get(field) ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A row of any entity table, as read. */
export type EntityRow = Selectable<EntityTables[EntityTable]>;

/** A value of an entity column as written: text (a list as JSON text), a number, or NULL. */
export type ColumnValue = string | number | null;

/** The columns of an entity row to write, by column name (derived from the kind's field table). */
export type EntityColumns = Map<string, ColumnValue>;

function fromColumn(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'id':
    case 'time':
    case 'int':
    case 'double':
      // pg returns int8 as a string, mysql2 may too with supportBigNumbers.
      return Number(value);
    case 'string':
      return String(value);
    case 'stringList':
      return JSON.parse(String(value)) as unknown;
  }
}

/** A field of a kind, the column it is read from, and its type; worked out once per kind. */
interface FieldColumn {
  readonly field: string;
  readonly column: string;
  readonly type: FieldType;
}

/** A kind's fields in order (for reading rows) and by name (for writing them). */
interface Layout {
  readonly fields: readonly FieldColumn[];
  readonly byField: ReadonlyMap<string, FieldColumn>;
}

const LAYOUTS = new Map<EntityKind, Layout>();

/**
 * The fields of an entity kind (ENTITY_FIELDS, without the per-kind key types), their columns and
 * types, worked out once per kind: lists map thousands of rows, and each write maps its fields
 * (a Map and a regex per field each time cost 10 µs a registration).
 */
function layoutOf(kind: EntityKind): Layout {
  let layout = LAYOUTS.get(kind);
  if (layout === undefined) {
    const fields = Object.entries(ENTITY_FIELDS[kind]).map(([field, type]) => ({
      field,
      column: columnOf(field),
      type,
    }));
    layout = { fields, byField: new Map(fields.map((field) => [field.field, field])) };
    LAYOUTS.set(kind, layout);
  }
  return layout;
}

/**
 * One mapper per pair: a row of `kind`'s table to its entity (fields in the kind's order, from
 * its field table only), with the custom properties the caller read for it. Lists map thousands
 * of rows, so the layout is worked out once per kind and each field's column read directly.
 */
export function rowToEntity<K extends EntityKind>(
  kind: K,
  row: EntityRow,
  customProperties: CustomProperties,
): EntityByKind[K] {
  const entity: { [field: string]: unknown } = {};
  for (const { field, column, type } of layoutOf(kind).fields) {
    // The column by its name in the kind's layout: the row is one of several tables' rows.
    const value: unknown = Reflect.get(row, column);
    if (value !== null && value !== undefined) entity[field] = fromColumn(type, value);
  }
  entity.customProperties = customProperties;
  // The fields of the kind's table, typed by ENTITY_FIELDS; TypeScript cannot follow the mapping.
  return entity as unknown as EntityByKind[K];
}

/** The columns for the given domain fields; `null` clears a column. Unknown fields are ignored. */
export function entityToColumns(kind: EntityKind, entity: object): EntityColumns {
  const fields = layoutOf(kind).byField;
  const columns: EntityColumns = new Map();
  for (const [field, value] of Object.entries(entity) as [string, unknown][]) {
    const known = fields.get(field);
    if (known === undefined || field === 'id' || value === undefined) continue;
    columns.set(known.column, toColumn(known.type, value));
  }
  return columns;
}

function toColumn(type: FieldType, value: unknown): ColumnValue {
  if (value === null) return null;
  if (type === 'stringList') return JSON.stringify(value);
  return typeof value === 'number' ? value : String(value);
}

/** The placement fields of an artifact (null: cleared by a change). */
export interface ArtifactPlacement {
  readonly modelVersionId?: number | null | undefined;
  readonly experimentRunId?: number | null | undefined;
}

/** An artifact's name is unique within what it is attached to: a model version, else a run, else the top level. */
export function artifactNameScope(artifact: ArtifactPlacement): string {
  if (typeof artifact.modelVersionId === 'number') return `version:${artifact.modelVersionId}`;
  if (typeof artifact.experimentRunId === 'number') return `run:${artifact.experimentRunId}`;
  return 'top';
}

/** The parameter fields of an artifact. */
export type ArtifactParameter = Partial<Pick<Artifact, 'artifactType' | 'parameterType' | 'parameterValue'>>;

/**
 * The number a parameter artifact holds, for numeric search and ordering (`params.lr < 0.01`):
 * its value when its type is number and the value reads as a finite number, else null.
 */
export function parameterNumber(artifact: ArtifactParameter): number | null {
  if (artifact.artifactType !== 'parameter' || artifact.parameterType !== 'number') return null;
  const text = artifact.parameterValue;
  if (typeof text !== 'string' || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export interface PropertyRow {
  owner_kind: string;
  owner_id: number;
  name: string;
  value_type: PropertyValue['type'];
  int_value: number | null;
  double_value: number | null;
  string_value: string | null;
  bool_value: boolean | number | null;
  proto_type: string | null;
}

export function propertyToRow(
  ownerKind: string,
  ownerId: number,
  name: string,
  value: PropertyValue,
  bool: (value: boolean) => boolean | number,
): PropertyRow {
  const row: PropertyRow = {
    owner_kind: ownerKind,
    owner_id: ownerId,
    name,
    value_type: value.type,
    int_value: null,
    double_value: null,
    string_value: null,
    bool_value: null,
    proto_type: null,
  };
  switch (value.type) {
    case 'int':
      row.int_value = value.value;
      break;
    case 'double':
      row.double_value = value.value;
      break;
    case 'bool':
      row.bool_value = bool(value.value);
      break;
    case 'string':
    case 'struct':
      row.string_value = value.value;
      break;
    case 'proto':
      row.string_value = value.value;
      row.proto_type = value.protoType;
      break;
  }
  return row;
}

/** The columns of a custom property's row that hold its value. */
export const PROPERTY_VALUE_COLUMNS = [
  'value_type',
  'int_value',
  'double_value',
  'string_value',
  'bool_value',
  'proto_type',
] as const;

export function rowToProperty(
  row: Pick<Selectable<CustomPropertyTable>, (typeof PROPERTY_VALUE_COLUMNS)[number]>,
): PropertyValue {
  const type = String(row.value_type);
  switch (type) {
    case 'int':
      return { type, value: Number(row.int_value) };
    case 'double':
      return { type, value: Number(row.double_value) };
    case 'bool':
      return { type, value: row.bool_value === true || Number(row.bool_value) === 1 };
    case 'struct':
      return { type, value: String(row.string_value ?? '') };
    case 'proto':
      return { type, value: String(row.string_value ?? ''), protoType: String(row.proto_type ?? '') };
    default:
      return { type: 'string', value: String(row.string_value ?? '') };
  }
}
