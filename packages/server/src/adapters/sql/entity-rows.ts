import type { ApiToken, Grant, Role } from '../../domain/access-control.js';
import type { AuditEvent } from '../../domain/audit.js';
import type {
  AliasMove,
  Approval,
  DeploymentEvent,
  ModelAlias,
  PolicyCondition,
  PromotionPolicy,
  Stage,
  StageTransition,
} from '../../domain/lifecycle.js';
import type { PropertyValue } from '../../domain/custom-properties.js';
import type { EntityKind } from '../../domain/entities.js';
import { ENTITY_FIELDS, type FieldType } from '../../domain/entity-fields.js';

/** The table of each entity kind; also the `owner_kind` of its custom properties. */
export const TABLE: Readonly<Record<EntityKind, string>> = {
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

const COLUMN_OVERRIDES: Readonly<Record<string, string>> = {
  createTimeSinceEpoch: 'create_time',
  lastUpdateTimeSinceEpoch: 'last_update_time',
  startTimeSinceEpoch: 'start_time',
  endTimeSinceEpoch: 'end_time',
  // `schema` is a reserved word in MySQL.
  schema: 'data_schema',
};

export function columnOf(field: string): string {
  return COLUMN_OVERRIDES[field] ?? field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export type Row = Record<string, unknown>;

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

/** One mapper per pair: a row of `kind`'s table to its domain entity (custom properties added by the caller). */
export function rowToEntity(kind: EntityKind, row: Row): Record<string, unknown> {
  const entity: Record<string, unknown> = {};
  for (const [field, type] of Object.entries(ENTITY_FIELDS[kind])) {
    const value = row[columnOf(field)];
    if (value !== null && value !== undefined) entity[field] = fromColumn(type, value);
  }
  return entity;
}

/** The columns for the given domain fields; `null` clears a column. Unknown fields are ignored. */
export function entityToColumns(kind: EntityKind, entity: Readonly<Record<string, unknown>>): Row {
  const fields: Readonly<Record<string, FieldType>> = ENTITY_FIELDS[kind];
  const row: Row = {};
  for (const [field, value] of Object.entries(entity)) {
    const type = fields[field];
    if (type === undefined || field === 'id' || value === undefined) continue;
    row[columnOf(field)] = value === null ? null : type === 'stringList' ? JSON.stringify(value) : value;
  }
  return row;
}

/** An artifact's name is unique within what it is attached to: a model version, else a run, else the top level. */
export function artifactNameScope(entity: Readonly<Record<string, unknown>>): string {
  if (typeof entity['modelVersionId'] === 'number') return `version:${entity['modelVersionId']}`;
  if (typeof entity['experimentRunId'] === 'number') return `run:${entity['experimentRunId']}`;
  return 'top';
}

/**
 * The number a parameter artifact holds, for numeric search and ordering (`params.lr < 0.01`):
 * its value when its type is number and the value reads as a finite number, else null.
 */
export function parameterNumber(entity: Readonly<Record<string, unknown>>): number | null {
  if (entity['artifactType'] !== 'parameter' || entity['parameterType'] !== 'number') return null;
  const text = entity['parameterValue'];
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

export function rowToProperty(row: Row): PropertyValue {
  const type = String(row['value_type']);
  switch (type) {
    case 'int':
      return { type, value: Number(row['int_value']) };
    case 'double':
      return { type, value: Number(row['double_value']) };
    case 'bool':
      return { type, value: row['bool_value'] === true || Number(row['bool_value']) === 1 };
    case 'struct':
      return { type, value: String(row['string_value'] ?? '') };
    case 'proto':
      return { type, value: String(row['string_value'] ?? ''), protoType: String(row['proto_type'] ?? '') };
    default:
      return { type: 'string', value: String(row['string_value'] ?? '') };
  }
}

export function rowToToken(row: Row): ApiToken {
  return {
    id: Number(row['id']),
    name: String(row['name']),
    subject: String(row['subject']),
    role: String(row['role']) as Role,
    registeredModelId: row['registered_model_id'] === null ? undefined : Number(row['registered_model_id']),
    createdBy: String(row['created_by']),
    createTimeSinceEpoch: Number(row['create_time']),
    expireTimeSinceEpoch: row['expire_time'] === null ? undefined : Number(row['expire_time']),
    revokeTimeSinceEpoch: row['revoke_time'] === null ? undefined : Number(row['revoke_time']),
    lastUseTimeSinceEpoch:
      row['last_use_time'] === null || row['last_use_time'] === undefined
        ? undefined
        : Number(row['last_use_time']),
  };
}

/** A global grant is stored with model id 0 (see migration 0002). */
export function rowToGrant(row: Row): Grant {
  const modelId = Number(row['registered_model_id']);
  return {
    id: Number(row['id']),
    principalType: String(row['principal_type']) === 'group' ? 'group' : 'user',
    principal: String(row['principal']),
    role: String(row['role']) as Role,
    registeredModelId: modelId === 0 ? undefined : modelId,
    createdBy: String(row['created_by']),
    createTimeSinceEpoch: Number(row['create_time']),
  };
}

export function rowToAudit(row: Row): AuditEvent {
  const optional = (column: string) => (row[column] === null ? undefined : String(row[column]));
  return {
    id: Number(row['id']),
    timeSinceEpoch: Number(row['event_time']),
    actor: String(row['actor']),
    actorMethod: String(row['actor_method']),
    action: String(row['action']),
    outcome: String(row['outcome']) === 'denied' ? 'denied' : 'success',
    entityType: optional('entity_type'),
    entityId: optional('entity_id'),
    requestId: optional('request_id'),
    detail: optional('detail'),
    prevHash: String(row['prev_hash']),
    hash: String(row['hash']),
  };
}

export function rowToTransition(row: Row): StageTransition {
  return {
    id: Number(row['id']),
    modelVersionId: Number(row['model_version_id']),
    registeredModelId: Number(row['registered_model_id']),
    fromStage: String(row['from_stage']) as Stage,
    toStage: String(row['to_stage']) as Stage,
    actor: String(row['actor']),
    comment: row['comment'] === null ? undefined : String(row['comment']),
    timeSinceEpoch: Number(row['create_time']),
    sequence: Number(row['seq']),
  };
}

export function rowToAlias(row: Row): ModelAlias {
  return {
    registeredModelId: Number(row['registered_model_id']),
    alias: String(row['alias']),
    modelVersionId: Number(row['model_version_id']),
    updateTimeSinceEpoch: Number(row['update_time']),
  };
}

export function rowToAliasMove(row: Row): AliasMove {
  return {
    id: Number(row['id']),
    registeredModelId: Number(row['registered_model_id']),
    alias: String(row['alias']),
    modelVersionId: row['model_version_id'] === null ? undefined : Number(row['model_version_id']),
    actor: String(row['actor']),
    timeSinceEpoch: Number(row['create_time']),
    sequence: Number(row['seq']),
  };
}

export function rowToDeployment(row: Row): DeploymentEvent {
  const optional = (column: string) => (row[column] === null ? undefined : String(row[column]));
  return {
    id: Number(row['id']),
    registeredModelId: Number(row['registered_model_id']),
    modelVersionId: Number(row['model_version_id']),
    servingEnvironmentId: Number(row['serving_environment_id']),
    inferenceServiceId: Number(row['inference_service_id']),
    action: String(row['action']) === 'undeploy' ? 'undeploy' : 'deploy',
    endpoint: optional('endpoint'),
    actor: String(row['actor']),
    comment: optional('comment'),
    timeSinceEpoch: Number(row['create_time']),
    sequence: Number(row['seq']),
  };
}

export function rowToPolicy(row: Row): PromotionPolicy {
  return {
    registeredModelId: Number(row['registered_model_id']),
    stage: String(row['stage']) as Stage,
    conditions: JSON.parse(String(row['conditions'])) as PolicyCondition[],
  };
}

export function rowToApproval(row: Row): Approval {
  return {
    modelVersionId: Number(row['model_version_id']),
    stage: String(row['stage']) as Stage,
    actor: String(row['actor']),
    comment: row['comment'] === null ? undefined : String(row['comment']),
    timeSinceEpoch: Number(row['create_time']),
  };
}
