import dagre from '@dagrejs/dagre';
import type { LineageGraph } from '@modelreg/client';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 52;

export interface PlacedNode {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly label: string;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly points: readonly { x: number; y: number }[];
}

/** Upstream on the left, downstream on the right: positions from dagre's layered layout. */
export function layoutLineage(graph: LineageGraph): {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
} {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  graph.edges.forEach((edge, i) => {
    if (g.hasNode(edge.from) && g.hasNode(edge.to)) g.setEdge(edge.from, edge.to, {}, String(i));
  });
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.id) as { x: number; y: number };
    return {
      id: node.id,
      kind: node.kind,
      key: node.key,
      label: node.label,
      x: placed.x - NODE_WIDTH / 2,
      y: placed.y - NODE_HEIGHT / 2,
    };
  });
  const edges = graph.edges.flatMap((edge, i) => {
    const placed = g.edge({ v: edge.from, w: edge.to, name: String(i) }) as
      { points?: { x: number; y: number }[] } | undefined;
    return placed?.points === undefined ? [] : [{ ...edge, points: placed.points }];
  });
  const size = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
