import { ConflictError, NotFoundError } from '../../domain/errors.js';
import {
  MAX_LINEAGE_NODES,
  nodeId,
  type LineageDirection,
  type LineageGraph,
  type LineageNodeRef,
  type MetricGoal,
  type ParentLink,
  type ParentRelation,
  type VersionLineage,
} from '../../domain/lineage.js';
import type { LineageTx } from './lineage-tx.js';
import type { Authorizer } from '../access/index.js';
import { lockModel, runUseCase, type Caller, type UseCaseDeps } from '../use-case.js';
import { compareVersions, type Comparison } from './comparison.js';
import {
  goalMap,
  mustModel,
  mustVersion,
  refOf,
  requireOnVersion,
  valuesOf,
  versionArtifacts,
  type VersionValues,
} from './lineage-queries.js';
import { Walk } from './lineage-walk.js';

/**
 * Lineage walks, parent links, metric goals and comparisons. Lineage is read from where it is
 * recorded: datasets, metrics and parameters are a version's artifacts, the pipeline run is its
 * ModelArtifact's modelSource*, code and experiment run are its lineage row, parents its links.
 */
export class LineageService {
  constructor(private readonly deps: UseCaseDeps<LineageTx>) {}

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
      await requireRoot(tx, auth, root);
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
    return runUseCase(this.deps, actor, (tx, _now, auth) => compareVersions(tx, auth, ids, goalOverrides));
  }
}

/** A walk from a version, inference service or run needs read access to it (and it must exist). */
async function requireRoot(tx: LineageTx, auth: Authorizer, root: LineageNodeRef): Promise<void> {
  if (root.kind === 'experimentRun') {
    if (!(await tx.exists('experimentRun', Number(root.key)))) {
      throw new NotFoundError('EXPERIMENT_RUN_NOT_FOUND', `no ${root.kind} with id ${root.key}`);
    }
    // A run belongs to no model: only a caller who may read the whole registry sees one.
    await auth.require('read', `${root.kind} ${root.key}`);
    return;
  }
  if (root.kind !== 'modelVersion' && root.kind !== 'inferenceService') return;
  const entity = await tx.get(root.kind, Number(root.key));
  if (entity === undefined) {
    const code = root.kind === 'modelVersion' ? 'MODEL_VERSION' : 'INFERENCE_SERVICE';
    throw new NotFoundError(`${code}_NOT_FOUND`, `no ${root.kind} with id ${root.key}`);
  }
  const modelId = entity.registeredModelId;
  const model = await tx.get('registeredModel', modelId);
  await auth.require('read', `${root.kind} ${root.key}`, { id: modelId, owner: model?.owner });
}
