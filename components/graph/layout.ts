import dagre, { type EdgeLabel } from '@dagrejs/dagre';

/** Size the layout reserves for each node; ServiceNode renders at this width. */
export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 88;
/** Room reserved for each edge label (MetricsEdge's two-line label fits in it). */
export const LABEL_WIDTH = 124;
export const LABEL_HEIGHT = 36;

export interface Point {
  x: number;
  y: number;
}

/** Where dagre routed an edge: bend points (flow coordinates) and the label's centre. */
export interface EdgeRoute {
  points: Point[];
  label: Point;
}

export interface Layout {
  /** Top-left corner of each node, as React Flow positions nodes. */
  nodes: Map<string, Point>;
  /** Routes keyed by `${source}->${target}` (the snapshot's edge id). */
  edges: Map<string, EdgeRoute>;
}

/**
 * Left-to-right layered layout (dagre). Edge labels get room of their own, so they do not sit
 * on nodes or on each other, and edges that skip a rank are routed around the nodes in between.
 * Input order does not matter: ids are sorted, so a topology always gets the same picture.
 */
export function layoutLeftToRight(
  nodeIds: readonly string[],
  edges: readonly { source: string; target: string }[],
): Layout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({
    rankdir: 'LR',
    nodesep: 36,
    ranksep: 48,
    edgesep: 24,
    marginx: 24,
    marginy: 24,
  });
  graph.setDefaultEdgeLabel(() => ({}));

  for (const id of [...nodeIds].sort()) {
    graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  const sortedEdges = [...edges].sort((a, b) =>
    `${a.source}\0${a.target}`.localeCompare(`${b.source}\0${b.target}`),
  );
  for (const { source, target } of sortedEdges) {
    if (source === target || !graph.hasNode(source) || !graph.hasNode(target)) continue;
    graph.setEdge(source, target, { width: LABEL_WIDTH, height: LABEL_HEIGHT, labelpos: 'c' });
  }

  dagre.layout(graph);

  const nodes = new Map<string, Point>();
  for (const id of nodeIds) {
    const { x, y } = graph.node(id);
    nodes.set(id, { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 });
  }
  const routes = new Map<string, EdgeRoute>();
  for (const { v, w } of graph.edges()) {
    const label: EdgeLabel = graph.edge(v, w);
    if (!label.points || label.x === undefined || label.y === undefined) continue;
    routes.set(`${v}->${w}`, {
      points: label.points.map(({ x, y }) => ({ x, y })),
      label: { x: label.x, y: label.y },
    });
  }
  return { nodes, edges: routes };
}
