import type { Artifact, EntityByKind, EntityKind, ModelVersion } from '../domain/entities.js';
import { ConflictError, InputError, NotFoundError } from '../domain/errors.js';
import type { ResolvedFilter } from '../domain/filter-query/resolve.js';
import {
  defaultGoal,
  MAX_LINEAGE_NODES,
  nodeId,
  type EdgeType,
  type LineageDirection,
  type LineageEdge,
  type LineageGraph,
  type LineageNode,
  type LineageNodeRef,
  type MetricGoal,
  type ParentLink,
  type ParentRelation,
  type VersionLineage,
} from '../domain/lineage.js';
import type { MetadataTransaction, ModelVisibility } from '../ports/metadata-store.js';
import type { Authorizer } from './authorizer.js';
import { lockModel, runUseCase, type Caller, type UseCaseDeps } from './use-case.js';

type Json = string | number | boolean | null;

/** A version's metrics and parameters by name, for list results and comparisons. */
export interface VersionValues {
  readonly metrics: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, Json>>;
}

export interface ComparedRow<T> {
  readonly name: string;
  /** One value per compared version, in the order asked; null where a version has none. */
  readonly values: readonly (T | null)[];
  readonly differs: boolean;
}

export interface Comparison {
  readonly versions: readonly {
    readonly id: number;
    readonly name: string;
    readonly registeredModelId: number;
    readonly registeredModelName: string;
  }[];
  readonly fields: readonly ComparedRow<Json>[];
  readonly metrics: readonly (ComparedRow<number> & {
    readonly goal: MetricGoal;
    /** Ids of the versions with the best value (several on a tie); empty when none has the metric. */
    readonly best: readonly number[];
  })[];
  readonly params: readonly ComparedRow<Json>[];
  readonly properties: readonly ComparedRow<Json>[];
  readonly lineage: readonly ComparedRow<Json>[];
}

export const MAX_COMPARED_VERSIONS = 50;

const inIds = (field: string, ids: readonly number[]): ResolvedFilter => ({
  kind: 'field',
  field,
  fieldType: 'id',
  operator: 'IN',
  values: [...ids],
});
const equals = (field: string, value: string): ResolvedFilter => ({
  kind: 'field',
  field,
  fieldType: 'string',
  operator: '=',
  values: [value],
});
const both = (left: ResolvedFilter, right: ResolvedFilter): ResolvedFilter => ({ kind: 'and', left, right });
const either = (left: ResolvedFilter, right: ResolvedFilter): ResolvedFilter => ({ kind: 'or', left, right });

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
function datasetKey(artifact: Artifact): string | undefined {
  return artifact.digest ?? artifact.uri;
}

/**
 * Lineage walks, parent links, metric goals and comparisons. Lineage is read from where it is
 * recorded: datasets, metrics and parameters are a version's artifacts, the pipeline run is its
 * ModelArtifact's modelSource*, code and experiment run are its lineage row, parents its links.
 */
export class LineageService {
  constructor(private readonly deps: UseCaseDeps) {}

  /** Walks from a node upstream (what it was made from), downstream (what was made from it) or both. */
  lineage(
    actor: Caller,
    root: LineageNodeRef,
    direction: LineageDirection,
    depth: number,
  ): Promise<LineageGraph> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const visibility = await auth.visibility();
      const walk = new Walk(tx, visibility);
      if (root.kind === 'modelVersion' || root.kind === 'inferenceService' || root.kind === 'experimentRun') {
        const kind: EntityKind = root.kind;
        const entity = await tx.get(kind, Number(root.key));
        if (entity === undefined) {
          const code =
            root.kind === 'modelVersion'
              ? 'MODEL_VERSION'
              : root.kind === 'experimentRun'
                ? 'EXPERIMENT_RUN'
                : 'INFERENCE_SERVICE';
          throw new NotFoundError(`${code}_NOT_FOUND`, `no ${root.kind} with id ${root.key}`);
        }
        if (root.kind !== 'experimentRun') {
          const modelId = (entity as { registeredModelId: number }).registeredModelId;
          const model = await tx.get('registeredModel', modelId);
          await auth.require('read', `${root.kind} ${root.key}`, { id: modelId, owner: model?.owner });
        } else {
          // A run belongs to no model: only a caller who may read the whole registry sees one.
          await auth.require('read', `${root.kind} ${root.key}`);
        }
      }
      walk.add(root, 0);
      if (root.kind === 'dataset') await walk.noteDataset(root);
      let truncated = false;
      for (const way of direction === 'both' ? (['upstream', 'downstream'] as const) : [direction]) {
        let frontier: LineageNodeRef[] = [root];
        for (let level = 1; level <= depth && frontier.length > 0; level++) {
          const reached =
            way === 'upstream' ? await walk.upstream(frontier) : await walk.downstream(frontier);
          frontier = [];
          for (const edge of reached) {
            const other = refOf(way === 'upstream' ? edge.from : edge.to);
            if (walk.add(other, level)) frontier.push(other);
            walk.edge(edge);
          }
          if (walk.size >= MAX_LINEAGE_NODES) {
            truncated = frontier.length > 0 && level < depth;
            break;
          }
        }
      }
      return {
        root: nodeId(root),
        direction,
        depth,
        nodes: await walk.describe(),
        edges: walk.edges(),
        truncated,
      };
    });
  }

  /** Links a version to a parent it derives from; refuses a link that would close a cycle (409). */
  addParent(
    actor: Caller,
    modelVersionId: number,
    parentVersionId: number,
    relation: ParentRelation,
  ): Promise<ParentLink> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const child = await mustVersion(tx, modelVersionId);
      const parent = await mustVersion(tx, parentVersionId);
      await requireOnVersion(tx, auth, 'write', child);
      await requireOnVersion(tx, auth, 'read', parent);
      const now = await lockModel(tx, this.deps.clock, child.registeredModelId);
      if (child.id === parent.id) {
        throw new ConflictError('LINEAGE_CYCLE', `model version ${child.id} cannot be its own parent`);
      }
      // The parent must not descend from the child: walk the parent's ancestors.
      let frontier = [parent.id];
      const seen = new Set(frontier);
      while (frontier.length > 0) {
        const links = await tx.parentLinks('child', frontier);
        frontier = [];
        for (const link of links) {
          if (link.parentVersionId === child.id) {
            throw new ConflictError(
              'LINEAGE_CYCLE',
              `model version ${parent.id} descends from model version ${child.id}; making it a parent would close a cycle`,
            );
          }
          if (!seen.has(link.parentVersionId)) {
            seen.add(link.parentVersionId);
            frontier.push(link.parentVersionId);
          }
        }
      }
      const link: ParentLink = {
        modelVersionId: child.id,
        parentVersionId: parent.id,
        relation,
        createTimeSinceEpoch: now,
      };
      if (await tx.addParent(link)) {
        await tx.touch('modelVersion', child.id, now);
        await record('update', 'modelVersion', child.id, { parentAdded: link });
        return link;
      }
      const [existing] = (await tx.parentLinks('child', [child.id])).filter(
        (l) => l.parentVersionId === parent.id,
      );
      return existing ?? link;
    });
  }

  removeParent(actor: Caller, modelVersionId: number, parentVersionId: number): Promise<void> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const child = await mustVersion(tx, modelVersionId);
      await requireOnVersion(tx, auth, 'write', child);
      const now = await lockModel(tx, this.deps.clock, child.registeredModelId);
      if (!(await tx.removeParent(child.id, parentVersionId))) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `model version ${parentVersionId} is not a parent of model version ${child.id}`,
        );
      }
      await tx.touch('modelVersion', child.id, now);
      await record('update', 'modelVersion', child.id, { parentRemoved: parentVersionId });
    });
  }

  /** Records or replaces the code and experiment run behind an existing version. */
  setVersionLineage(
    actor: Caller,
    modelVersionId: number,
    lineage: Omit<VersionLineage, 'modelVersionId'>,
  ): Promise<VersionLineage> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const version = await mustVersion(tx, modelVersionId);
      await requireOnVersion(tx, auth, 'write', version);
      const now = await lockModel(tx, this.deps.clock, version.registeredModelId);
      if (
        lineage.experimentRunId !== undefined &&
        !(await tx.exists('experimentRun', lineage.experimentRunId))
      ) {
        throw new NotFoundError(
          'EXPERIMENT_RUN_NOT_FOUND',
          `no experiment run with id ${lineage.experimentRunId}`,
        );
      }
      const [before] = await tx.versionLineages([version.id]);
      const after: VersionLineage = { ...lineage, modelVersionId: version.id };
      await tx.setVersionLineage(after);
      await tx.touch('modelVersion', version.id, now);
      await record('update', 'modelVersion', version.id, { lineage: { before: before ?? null, after } });
      return after;
    });
  }

  metricGoals(actor: Caller, registeredModelId: number): Promise<Record<string, MetricGoal>> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const model = await mustModel(tx, registeredModelId);
      await auth.require('read', `registered model ${model.id}`, { id: model.id, owner: model.owner });
      return goalMap(await tx.metricGoals([model.id]));
    });
  }

  /** Sets the goal of each metric named (null returns it to the default); answers the model's goals. */
  setMetricGoals(
    actor: Caller,
    registeredModelId: number,
    goals: Readonly<Record<string, MetricGoal | null>>,
  ): Promise<Record<string, MetricGoal>> {
    return runUseCase(this.deps, actor, async (tx, _txStart, auth, record) => {
      const model = await mustModel(tx, registeredModelId);
      await auth.require('write', `registered model ${model.id}`, { id: model.id, owner: model.owner });
      const now = await lockModel(tx, this.deps.clock, model.id);
      const before = goalMap(await tx.metricGoals([model.id]));
      for (const [metric, goal] of Object.entries(goals)) {
        await tx.setMetricGoal(model.id, metric, goal ?? undefined);
      }
      const after = goalMap(await tx.metricGoals([model.id]));
      await tx.touch('registeredModel', model.id, now);
      await record('update', 'registeredModel', model.id, { metricGoals: { before, after } });
      return after;
    });
  }

  /** Metrics and parameters of these versions (the caller just listed them), in one query. */
  versionValues(actor: Caller, ids: readonly number[]): Promise<Map<number, VersionValues>> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) =>
      valuesOf(await versionArtifacts(tx, ids, ['metric', 'parameter'], await auth.visibility())),
    );
  }

  /** A side-by-side of 2 to 50 versions: fields, metrics (with the best), parameters, properties, lineage. */
  compare(
    actor: Caller,
    ids: readonly number[],
    goalOverrides: Readonly<Record<string, MetricGoal>>,
  ): Promise<Comparison> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      if (ids.length < 2 || ids.length > MAX_COMPARED_VERSIONS || new Set(ids).size !== ids.length) {
        throw new InputError(
          'INVALID_COMPARISON',
          `compare 2 to ${MAX_COMPARED_VERSIONS} distinct versions, got ${ids.length === 0 ? 'none' : ids.join(', ')}`,
        );
      }
      const versions: ModelVersion[] = [];
      for (const id of ids) {
        const version = await mustVersion(tx, id);
        await requireOnVersion(tx, auth, 'read', version);
        versions.push(version);
      }
      const modelIds = [...new Set(versions.map((v) => v.registeredModelId))];
      const models = new Map<number, EntityByKind['registeredModel']>();
      for (const id of modelIds) models.set(id, await mustModel(tx, id));
      const artifacts = await versionArtifacts(
        tx,
        ids,
        ['metric', 'parameter', 'dataset-artifact', 'model-artifact'],
        undefined,
      );
      const values = valuesOf(artifacts);
      const lineages = new Map((await tx.versionLineages(ids)).map((l) => [l.modelVersionId, l]));
      const parents = await tx.parentLinks('child', ids);
      // Parents are named model:version, as a reader knows them; one the caller may not read is
      // there, but neither its name nor its id is.
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
      const storedGoals = await tx.metricGoals(modelIds);
      // Stored content: its root digest and size (versions whose files live elsewhere have none).
      const manifests = new Map<number, { rootDigest: string; totalSize: number; fileCount: number }>();
      for (const version of versions) {
        const manifest = await tx.getManifest(version.id);
        if (manifest !== undefined) manifests.set(version.id, manifest);
      }

      const row = <T extends Json>(
        name: string,
        pick: (v: ModelVersion) => T | null | undefined,
      ): ComparedRow<T> => {
        const vals = versions.map((v) => pick(v) ?? null);
        const texts = new Set(vals.map((x) => JSON.stringify(x)));
        return { name, values: vals, differs: texts.size > 1 };
      };
      const modelArtifact = (v: ModelVersion) =>
        artifacts.find((a) => a.modelVersionId === v.id && a.artifactType === 'model-artifact');
      const namesOf = (pick: (v: VersionValues) => Readonly<Record<string, unknown>>) =>
        [...new Set(versions.flatMap((v) => Object.keys(pick(values.get(v.id) ?? EMPTY))))].sort();

      const metrics = namesOf((v) => v.metrics).map((name) => {
        const base = row<number>(name, (v) => values.get(v.id)?.metrics[name]);
        const stored =
          storedGoals.find(
            (g) => g.metric === name && g.registeredModelId === versions[0]?.registeredModelId,
          ) ?? storedGoals.find((g) => g.metric === name);
        const goal = goalOverrides[name] ?? stored?.goal ?? defaultGoal(name);
        const present = base.values.filter((x): x is number => x !== null);
        const target =
          present.length === 0
            ? undefined
            : goal === 'maximize'
              ? Math.max(...present)
              : Math.min(...present);
        const best =
          target === undefined ? [] : versions.filter((_, i) => base.values[i] === target).map((v) => v.id);
        return { ...base, goal, best };
      });
      const datasetNames = [
        ...new Set(artifacts.filter((a) => a.artifactType === 'dataset-artifact').map((a) => a.name)),
      ].sort();
      // Runs belong to no model: only a caller who may read the whole registry sees which one.
      const seesRuns = await auth.has('read');
      const lineageField = (
        name: string,
        pick: (l: VersionLineage | undefined, v: ModelVersion) => Json | undefined,
      ) => row(name, (v) => pick(lineages.get(v.id), v));
      return {
        versions: versions.map((v) => ({
          id: v.id,
          name: v.name,
          registeredModelId: v.registeredModelId,
          registeredModelName: models.get(v.registeredModelId)?.name ?? '',
        })),
        fields: [
          row('registeredModelName', (v) => models.get(v.registeredModelId)?.name),
          row('name', (v) => v.name),
          row('stage', (v) => v.stage),
          row('state', (v) => v.state),
          row('author', (v) => v.author),
          row('createTimeSinceEpoch', (v) => v.createTimeSinceEpoch),
          row('modelFormatName', (v) => modelArtifact(v)?.modelFormatName),
          row('modelFormatVersion', (v) => modelArtifact(v)?.modelFormatVersion),
          row('uri', (v) => modelArtifact(v)?.uri),
          row('contentDigest', (v) => manifests.get(v.id)?.rootDigest),
          row('contentSize', (v) => manifests.get(v.id)?.totalSize),
          row('fileCount', (v) => manifests.get(v.id)?.fileCount),
        ],
        metrics,
        params: namesOf((v) => v.params).map((name) => row(name, (v) => values.get(v.id)?.params[name])),
        properties: [...new Set(versions.flatMap((v) => Object.keys(v.customProperties)))]
          .sort()
          .map((name) =>
            row(name, (v) => {
              const p = v.customProperties[name];
              return p === undefined ? null : p.value;
            }),
          ),
        lineage: [
          ...datasetNames.map((name) =>
            row(`dataset.${name}`, (v) => {
              const found = artifacts.find(
                (a) => a.modelVersionId === v.id && a.artifactType === 'dataset-artifact' && a.name === name,
              );
              return found === undefined ? null : (datasetKey(found) ?? null);
            }),
          ),
          lineageField('code.repository', (l) => l?.codeRepository),
          lineageField('code.commit', (l) => l?.codeCommit),
          lineageField('code.path', (l) => l?.codePath),
          lineageField('experimentRunId', (l) => (seesRuns ? l?.experimentRunId : undefined)),
          row('pipelineRun', (v) => modelArtifact(v)?.modelSourceId),
          row('parents', (v) => {
            const mine = parents.filter((p) => p.modelVersionId === v.id);
            return mine.length === 0
              ? null
              : mine
                  .map((p) => `${p.relation} ${parentNames.get(p.parentVersionId) ?? NOT_VISIBLE}`)
                  .join(', ');
          }),
        ],
      };
    });
  }
}

const EMPTY: VersionValues = { metrics: {}, params: {} };

/** How a comparison shows a parent version the caller may not read. */
export const NOT_VISIBLE = '(not visible)';

/** The reference a node id stands for (the kind, then the key after the first ':'). */
function refOf(id: string): LineageNodeRef {
  const colon = id.indexOf(':');
  return { kind: id.slice(0, colon) as LineageNodeRef['kind'], key: id.slice(colon + 1) };
}

function goalMap(goals: readonly { metric: string; goal: MetricGoal }[]): Record<string, MetricGoal> {
  return Object.fromEntries(goals.map((g) => [g.metric, g.goal]));
}

async function mustVersion(tx: MetadataTransaction, id: number): Promise<ModelVersion> {
  const version = await tx.get('modelVersion', id);
  if (version === undefined)
    throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `no model version with id ${id}`);
  return version;
}

async function mustModel(tx: MetadataTransaction, id: number) {
  const model = await tx.get('registeredModel', id);
  if (model === undefined)
    throw new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `no registered model with id ${id}`);
  return model;
}

async function requireOnVersion(
  tx: MetadataTransaction,
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
async function versionArtifacts(
  tx: MetadataTransaction,
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

function valuesOf(artifacts: readonly Artifact[]): Map<number, VersionValues> {
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

/** The nodes and edges a lineage walk has reached, and the queries that extend it by one hop. */
class Walk {
  private readonly nodes = new Map<string, { ref: LineageNodeRef; depth: number }>();
  /** What edge queries learnt about nodes (name, uri, repository, …), by node id. */
  private readonly attributes = new Map<string, Record<string, Json>>();
  private readonly edgeList = new Map<string, LineageEdge>();
  /** Versions seen, for their labels. */
  private readonly versions = new Map<number, ModelVersion>();

  constructor(
    private readonly tx: MetadataTransaction,
    private readonly visibility: ModelVisibility | undefined,
  ) {}

  get size(): number {
    return this.nodes.size;
  }

  /** True when the node is new. */
  add(ref: LineageNodeRef, depth: number): boolean {
    const id = nodeId(ref);
    if (this.nodes.has(id)) return false;
    this.nodes.set(id, { ref, depth });
    return true;
  }

  edge(edge: LineageEdge): void {
    this.edgeList.set(`${edge.from}>${edge.to}>${edge.type}`, edge);
  }

  edges(): LineageEdge[] {
    return [...this.edgeList.values()];
  }

  /** Records what an edge query learnt about a node (its name, uri, repository, …). */
  private note(ref: LineageNodeRef, attributes: Record<string, Json>): void {
    this.attributes.set(nodeId(ref), { ...this.attributes.get(nodeId(ref)), ...attributes });
  }

  private async artifacts(filter: ResolvedFilter): Promise<readonly Artifact[]> {
    const page = await this.tx.list('artifact', {
      filter,
      orderBy: 'ID',
      sortOrder: 'ASC',
      pageSize: MAX_LINEAGE_NODES,
      visibility: this.visibility,
    });
    return page.items;
  }

  /** Versions by id that the caller may see. */
  private async visibleVersions(ids: readonly number[]): Promise<ModelVersion[]> {
    const wanted = [...new Set(ids)].filter((id) => !this.versions.has(id));
    for (let start = 0; start < wanted.length; start += 500) {
      const page = await this.tx.list('modelVersion', {
        filter: inIds('id', wanted.slice(start, start + 500)),
        orderBy: 'ID',
        sortOrder: 'ASC',
        visibility: this.visibility,
      });
      for (const version of page.items) this.versions.set(version.id, version);
    }
    return ids.map((id) => this.versions.get(id)).filter((v): v is ModelVersion => v !== undefined);
  }

  /** The dataset artifacts recorded with this digest, or at this uri. */
  private datasets(key: string): Promise<readonly Artifact[]> {
    return this.artifacts(
      both(equals('artifactType', 'dataset-artifact'), either(equals('digest', key), equals('uri', key))),
    );
  }

  /**
   * A dataset the walk starts from is known by a key only: its name, uri and digest are those its
   * artifacts record (a uri or digest they do not all share is left out).
   */
  async noteDataset(ref: LineageNodeRef): Promise<void> {
    const found = await this.datasets(ref.key);
    const first = found[0];
    if (first === undefined) return;
    const shared = (values: (string | undefined)[]) =>
      new Set(values).size === 1 ? (values[0] ?? null) : null;
    this.note(ref, {
      name: first.name,
      uri: shared(found.map((a) => a.uri)),
      digest: shared(found.map((a) => a.digest)),
    });
  }

  private datasetRef(artifact: Artifact): LineageNodeRef | undefined {
    const key = datasetKey(artifact);
    if (key === undefined) return undefined;
    const ref: LineageNodeRef = { kind: 'dataset', key };
    this.note(ref, { name: artifact.name, uri: artifact.uri ?? null, digest: artifact.digest ?? null });
    return ref;
  }

  /** Edges from what the frontier's versions were made from. */
  async upstream(frontier: readonly LineageNodeRef[]): Promise<LineageEdge[]> {
    const ids = frontier.filter((n) => n.kind === 'modelVersion').map((n) => Number(n.key));
    if (ids.length === 0) return [];
    const edges: LineageEdge[] = [];
    const to = (id: number) => nodeId({ kind: 'modelVersion', key: String(id) });
    const add = (from: LineageNodeRef, id: number, type: EdgeType) =>
      edges.push({ from: nodeId(from), to: to(id), type });
    const artifacts = await versionArtifacts(
      this.tx,
      ids,
      ['dataset-artifact', 'model-artifact'],
      this.visibility,
    );
    for (const artifact of artifacts) {
      const versionId = artifact.modelVersionId;
      if (versionId === undefined) continue;
      if (artifact.artifactType === 'dataset-artifact') {
        const ref = this.datasetRef(artifact);
        if (ref !== undefined) add(ref, versionId, 'trained-on');
      } else if (artifact.modelSourceClass === 'pipelinerun' && artifact.modelSourceId !== undefined) {
        const ref: LineageNodeRef = { kind: 'pipelineRun', key: artifact.modelSourceId };
        this.note(ref, { name: artifact.modelSourceName ?? null, kind: artifact.modelSourceKind ?? null });
        add(ref, versionId, 'produced-by');
      }
    }
    for (const lineage of await this.tx.versionLineages(ids)) {
      if (lineage.codeCommit !== undefined) {
        const ref: LineageNodeRef = { kind: 'commit', key: lineage.codeCommit };
        this.note(ref, { repository: lineage.codeRepository ?? null, path: lineage.codePath ?? null });
        add(ref, lineage.modelVersionId, 'built-from');
      }
      // Runs belong to no model: a caller restricted to some models does not see them.
      if (lineage.experimentRunId !== undefined && this.visibility === undefined) {
        add(
          { kind: 'experimentRun', key: String(lineage.experimentRunId) },
          lineage.modelVersionId,
          'produced-by',
        );
      }
    }
    const links = await this.tx.parentLinks('child', ids);
    const visible = new Set(
      (await this.visibleVersions(links.map((l) => l.parentVersionId))).map((v) => v.id),
    );
    for (const link of links) {
      if (visible.has(link.parentVersionId)) {
        add({ kind: 'modelVersion', key: String(link.parentVersionId) }, link.modelVersionId, link.relation);
      }
    }
    return edges;
  }

  /** Edges to what was made from the frontier's nodes. */
  async downstream(frontier: readonly LineageNodeRef[]): Promise<LineageEdge[]> {
    const edges: LineageEdge[] = [];
    const byKind = (kind: LineageNodeRef['kind']) =>
      frontier.filter((n) => n.kind === kind).map((n) => n.key);
    const toVersions = async (from: LineageNodeRef, versionIds: readonly number[], type: EdgeType) => {
      for (const version of await this.visibleVersions(versionIds)) {
        edges.push({
          from: nodeId(from),
          to: nodeId({ kind: 'modelVersion', key: String(version.id) }),
          type,
        });
      }
    };
    const versionIds = byKind('modelVersion').map(Number);
    if (versionIds.length > 0) {
      const links = await this.tx.parentLinks('parent', versionIds);
      const visible = new Set(
        (await this.visibleVersions(links.map((l) => l.modelVersionId))).map((v) => v.id),
      );
      for (const link of links) {
        if (!visible.has(link.modelVersionId)) continue;
        edges.push({
          from: nodeId({ kind: 'modelVersion', key: String(link.parentVersionId) }),
          to: nodeId({ kind: 'modelVersion', key: String(link.modelVersionId) }),
          type: link.relation,
        });
      }
      const services = await this.tx.list('inferenceService', {
        filter: inIds('modelVersionId', versionIds),
        orderBy: 'ID',
        sortOrder: 'ASC',
        pageSize: MAX_LINEAGE_NODES,
        visibility: this.visibility,
      });
      for (const service of services.items) {
        const ref: LineageNodeRef = { kind: 'inferenceService', key: String(service.id) };
        this.note(ref, { name: service.name, servingEnvironmentId: service.servingEnvironmentId });
        edges.push({
          from: nodeId({ kind: 'modelVersion', key: String(service.modelVersionId) }),
          to: nodeId(ref),
          type: 'deployed-as',
        });
      }
    }
    for (const key of byKind('dataset')) {
      // Asked by its uri, a dataset recorded with a digest counts too (its node is keyed by the digest).
      const ids = (await this.datasets(key)).flatMap((a) =>
        a.modelVersionId === undefined ? [] : [a.modelVersionId],
      );
      await toVersions({ kind: 'dataset', key }, ids, 'trained-on');
    }
    for (const key of byKind('commit')) {
      await toVersions(
        { kind: 'commit', key },
        await this.tx.versionsWithLineage({ codeCommit: key }, MAX_LINEAGE_NODES),
        'built-from',
      );
    }
    for (const key of byKind('experimentRun')) {
      const ids = await this.tx.versionsWithLineage({ experimentRunId: Number(key) }, MAX_LINEAGE_NODES);
      await toVersions({ kind: 'experimentRun', key }, ids, 'produced-by');
    }
    for (const key of byKind('pipelineRun')) {
      const found = await this.artifacts(
        both(
          equals('artifactType', 'model-artifact'),
          both(equals('modelSourceClass', 'pipelinerun'), equals('modelSourceId', key)),
        ),
      );
      await toVersions(
        { kind: 'pipelineRun', key },
        found.flatMap((a) => (a.modelVersionId === undefined ? [] : [a.modelVersionId])),
        'produced-by',
      );
    }
    return edges;
  }

  /** The nodes with their labels and attributes, in the order reached. */
  async describe(): Promise<LineageNode[]> {
    const versionIds = [...this.nodes.values()]
      .filter((n) => n.ref.kind === 'modelVersion')
      .map((n) => Number(n.ref.key));
    await this.visibleVersions(versionIds);
    const modelIds = [...new Set([...this.versions.values()].map((v) => v.registeredModelId))];
    const models = new Map<number, string>();
    for (let start = 0; start < modelIds.length; start += 500) {
      const page = await this.tx.list('registeredModel', {
        filter: inIds('id', modelIds.slice(start, start + 500)),
        orderBy: 'ID',
        sortOrder: 'ASC',
      });
      for (const model of page.items) models.set(model.id, model.name);
    }
    const runIds = [...this.nodes.values()]
      .filter((n) => n.ref.kind === 'experimentRun')
      .map((n) => Number(n.ref.key));
    const runs = new Map<number, EntityByKind['experimentRun']>();
    if (runIds.length > 0) {
      const page = await this.tx.list('experimentRun', {
        filter: inIds('id', runIds),
        orderBy: 'ID',
        sortOrder: 'ASC',
      });
      for (const run of page.items) runs.set(run.id, run);
    }
    return [...this.nodes.values()].map(({ ref, depth }) => {
      const merged: Record<string, Json> = { ...this.attributes.get(nodeId(ref)) };
      let label = ref.key;
      if (ref.kind === 'modelVersion') {
        const version = this.versions.get(Number(ref.key));
        if (version !== undefined) {
          const modelName = models.get(version.registeredModelId) ?? '';
          label = `${modelName}:${version.name}`;
          Object.assign(merged, {
            registeredModelId: version.registeredModelId,
            registeredModelName: modelName,
            name: version.name,
            stage: version.stage,
            state: version.state,
            author: version.author ?? null,
          });
        }
      } else if (ref.kind === 'experimentRun') {
        const run = runs.get(Number(ref.key));
        if (run !== undefined) {
          label = run.name;
          Object.assign(merged, { name: run.name, experimentId: run.experimentId });
        }
      } else if (typeof merged['name'] === 'string' && merged['name'] !== '') {
        label = merged['name'];
      }
      return { id: nodeId(ref), kind: ref.kind, key: ref.key, depth, label, attributes: merged };
    });
  }
}
