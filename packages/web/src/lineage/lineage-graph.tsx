import type { LineageGraph as Graph } from '@modelreg/client';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useResource } from '../api/use-resource.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { useRegistry } from '../session.js';
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH, type PlacedNode } from './layout.js';

const KIND_LABEL: Readonly<Record<string, string>> = {
  modelVersion: 'model version',
  dataset: 'dataset',
  commit: 'code commit',
  experimentRun: 'experiment run',
  pipelineRun: 'pipeline run',
  inferenceService: 'inference service',
};

/** Where a node leads: a version to its page, anything else to the graph around it. */
export function nodeHref(node: { id: string; kind: string; key: string }): string {
  return node.kind === 'modelVersion'
    ? `/by-id/modelVersion/${encodeURIComponent(node.key)}`
    : `/lineage?node=${encodeURIComponent(node.id)}`;
}

/**
 * The lineage around a node, laid out by dagre (upstream left, downstream right). Every node is a
 * link: a version opens its page, a dataset, commit or run the graph around it. The same nodes
 * are listed below the drawing for keyboards and screen readers.
 */
export function LineageGraph({
  node,
  revision = 0,
  depth = 2,
}: {
  node: string;
  revision?: number;
  depth?: number;
}) {
  const registry = useRegistry();
  const graph = useResource(`${node}/${depth}/${revision}`, () =>
    registry.lineage(node, { direction: 'both', depth }),
  );
  if (graph.error !== undefined) return <ErrorState error={graph.error} retry={graph.reload} />;
  if (graph.data === undefined) return <Loading label="Loading the lineage" />;
  if (graph.data.nodes.length <= 1) {
    return (
      <EmptyState title="No lineage recorded">
        <p>
          Register with <code>--dataset</code>, <code>--git</code>, <code>--pipeline-run</code> or{' '}
          <code>--parent</code> to record what a version was made from.
        </p>
      </EmptyState>
    );
  }
  return <Drawing graph={graph.data} />;
}

function Drawing({ graph }: { graph: Graph }) {
  const placed = useMemo(() => layoutLineage(graph), [graph]);
  const byKind = new Map<string, PlacedNode[]>();
  for (const n of placed.nodes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  return (
    <>
      <div className="lineage-scroll">
        <div className="lineage-canvas" style={{ width: placed.width, height: placed.height }}>
          <svg
            className="lineage-edges"
            width={placed.width}
            height={placed.height}
            aria-hidden="true"
            focusable="false"
          >
            <defs>
              <marker
                id="lineage-arrow"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0,0 L10,5 L0,10 z" className="lineage-arrow" />
              </marker>
            </defs>
            {placed.edges.map((edge, i) => (
              <path
                key={i}
                className={`lineage-edge edge-${edge.type}`}
                markerEnd="url(#lineage-arrow)"
                d={edge.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ')}
              >
                <title>{edge.type}</title>
              </path>
            ))}
          </svg>
          {placed.nodes.map((n) => (
            <Link
              key={n.id}
              to={nodeHref(n)}
              className={`lineage-node kind-${n.kind}${n.id === graph.root ? ' is-root' : ''}`}
              style={{ left: n.x, top: n.y, width: NODE_WIDTH, height: NODE_HEIGHT }}
              aria-current={n.id === graph.root ? 'true' : undefined}
            >
              <span className="lineage-kind">{KIND_LABEL[n.kind] ?? n.kind}</span>
              <span className="lineage-label" title={n.label}>
                {n.label}
              </span>
            </Link>
          ))}
        </div>
      </div>
      {graph.truncated && <p className="notice">The graph is cut at 2000 nodes.</p>}
      <details className="lineage-list">
        <summary>The same nodes as a list</summary>
        {[...byKind.entries()].map(([kind, nodes]) => (
          <div key={kind}>
            <h3>{KIND_LABEL[kind] ?? kind}</h3>
            <ul className="plain-list">
              {nodes.map((n) => (
                <li key={n.id}>
                  <Link to={nodeHref(n)}>{n.label}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </details>
    </>
  );
}
