import { z } from 'zod';
import {
  LINEAGE_LIMITS,
  LINEAGE_NODE_KINDS,
  PARENT_RELATIONS,
  type ParentLink,
  type VersionLineage,
} from '../../domain/lineage.js';
import type { Artifact } from '../../domain/entities.js';
import type { Registration } from '../../services/catalog/index.js';
import { toWire, WRITE_SCHEMAS } from './entities.js';
import {
  DATASET_ANSWER,
  METRIC_ANSWER,
  MODEL_ARTIFACT_ANSWER,
  MODEL_VERSION_ANSWER,
  PARAMETER_ANSWER,
  REGISTERED_MODEL_ANSWER,
} from './entity-answers.js';
import { nonEmptyShortText, shortText, wireId, wireInt64 } from './values.js';

// Wire shapes of the lineage extensions: registration in one call, lineage, parents, metric goals.

const text = (max: number) =>
  z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` });

const codeSchema = z.strictObject({
  repository: text(LINEAGE_LIMITS.codeRepository).optional(),
  commit: text(LINEAGE_LIMITS.codeCommit).optional(),
  path: text(4096).optional(),
});

const goalSchema = z.enum(['maximize', 'minimize']);

export const registrationSchema = z.strictObject({
  registeredModel: WRITE_SCHEMAS.registeredModel,
  modelVersion: WRITE_SCHEMAS.modelVersion.extend({ bump: z.enum(['major', 'minor', 'patch']).optional() }),
  modelArtifact: WRITE_SCHEMAS.artifact.optional(),
  metrics: z
    .array(
      z.strictObject({
        name: nonEmptyShortText,
        value: z.number(),
        step: wireInt64.optional(),
        timestamp: wireInt64.optional(),
        dataset: shortText.optional(),
      }),
    )
    .max(1000)
    .optional(),
  params: z.record(nonEmptyShortText, z.union([z.string().max(65_535), z.number(), z.boolean()])).optional(),
  datasets: z
    .array(
      z.strictObject({
        name: nonEmptyShortText,
        uri: z.string().min(1).max(4096),
        digest: shortText.optional(),
        sourceType: shortText.optional(),
        source: z.string().max(4096).optional(),
      }),
    )
    .max(100)
    .optional(),
  code: codeSchema.optional(),
  pipelineRun: z
    .strictObject({
      id: text(LINEAGE_LIMITS.pipelineRun),
      name: shortText.optional(),
      kind: shortText.optional(),
      group: shortText.optional(),
    })
    .optional(),
  experimentRunId: wireId.optional(),
  parents: z
    .array(z.strictObject({ modelVersionId: wireId, relation: z.enum(PARENT_RELATIONS).optional() }))
    .max(100)
    .optional(),
});

export const lineageSchema = z.strictObject({
  code: codeSchema.optional(),
  experimentRunId: wireId.optional(),
});
export const parentSchema = z.strictObject({
  parentVersionId: wireId,
  relation: z.enum(PARENT_RELATIONS).optional(),
});
export const goalsSchema = z.strictObject({ goals: z.record(nonEmptyShortText, goalSchema.nullable()) });

// Answers. The to-wire functions are typed by them: what the code writes is what the schema says.

export const PARENT_LINK = z.object({
  modelVersionId: z.string(),
  parentVersionId: z.string(),
  relation: z.enum(PARENT_RELATIONS),
  createTimeSinceEpoch: z.string(),
});

export const VERSION_LINEAGE = z.object({
  modelVersionId: z.string(),
  code: z.strictObject({
    repository: z.string().optional(),
    commit: z.string().optional(),
    path: z.string().optional(),
  }),
  experimentRunId: z.string().optional(),
  /** In a registration's answer: the pipeline run and the parents recorded with it. */
  pipelineRun: z.string().optional(),
  parents: z.array(PARENT_LINK).optional(),
});

export const LINEAGE_GRAPH = z.object({
  root: z.string(),
  direction: z.enum(['upstream', 'downstream', 'both']),
  depth: z.number().int(),
  truncated: z.boolean(),
  nodes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(LINEAGE_NODE_KINDS),
      key: z.string(),
      depth: z.number().int(),
      label: z.string(),
      attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      type: z.enum(['trained-on', 'built-from', 'produced-by', 'deployed-as', ...PARENT_RELATIONS]),
    }),
  ),
});

/** One compared field, metric, parameter or property: one value per version, null where it has none. */
const COMPARED_ROW = z.object({ name: z.string(), values: z.array(z.unknown()), differs: z.boolean() });

export const COMPARISON = z.object({
  versions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      registeredModelId: z.string(),
      registeredModelName: z.string(),
    }),
  ),
  fields: z.array(COMPARED_ROW),
  metrics: z.array(COMPARED_ROW.extend({ goal: goalSchema, best: z.array(z.string()) })),
  params: z.array(COMPARED_ROW),
  properties: z.array(COMPARED_ROW),
  lineage: z.array(COMPARED_ROW),
});

export const METRIC_GOALS = z.object({ goals: z.record(z.string(), goalSchema) });

export function parentToWire(link: ParentLink): z.output<typeof PARENT_LINK> {
  return {
    modelVersionId: String(link.modelVersionId),
    parentVersionId: String(link.parentVersionId),
    relation: link.relation,
    createTimeSinceEpoch: String(link.createTimeSinceEpoch),
  };
}

export function lineageToWire(lineage: VersionLineage): z.output<typeof VERSION_LINEAGE> {
  return {
    modelVersionId: String(lineage.modelVersionId),
    code: {
      ...(lineage.codeRepository === undefined ? {} : { repository: lineage.codeRepository }),
      ...(lineage.codeCommit === undefined ? {} : { commit: lineage.codeCommit }),
      ...(lineage.codePath === undefined ? {} : { path: lineage.codePath }),
    },
    ...(lineage.experimentRunId === undefined ? {} : { experimentRunId: String(lineage.experimentRunId) }),
  };
}

/** What a registration answers (201): what it created or found, and the lineage it recorded. */
export const REGISTRATION = z.object({
  registeredModel: REGISTERED_MODEL_ANSWER,
  createdRegisteredModel: z.boolean(),
  modelVersion: MODEL_VERSION_ANSWER,
  modelArtifact: MODEL_ARTIFACT_ANSWER.optional(),
  metrics: z.array(METRIC_ANSWER),
  params: z.array(PARAMETER_ANSWER),
  datasets: z.array(DATASET_ANSWER),
  lineage: VERSION_LINEAGE,
});

export function registrationToWire(result: Registration): z.output<typeof REGISTRATION> {
  const artifacts = (items: readonly Artifact[]) => items.map((a) => toWire('artifact', a));
  return {
    registeredModel: toWire('registeredModel', result.registeredModel),
    createdRegisteredModel: result.createdModel,
    modelVersion: toWire('modelVersion', result.modelVersion),
    ...(result.modelArtifact === undefined
      ? {}
      : { modelArtifact: toWire('artifact', result.modelArtifact) }),
    metrics: artifacts(result.metrics),
    params: artifacts(result.params),
    datasets: artifacts(result.datasets),
    lineage: {
      ...lineageToWire(result.lineage),
      ...(result.lineage.pipelineRun === undefined ? {} : { pipelineRun: result.lineage.pipelineRun }),
      parents: result.lineage.parents.map(parentToWire),
    },
  };
}
