import { z } from 'zod';
import {
  ARTIFACT_STATES,
  EXECUTION_STATES,
  INFERENCE_SERVICE_STATES,
  LIVE_OR_ARCHIVED,
  PARAMETER_TYPES,
  RUN_STATUSES,
  type EntityKind,
} from '../../domain/entities.js';
import { STAGES } from '../../domain/lifecycle.js';
import { CUSTOM_PROPERTIES_ANSWER } from './values.js';

// The reference's entities as the server answers them (toWire in wire/entities.ts), written as the
// served document states them (docs/adr/0022-wire-shapes.md, "Answers built on the reference's
// components"): every field of the reference with the reference's type and required-ness, even
// where the server always sends a field the reference leaves optional; each field of ours
// optional, and also declared under the component's name in the extension document, whose merge
// adds it to the reference's component. The objects are strict: a test parses what toWire writes
// for every kind with these, so a field written and not declared fails it.

const text = z.string().optional();

const base = {
  id: text,
  name: text,
  externalId: text,
  description: text,
  createTimeSinceEpoch: text,
  lastUpdateTimeSinceEpoch: text,
  customProperties: CUSTOM_PROPERTIES_ANSWER.optional(),
};

/** Where the reference requires a name. */
const named = { ...base, name: z.string() };

export const REGISTERED_MODEL_ANSWER = z.strictObject({
  ...named,
  owner: text,
  state: z.enum(LIVE_OR_ARCHIVED).optional(),
  readme: text,
  maturity: text,
  language: z.array(z.string()).optional(),
  tasks: z.array(z.string()).optional(),
  provider: text,
  logo: text,
  license: text,
  licenseLink: text,
  libraryName: text,
  // Ours.
  versionScheme: z.enum(['free', 'semver']).optional(),
});

export const MODEL_VERSION_ANSWER = z.strictObject({
  ...named,
  registeredModelId: z.string(),
  author: text,
  state: z.enum(LIVE_OR_ARCHIVED).optional(),
  // Ours: the stage, and (with `include` on a version list) its metrics and parameters.
  stage: z.enum(STAGES).optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

const artifactBase = {
  ...base,
  experimentId: text,
  experimentRunId: text,
  // The reference gives a variant's artifactType a default only; the discriminator of Artifact
  // pins it (ARTIFACT_ANSWER).
  artifactType: text,
  uri: text,
  state: z.enum(ARTIFACT_STATES).optional(),
};

export const MODEL_ARTIFACT_ANSWER = z.strictObject({
  ...artifactBase,
  modelFormatName: text,
  modelFormatVersion: text,
  storageKey: text,
  storagePath: text,
  serviceAccountName: text,
  modelSourceKind: text,
  modelSourceClass: text,
  modelSourceGroup: text,
  modelSourceId: text,
  modelSourceName: text,
});

export const DOC_ARTIFACT_ANSWER = z.strictObject(artifactBase);

export const DATASET_ANSWER = z.strictObject({
  ...artifactBase,
  digest: text,
  sourceType: text,
  source: text,
  schema: text,
  profile: text,
});

/** A metric; `uri` is ours (the server keeps one for any artifact). */
export const METRIC_ANSWER = z.strictObject({
  ...artifactBase,
  value: z.number().optional(),
  timestamp: text,
  step: z.number().int().optional(),
});

/** A parameter; `uri` is ours (the server keeps one for any artifact). */
export const PARAMETER_ANSWER = z.strictObject({
  ...artifactBase,
  value: text,
  parameterType: z.enum(PARAMETER_TYPES).optional(),
});

const tagged = <T extends z.ZodObject>(variant: T, type: string) =>
  variant.extend({ artifactType: z.literal(type).optional() });

export const ARTIFACT_ANSWER = z.union([
  tagged(MODEL_ARTIFACT_ANSWER, 'model-artifact'),
  tagged(DOC_ARTIFACT_ANSWER, 'doc-artifact'),
  tagged(DATASET_ANSWER, 'dataset-artifact'),
  tagged(METRIC_ANSWER, 'metric'),
  tagged(PARAMETER_ANSWER, 'parameter'),
]);

export const SERVING_ENVIRONMENT_ANSWER = z.strictObject(named);

export const INFERENCE_SERVICE_ANSWER = z.strictObject({
  ...base,
  registeredModelId: z.string(),
  servingEnvironmentId: z.string(),
  modelVersionId: text,
  runtime: text,
  desiredState: z.enum(INFERENCE_SERVICE_STATES).optional(),
});

export const SERVE_MODEL_ANSWER = z.strictObject({
  ...base,
  modelVersionId: z.string(),
  lastKnownState: z.enum(EXECUTION_STATES).optional(),
});

export const EXPERIMENT_ANSWER = z.strictObject({
  ...named,
  owner: text,
  state: z.enum(LIVE_OR_ARCHIVED).optional(),
});

export const EXPERIMENT_RUN_ANSWER = z.strictObject({
  ...base,
  experimentId: z.string(),
  owner: text,
  state: z.enum(LIVE_OR_ARCHIVED).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  startTimeSinceEpoch: text,
  endTimeSinceEpoch: text,
});

/** What toWire writes for each kind. */
export const ENTITY_ANSWERS = {
  registeredModel: REGISTERED_MODEL_ANSWER,
  modelVersion: MODEL_VERSION_ANSWER,
  artifact: ARTIFACT_ANSWER,
  servingEnvironment: SERVING_ENVIRONMENT_ANSWER,
  inferenceService: INFERENCE_SERVICE_ANSWER,
  serveModel: SERVE_MODEL_ANSWER,
  experiment: EXPERIMENT_ANSWER,
  experimentRun: EXPERIMENT_RUN_ANSWER,
  metricHistory: METRIC_ANSWER,
} as const satisfies Record<EntityKind, z.ZodType>;

export type EntityAnswer<K extends EntityKind> = z.output<(typeof ENTITY_ANSWERS)[K]>;

/** One page of a list, as the reference's `…List` components say it. */
export const listAnswer = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextPageToken: z.string(),
    pageSize: z.number().int(),
    size: z.number().int(),
  });
