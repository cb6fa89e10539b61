import { z } from 'zod';
import {
  ARTIFACT_STATES,
  ARTIFACT_TYPES,
  EXECUTION_STATES,
  INFERENCE_SERVICE_STATES,
  LIVE_OR_ARCHIVED,
  PARAMETER_TYPES,
  RUN_STATUSES,
  type ArtifactType,
  type EntityByKind,
  type EntityKind,
} from '../../domain/entities.js';
import { ARTIFACT_TYPE_FIELDS } from '../../domain/artifact-fields.js';
import { STAGES } from '../../domain/lifecycle.js';
import type { EntityAnswer } from './entity-answers.js';
import { ENTITY_FIELDS, type FieldType } from '../../domain/entity-fields.js';
import {
  customPropertiesToWire,
  longText,
  nonEmptyShortText,
  shortText,
  uriText,
  wireCustomProperties,
  wireId,
  wireInt64,
} from './values.js';

/**
 * The request-body shape of each entity kind, shared by create and update: every field
 * optional here; the operation's required fields are checked before (to answer 422 or 400
 * as the reference says). Read-only fields are accepted and dropped; unknown fields are a 400.
 */
const readOnly = {
  id: wireId.optional(),
  createTimeSinceEpoch: z.unknown().optional(),
  lastUpdateTimeSinceEpoch: z.unknown().optional(),
};

const baseFields = {
  ...readOnly,
  name: nonEmptyShortText.optional(),
  externalId: shortText.optional(),
  description: longText.optional(),
  customProperties: wireCustomProperties.optional(),
};

const stringList = z.array(shortText);

export const WRITE_SCHEMAS = {
  registeredModel: z.strictObject({
    ...baseFields,
    owner: shortText.optional(),
    state: z.enum(LIVE_OR_ARCHIVED).optional(),
    readme: longText.optional(),
    maturity: shortText.optional(),
    language: stringList.optional(),
    tasks: stringList.optional(),
    provider: shortText.optional(),
    logo: uriText.optional(),
    license: shortText.optional(),
    licenseLink: uriText.optional(),
    libraryName: shortText.optional(),
    versionScheme: z.enum(['free', 'semver']).optional(),
  }),
  modelVersion: z.strictObject({
    ...baseFields,
    registeredModelId: wireId.optional(),
    author: shortText.optional(),
    state: z.enum(LIVE_OR_ARCHIVED).optional(),
    // Accepted so that an entity read and sent back validates; changing it is a 400.
    stage: z.enum(STAGES).optional(),
  }),
  artifact: z.strictObject({
    ...baseFields,
    artifactType: z.enum(ARTIFACT_TYPES).optional(),
    uri: longText.optional(),
    state: z.enum(ARTIFACT_STATES).optional(),
    experimentId: wireId.optional(),
    experimentRunId: wireId.optional(),
    modelFormatName: shortText.optional(),
    modelFormatVersion: shortText.optional(),
    storageKey: shortText.optional(),
    storagePath: longText.optional(),
    serviceAccountName: shortText.optional(),
    modelSourceKind: shortText.optional(),
    modelSourceClass: shortText.optional(),
    modelSourceGroup: shortText.optional(),
    modelSourceId: shortText.optional(),
    modelSourceName: shortText.optional(),
    digest: shortText.optional(),
    sourceType: shortText.optional(),
    source: longText.optional(),
    schema: longText.optional(),
    profile: longText.optional(),
    // A metric's value is a number, a parameter's a string: the service maps it by type.
    value: z.union([z.number(), z.string(), z.boolean()]).optional(),
    timestamp: wireInt64.optional(),
    step: wireInt64.optional(),
    parameterType: z.enum(PARAMETER_TYPES).optional(),
  }),
  servingEnvironment: z.strictObject({ ...baseFields }),
  inferenceService: z.strictObject({
    ...baseFields,
    registeredModelId: wireId.optional(),
    servingEnvironmentId: wireId.optional(),
    modelVersionId: wireId.optional(),
    runtime: shortText.optional(),
    desiredState: z.enum(INFERENCE_SERVICE_STATES).optional(),
  }),
  serveModel: z.strictObject({
    ...baseFields,
    inferenceServiceId: wireId.optional(),
    modelVersionId: wireId.optional(),
    lastKnownState: z.enum(EXECUTION_STATES).optional(),
  }),
  experiment: z.strictObject({
    ...baseFields,
    owner: shortText.optional(),
    state: z.enum(LIVE_OR_ARCHIVED).optional(),
  }),
  experimentRun: z.strictObject({
    ...baseFields,
    experimentId: wireId.optional(),
    owner: shortText.optional(),
    state: z.enum(LIVE_OR_ARCHIVED).optional(),
    status: z.enum(RUN_STATUSES).optional(),
    startTimeSinceEpoch: wireInt64.optional(),
    endTimeSinceEpoch: wireInt64.optional(),
  }),
} as const;

export type WritableKind = keyof typeof WRITE_SCHEMAS;
export type WriteBody<K extends WritableKind> = z.output<(typeof WRITE_SCHEMAS)[K]>;

const WIRE_NAME: Readonly<Record<string, string>> = { metricValue: 'value', parameterValue: 'value' };
/** Domain fields that the reference does not put on the wire for that kind. */
const HIDDEN: Partial<Record<EntityKind, ReadonlySet<string>>> = {
  artifact: new Set(['modelVersionId']),
  serveModel: new Set(['inferenceServiceId']),
};

/** Where a field goes on the wire: its name there, and whether it is an int64 written as a string. */
interface WireField {
  readonly field: string;
  readonly name: string;
  readonly asString: boolean;
}

const TYPED_FIELDS: ReadonlySet<string> = new Set(Object.values(ARTIFACT_TYPE_FIELDS).flat());
/** Per kind, and per artifact type for artifacts: worked out once, as lists answer thousands of rows. */
const WIRE_LAYOUTS = new Map<string, readonly WireField[]>();

function isArtifactType(value: unknown): value is ArtifactType {
  return typeof value === 'string' && Object.hasOwn(ARTIFACT_TYPE_FIELDS, value);
}

/**
 * The fields of `kind` the reference puts on the wire: an artifact has only its own type's typed
 * fields (none when its type is unknown), and HIDDEN ones are left out.
 */
function wireLayout(kind: EntityKind, artifactType: unknown): readonly WireField[] {
  const typed = typeof artifactType === 'string';
  // Only artifacts (and metric history) have a type; the other kinds' key is the kind.
  const key = !typed ? kind : `${kind}:${isArtifactType(artifactType) ? artifactType : 'unknown'}`;
  let layout = WIRE_LAYOUTS.get(key);
  if (layout === undefined) {
    const allowed = new Set<string>(isArtifactType(artifactType) ? ARTIFACT_TYPE_FIELDS[artifactType] : []);
    const fields: Readonly<Record<string, FieldType>> = ENTITY_FIELDS[kind];
    layout = Object.entries(fields)
      .filter(
        ([field]) =>
          !(HIDDEN[kind]?.has(field) ?? false) && !(typed && TYPED_FIELDS.has(field) && !allowed.has(field)),
      )
      .map(([field, type]) => ({
        field,
        name: WIRE_NAME[field] ?? field,
        // `step` is an integer on the wire, unlike the other int64 fields.
        asString: (type === 'id' || type === 'time') && field !== 'step',
      }));
    WIRE_LAYOUTS.set(key, layout);
  }
  return layout;
}

/**
 * A domain entity as the reference's JSON: ids and int64 times as strings, typed custom properties.
 * Built field by field from the kind's table, so typed by a cast: test/api/wire-answers.test.ts parses
 * what it writes for every kind with that kind's strict answer schema.
 */
export function toWire<K extends EntityKind>(kind: K, entity: EntityByKind[K]): EntityAnswer<K> {
  const source = entity as unknown as Record<string, unknown>;
  const artifactType = kind === 'metricHistory' ? 'metric' : source['artifactType'];
  const wire: Record<string, unknown> = {};
  if (kind === 'metricHistory') wire['artifactType'] = 'metric';
  for (const { field, name, asString } of wireLayout(kind, artifactType)) {
    const value = source[field];
    if (value !== undefined) wire[name] = asString ? String(value) : value;
  }
  wire['customProperties'] = customPropertiesToWire(entity.customProperties);
  return wire as EntityAnswer<K>;
}
