import type { EntityKind } from './entities.js';

/**
 * The typed, filterable fields of each entity kind, by their wire (camelCase) names.
 * The SQL adapter derives its columns from these; the filterQuery resolver uses them
 * to tell a standard property from a custom one.
 */
export type FieldType = 'id' | 'string' | 'int' | 'double' | 'time' | 'stringList';

const BASE = {
  id: 'id',
  name: 'string',
  externalId: 'string',
  description: 'string',
  createTimeSinceEpoch: 'time',
  lastUpdateTimeSinceEpoch: 'time',
} as const satisfies Record<string, FieldType>;

export const ENTITY_FIELDS = {
  registeredModel: {
    ...BASE,
    owner: 'string',
    state: 'string',
    readme: 'string',
    maturity: 'string',
    language: 'stringList',
    tasks: 'stringList',
    provider: 'string',
    logo: 'string',
    license: 'string',
    licenseLink: 'string',
    libraryName: 'string',
    versionScheme: 'string',
  },
  modelVersion: { ...BASE, registeredModelId: 'id', author: 'string', state: 'string', stage: 'string' },
  artifact: {
    ...BASE,
    artifactType: 'string',
    uri: 'string',
    state: 'string',
    modelVersionId: 'id',
    experimentId: 'id',
    experimentRunId: 'id',
    modelFormatName: 'string',
    modelFormatVersion: 'string',
    storageKey: 'string',
    storagePath: 'string',
    serviceAccountName: 'string',
    modelSourceKind: 'string',
    modelSourceClass: 'string',
    modelSourceGroup: 'string',
    modelSourceId: 'string',
    modelSourceName: 'string',
    digest: 'string',
    sourceType: 'string',
    source: 'string',
    schema: 'string',
    profile: 'string',
    metricValue: 'double',
    timestamp: 'time',
    step: 'int',
    parameterValue: 'string',
    parameterType: 'string',
  },
  servingEnvironment: { ...BASE },
  inferenceService: {
    ...BASE,
    servingEnvironmentId: 'id',
    registeredModelId: 'id',
    modelVersionId: 'id',
    runtime: 'string',
    desiredState: 'string',
  },
  serveModel: { ...BASE, inferenceServiceId: 'id', modelVersionId: 'id', lastKnownState: 'string' },
  experiment: { ...BASE, owner: 'string', state: 'string' },
  experimentRun: {
    ...BASE,
    experimentId: 'id',
    owner: 'string',
    state: 'string',
    status: 'string',
    startTimeSinceEpoch: 'time',
    endTimeSinceEpoch: 'time',
  },
  metricHistory: {
    ...BASE,
    experimentRunId: 'id',
    experimentId: 'id',
    metricValue: 'double',
    timestamp: 'time',
    step: 'int',
    state: 'string',
  },
} as const satisfies Record<EntityKind, Record<string, FieldType>>;

/**
 * Names that a filterQuery may use for a field whose wire name differs from its domain name:
 * Metric and Parameter both call their value `value` on the wire.
 */
export const FILTER_ALIASES: Partial<Record<EntityKind, Record<string, { number: string; string: string }>>> =
  {
    artifact: { value: { number: 'metricValue', string: 'parameterValue' } },
    metricHistory: { value: { number: 'metricValue', string: 'metricValue' } },
  };

export function fieldsOf(kind: EntityKind): Readonly<Record<string, FieldType>> {
  return ENTITY_FIELDS[kind];
}
