import type { Artifact, EntityByKind, ModelVersion } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import { defaultGoal, type MetricGoal, type ParentLink, type VersionLineage } from '../../domain/lineage.js';
import type { StoredMetricGoal } from '../../ports/metadata-store.js';
import type { LineageTx } from './lineage-tx.js';
import type { Authorizer } from '../access/index.js';
import {
  datasetKey,
  EMPTY_VALUES,
  mustModel,
  mustVersion,
  requireOnVersion,
  valuesOf,
  versionArtifacts,
  type Json,
  type VersionValues,
} from './lineage-queries.js';

export interface ComparedRow<T> {
  readonly name: string;
  /** One value per compared version, in the order asked; null where a version has none. */
  readonly values: readonly (T | null)[];
  readonly differs: boolean;
}

export type ComparedMetric = ComparedRow<number> & {
  readonly goal: MetricGoal;
  /** Ids of the versions with the best value (several on a tie); empty when none has the metric. */
  readonly best: readonly number[];
};

export interface Comparison {
  readonly versions: readonly {
    readonly id: number;
    readonly name: string;
    readonly registeredModelId: number;
    readonly registeredModelName: string;
  }[];
  readonly fields: readonly ComparedRow<Json>[];
  readonly metrics: readonly ComparedMetric[];
  readonly params: readonly ComparedRow<Json>[];
  readonly properties: readonly ComparedRow<Json>[];
  readonly lineage: readonly ComparedRow<Json>[];
}

export const MAX_COMPARED_VERSIONS = 50;

/** How a comparison shows a parent version the caller may not read. */
export const NOT_VISIBLE = '(not visible)';

/** Everything a comparison reads, in the request's transaction. */
interface Compared {
  readonly versions: readonly ModelVersion[];
  readonly models: ReadonlyMap<number, EntityByKind['registeredModel']>;
  readonly artifacts: readonly Artifact[];
  readonly values: ReadonlyMap<number, VersionValues>;
  readonly lineages: ReadonlyMap<number, VersionLineage>;
  readonly parents: readonly ParentLink[];
  readonly parentNames: ReadonlyMap<number, string>;
  readonly storedGoals: readonly StoredMetricGoal[];
  /** Stored content: its root digest and size (versions whose files live elsewhere have none). */
  readonly manifests: ReadonlyMap<number, { rootDigest: string; totalSize: number; fileCount: number }>;
  /** Runs belong to no model: only a caller who may read the whole registry sees which one. */
  readonly seesRuns: boolean;
}

/** A side-by-side of 2 to 50 versions: fields, metrics (with the best), parameters, properties, lineage. */
export async function compareVersions(
  tx: LineageTx,
  auth: Authorizer,
  ids: readonly number[],
  goalOverrides: Readonly<Record<string, MetricGoal>>,
): Promise<Comparison> {
  if (ids.length < 2 || ids.length > MAX_COMPARED_VERSIONS || new Set(ids).size !== ids.length) {
    throw new InputError(
      'INVALID_COMPARISON',
      `compare 2 to ${MAX_COMPARED_VERSIONS} distinct versions, got ${ids.length === 0 ? 'none' : ids.join(', ')}`,
    );
  }
  const c = await readCompared(tx, auth, ids);
  const row = rowOf(c.versions);
  return {
    versions: c.versions.map((v) => ({
      id: v.id,
      name: v.name,
      registeredModelId: v.registeredModelId,
      registeredModelName: c.models.get(v.registeredModelId)?.name ?? '',
    })),
    fields: fieldRows(c),
    metrics: metricRows(c, goalOverrides),
    params: namesOf(c, (v) => v.params).map((name) => row(name, (v) => c.values.get(v.id)?.params[name])),
    properties: [...new Set(c.versions.flatMap((v) => Object.keys(v.customProperties)))]
      .sort()
      .map((name) => row(name, (v) => v.customProperties[name]?.value ?? null)),
    lineage: lineageRows(c),
  };
}

async function readCompared(tx: LineageTx, auth: Authorizer, ids: readonly number[]): Promise<Compared> {
  const versions: ModelVersion[] = [];
  for (const id of ids) {
    const version = await mustVersion(tx, id);
    await requireOnVersion(tx, auth, 'read', version);
    versions.push(version);
  }
  const modelIds = [...new Set(versions.map((v) => v.registeredModelId))];
  const models = new Map<number, EntityByKind['registeredModel']>();
  for (const id of modelIds) models.set(id, await mustModel(tx, id));
  const types = ['metric', 'parameter', 'dataset-artifact', 'model-artifact'];
  const artifacts = await versionArtifacts(tx, ids, types, undefined);
  const lineages = new Map((await tx.versionLineages(ids)).map((l) => [l.modelVersionId, l]));
  const parents = await tx.parentLinks('child', ids);
  const parentNames = await namesOfParents(tx, auth, parents, models);
  const storedGoals = await tx.metricGoals(modelIds);
  const manifests = new Map<number, { rootDigest: string; totalSize: number; fileCount: number }>();
  for (const version of versions) {
    const manifest = await tx.getManifest(version.id);
    if (manifest !== undefined) manifests.set(version.id, manifest);
  }
  const seesRuns = await auth.has('read');
  const values = valuesOf(artifacts);
  return {
    versions,
    models,
    artifacts,
    values,
    lineages,
    parents,
    parentNames,
    storedGoals,
    manifests,
    seesRuns,
  };
}

/**
 * Parents are named model:version, as a reader knows them; one the caller may not read is
 * there, but neither its name nor its id is.
 */
async function namesOfParents(
  tx: LineageTx,
  auth: Authorizer,
  parents: readonly ParentLink[],
  models: ReadonlyMap<number, EntityByKind['registeredModel']>,
): Promise<Map<number, string>> {
  const parentNames = new Map<number, string>();
  for (const link of parents) {
    const parent = await tx.get('modelVersion', link.parentVersionId);
    if (parent === undefined || parentNames.has(parent.id)) continue;
    const parentModel =
      models.get(parent.registeredModelId) ?? (await tx.get('registeredModel', parent.registeredModelId));
    const readable = await auth.has(
      'read',
      parentModel === undefined ? undefined : { id: parentModel.id, owner: parentModel.owner },
    );
    parentNames.set(
      parent.id,
      readable || (await auth.has('read'))
        ? `${parentModel?.name ?? parent.registeredModelId}:${parent.name}`
        : NOT_VISIBLE,
    );
  }
  return parentNames;
}

function rowOf(versions: readonly ModelVersion[]) {
  return <T extends Json>(name: string, pick: (v: ModelVersion) => T | null | undefined): ComparedRow<T> => {
    const vals = versions.map((v) => pick(v) ?? null);
    const texts = new Set(vals.map((x) => JSON.stringify(x)));
    return { name, values: vals, differs: texts.size > 1 };
  };
}

function modelArtifactOf(c: Compared, v: ModelVersion): Artifact | undefined {
  return c.artifacts.find((a) => a.modelVersionId === v.id && a.artifactType === 'model-artifact');
}

function namesOf(c: Compared, pick: (v: VersionValues) => Readonly<Record<string, unknown>>): string[] {
  return [
    ...new Set(c.versions.flatMap((v) => Object.keys(pick(c.values.get(v.id) ?? EMPTY_VALUES)))),
  ].sort();
}

function fieldRows(c: Compared): ComparedRow<Json>[] {
  const row = rowOf(c.versions);
  const modelArtifact = (v: ModelVersion) => modelArtifactOf(c, v);
  return [
    row('registeredModelName', (v) => c.models.get(v.registeredModelId)?.name),
    row('name', (v) => v.name),
    row('stage', (v) => v.stage),
    row('state', (v) => v.state),
    row('author', (v) => v.author),
    row('createTimeSinceEpoch', (v) => v.createTimeSinceEpoch),
    row('modelFormatName', (v) => modelArtifact(v)?.modelFormatName),
    row('modelFormatVersion', (v) => modelArtifact(v)?.modelFormatVersion),
    row('uri', (v) => modelArtifact(v)?.uri),
    row('contentDigest', (v) => c.manifests.get(v.id)?.rootDigest),
    row('contentSize', (v) => c.manifests.get(v.id)?.totalSize),
    row('fileCount', (v) => c.manifests.get(v.id)?.fileCount),
  ];
}

function metricRows(c: Compared, goalOverrides: Readonly<Record<string, MetricGoal>>): ComparedMetric[] {
  const row = rowOf(c.versions);
  return namesOf(c, (v) => v.metrics).map((name) => {
    const base = row<number>(name, (v) => c.values.get(v.id)?.metrics[name]);
    const stored =
      c.storedGoals.find(
        (g) => g.metric === name && g.registeredModelId === c.versions[0]?.registeredModelId,
      ) ?? c.storedGoals.find((g) => g.metric === name);
    const goal = goalOverrides[name] ?? stored?.goal ?? defaultGoal(name);
    const present = base.values.filter((x): x is number => x !== null);
    const target =
      present.length === 0 ? undefined : goal === 'maximize' ? Math.max(...present) : Math.min(...present);
    const best =
      target === undefined ? [] : c.versions.filter((_, i) => base.values[i] === target).map((v) => v.id);
    return { ...base, goal, best };
  });
}

function lineageRows(c: Compared): ComparedRow<Json>[] {
  const row = rowOf(c.versions);
  const datasetNames = [
    ...new Set(c.artifacts.filter((a) => a.artifactType === 'dataset-artifact').map((a) => a.name)),
  ].sort();
  const lineageField = (name: string, pick: (l: VersionLineage | undefined) => Json | undefined) =>
    row(name, (v) => pick(c.lineages.get(v.id)));
  return [
    ...datasetNames.map((name) =>
      row(`dataset.${name}`, (v) => {
        const found = c.artifacts.find(
          (a) => a.modelVersionId === v.id && a.artifactType === 'dataset-artifact' && a.name === name,
        );
        return found === undefined ? null : (datasetKey(found) ?? null);
      }),
    ),
    lineageField('code.repository', (l) => l?.codeRepository),
    lineageField('code.commit', (l) => l?.codeCommit),
    lineageField('code.path', (l) => l?.codePath),
    lineageField('experimentRunId', (l) => (c.seesRuns ? l?.experimentRunId : undefined)),
    row('pipelineRun', (v) => modelArtifactOf(c, v)?.modelSourceId),
    row('parents', (v) => {
      const mine = c.parents.filter((p) => p.modelVersionId === v.id);
      return mine.length === 0
        ? null
        : mine.map((p) => `${p.relation} ${c.parentNames.get(p.parentVersionId) ?? NOT_VISIBLE}`).join(', ');
    }),
  ];
}
