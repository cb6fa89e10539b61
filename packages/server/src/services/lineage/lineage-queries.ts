import type { Artifact, ModelVersion } from '../../domain/entities.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { LineageNodeRef, MetricGoal } from '../../domain/lineage.js';
import type { ModelVisibility } from '../../ports/metadata-store.js';
import type { LineageTx } from './lineage-tx.js';
import type { Authorizer } from '../access/index.js';

export type Json = string | number | boolean | null;

/** A version's metrics and parameters by name, for list results and comparisons. */
export interface VersionValues {
  readonly metrics: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, Json>>;
}

export const EMPTY_VALUES: VersionValues = { metrics: {}, params: {} };

export const inIds = (field: string, ids: readonly number[]): ResolvedFilter => ({
  kind: 'field',
  field,
  fieldType: 'id',
  operator: 'IN',
  values: [...ids],
});
export const equals = (field: string, value: string): ResolvedFilter => ({
  kind: 'field',
  field,
  fieldType: 'string',
  operator: '=',
  values: [value],
});
export const both = (left: ResolvedFilter, right: ResolvedFilter): ResolvedFilter => ({
  kind: 'and',
  left,
  right,
});
export const either = (left: ResolvedFilter, right: ResolvedFilter): ResolvedFilter => ({
  kind: 'or',
  left,
  right,
});

/** The typed value of a parameter artifact (its text, read by its parameterType). */
export function parameterValue(artifact: Artifact): Json {
  const text = artifact.parameterValue;
  if (text === undefined) return null;
  switch (artifact.parameterType) {
    case 'number': {
      const value = Number(text);
      return Number.isFinite(value) ? value : text;
    }
    case 'boolean':
      return text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : text;
    default:
      return text;
  }
}

/** The key of a dataset node: its digest when it has one, else its uri. */
export function datasetKey(artifact: Artifact): string | undefined {
  return artifact.digest ?? artifact.uri;
}
/** The reference a node id stands for (the kind, then the key after the first ':'). */
export function refOf(id: string): LineageNodeRef {
  const colon = id.indexOf(':');
  return { kind: id.slice(0, colon) as LineageNodeRef['kind'], key: id.slice(colon + 1) };
}

export function goalMap(goals: readonly { metric: string; goal: MetricGoal }[]): Record<string, MetricGoal> {
  return Object.fromEntries(goals.map((g) => [g.metric, g.goal]));
}

export async function mustVersion(tx: LineageTx, id: number): Promise<ModelVersion> {
  const version = await tx.get('modelVersion', id);
  if (version === undefined)
    throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `no model version with id ${id}`);
  return version;
}

export async function mustModel(tx: LineageTx, id: number) {
  const model = await tx.get('registeredModel', id);
  if (model === undefined)
    throw new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `no registered model with id ${id}`);
  return model;
}

export async function requireOnVersion(
  tx: LineageTx,
  auth: Authorizer,
  permission: 'read' | 'write',
  version: ModelVersion,
): Promise<void> {
  await auth.require(permission, `model version ${version.id}`, async () => {
    const model = await tx.get('registeredModel', version.registeredModelId);
    return { id: version.registeredModelId, owner: model?.owner };
  });
}

/** Every artifact of these types attached to these versions, a bounded IN list at a time. */
export async function versionArtifacts(
  tx: LineageTx,
  ids: readonly number[],
  types: readonly string[],
  visibility: ModelVisibility | undefined,
): Promise<Artifact[]> {
  const found: Artifact[] = [];
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    const page = await tx.list('artifact', {
      filter: both(inIds('modelVersionId', chunk), {
        kind: 'field',
        field: 'artifactType',
        fieldType: 'string',
        operator: 'IN',
        values: [...types],
      }),
      orderBy: 'ID',
      sortOrder: 'ASC',
      visibility,
    });
    found.push(...page.items);
  }
  return found;
}

export function valuesOf(artifacts: readonly Artifact[]): Map<number, VersionValues> {
  const values = new Map<number, { metrics: Record<string, number>; params: Record<string, Json> }>();
  for (const artifact of artifacts) {
    const id = artifact.modelVersionId;
    if (id === undefined) continue;
    let entry = values.get(id);
    if (entry === undefined) {
      entry = { metrics: {}, params: {} };
      values.set(id, entry);
    }
    if (artifact.artifactType === 'metric' && artifact.metricValue !== undefined) {
      entry.metrics[artifact.name] = artifact.metricValue;
    } else if (artifact.artifactType === 'parameter') {
      entry.params[artifact.name] = parameterValue(artifact);
    }
  }
  return values;
}
