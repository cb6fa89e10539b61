import { InputError } from './errors.js';

/** How a version derives from a parent version. */
export const PARENT_RELATIONS = [
  'fine-tuned-from',
  'distilled-from',
  'quantized-from',
  'derived-from',
] as const;
export type ParentRelation = (typeof PARENT_RELATIONS)[number];

/** The code and experiment run behind a version (its datasets and pipeline run live in artifacts). */
export interface VersionLineage {
  readonly modelVersionId: number;
  readonly codeRepository?: string | undefined;
  readonly codeCommit?: string | undefined;
  readonly codePath?: string | undefined;
  readonly experimentRunId?: number | undefined;
}

export interface ParentLink {
  readonly modelVersionId: number;
  readonly parentVersionId: number;
  readonly relation: ParentRelation;
  readonly createTimeSinceEpoch: number;
}

export type MetricGoal = 'maximize' | 'minimize';

/**
 * Lower is better for these metric names unless a model says otherwise; higher for every other.
 * Matched on whole words of the name: `val_loss`, `error-rate`, `latency_ms`, `wer`.
 */
const LOWER_IS_BETTER =
  /(^|[^a-z])(loss|error|err|mae|mse|rmse|mape|latency|perplexity|ppl|wer|cer|fpr|fnr|time|duration|size|bytes)([^a-z]|$)/i;

export function defaultGoal(metric: string): MetricGoal {
  return LOWER_IS_BETTER.test(metric) ? 'minimize' : 'maximize';
}

/** Kinds of node a lineage walk can start from or reach. */
export const LINEAGE_NODE_KINDS = [
  'modelVersion',
  'dataset',
  'commit',
  'experimentRun',
  'pipelineRun',
  'inferenceService',
] as const;
export type LineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

/** `kind:key`, e.g. `modelVersion:12`, `dataset:sha256:ab…` (a digest, or a uri), `commit:3f2a…`. */
export interface LineageNodeRef {
  readonly kind: LineageNodeKind;
  readonly key: string;
}

export type EdgeType = 'trained-on' | 'built-from' | 'produced-by' | 'deployed-as' | ParentRelation;

export interface LineageNode {
  readonly id: string;
  readonly kind: LineageNodeKind;
  readonly key: string;
  /** Hops from the start node. */
  readonly depth: number;
  readonly label: string;
  readonly attributes: Readonly<Record<string, string | number | boolean | null>>;
}

/** `from` is upstream of `to`: the dataset a version was trained on, the parent of a child. */
export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly type: EdgeType;
}

export interface LineageGraph {
  readonly root: string;
  readonly direction: LineageDirection;
  readonly depth: number;
  readonly nodes: readonly LineageNode[];
  readonly edges: readonly LineageEdge[];
  /** The walk stopped at MAX_LINEAGE_NODES before reaching the depth asked for. */
  readonly truncated: boolean;
}

export type LineageDirection = 'upstream' | 'downstream' | 'both';

export const MAX_LINEAGE_DEPTH = 25;
export const MAX_LINEAGE_NODES = 2000;

export function nodeId(ref: LineageNodeRef): string {
  return `${ref.kind}:${ref.key}`;
}

export function parseNodeRef(text: string): LineageNodeRef {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon);
  const key = colon < 0 ? '' : text.slice(colon + 1);
  if (!(LINEAGE_NODE_KINDS as readonly string[]).includes(kind) || key === '') {
    throw new InputError(
      'INVALID_LINEAGE_NODE',
      `node must be <kind>:<key> with kind one of ${LINEAGE_NODE_KINDS.join(', ')}, got '${text}'`,
    );
  }
  if (
    (kind === 'modelVersion' || kind === 'experimentRun' || kind === 'inferenceService') &&
    !/^[1-9][0-9]{0,8}$/.test(key)
  ) {
    throw new InputError('INVALID_LINEAGE_NODE', `a ${kind} node needs an id, got '${key}'`);
  }
  return { kind: kind as LineageNodeKind, key };
}

/** Text limits of the lineage columns (indexed on every engine). */
export const LINEAGE_LIMITS = { codeRepository: 512, codeCommit: 255, pipelineRun: 255 } as const;
