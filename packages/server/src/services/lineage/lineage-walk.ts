import type { Artifact, EntityByKind, ModelVersion } from '../../domain/entities.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import {
  MAX_LINEAGE_NODES,
  nodeId,
  type EdgeType,
  type LineageEdge,
  type LineageNode,
  type LineageNodeRef,
} from '../../domain/lineage.js';
import type { ModelVisibility } from '../../ports/metadata-store.js';
import type { LineageTx } from './lineage-tx.js';
import { both, datasetKey, either, equals, inIds, versionArtifacts, type Json } from './lineage-queries.js';

/** The nodes and edges a lineage walk has reached, and the queries that extend it by one hop. */
export class Walk {
  private readonly nodes = new Map<string, { ref: LineageNodeRef; depth: number }>();
  /** What edge queries learnt about nodes (name, uri, repository, …), by node id. */
  private readonly attributes = new Map<string, Record<string, Json>>();
  private readonly edgeList = new Map<string, LineageEdge>();
  /** Versions seen, for their labels. */
  private readonly versions = new Map<number, ModelVersion>();

  constructor(
    private readonly tx: LineageTx,
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
      } else {
        const { name } = merged;
        if (typeof name === 'string' && name !== '') label = name;
      }
      return { id: nodeId(ref), kind: ref.kind, key: ref.key, depth, label, attributes: merged };
    });
  }
}
