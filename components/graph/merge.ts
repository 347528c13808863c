import type { GraphEdge, GraphNode, GraphSnapshot } from '../../collectors/contracts';
import type {
  FlowGraph,
  MetricsEdgeData,
  MetricsFlowEdge,
  ServiceFlowNode,
  ServiceNodeData,
} from './flow-types';
import { edgeAriaLabel, nodeAriaLabel } from './format';
import { type EdgeRoute, type Layout, layoutLeftToRight, type Point } from './layout';

/**
 * Snapshot → React Flow state. Layout runs only when the set of node ids or edge ids changes;
 * otherwise the new figures are merged into the existing nodes and edges, so positions
 * (including ones the user dragged) stay where they are. Objects whose figures did not change
 * are returned as they were, so memoised node and edge components do not re-render.
 */
export function mergeSnapshot(
  previous: FlowGraph,
  snapshot: GraphSnapshot,
  /** Nodes the user placed by hand: they keep their position even through a re-layout. */
  pinned: ReadonlySet<string> = new Set(),
): FlowGraph {
  const nodeIds = new Set(snapshot.nodes.map((node) => node.id));
  // An edge to a node the snapshot does not list cannot be drawn; drop it rather than crash.
  const edges = snapshot.edges.filter(
    (edge) => nodeIds.has(edge.source) && nodeIds.has(edge.target),
  );
  const key = topologyKey(snapshot.nodes, edges);

  const previousNodes = new Map(previous.nodes.map((node) => [node.id, node]));
  const previousEdges = new Map(previous.edges.map((edge) => [edge.id, edge]));
  const relayout = key !== previous.topologyKey;
  const layout = relayout ? layoutLeftToRight([...nodeIds], edges) : null;
  // Nodes that kept an old position: the fresh routes of their edges do not apply to them.
  const keptPlace = new Set<string>();

  let changed = relayout;
  const nextNodes = snapshot.nodes.map((node) => {
    const before = previousNodes.get(node.id);
    const position = positionFor(node.id, before, layout, pinned);
    if (layout !== null && position !== layout.nodes.get(node.id)) keptPlace.add(node.id);
    const next = toFlowNode(node, before, position);
    if (next !== before) changed = true;
    return next;
  });
  const nextEdges = edges.map((edge) => {
    const before = previousEdges.get(edge.id);
    const route = routeFor(edge, before, layout, keptPlace);
    const next = toFlowEdge(edge, before, route);
    if (next !== before) changed = true;
    return next;
  });

  if (!changed) return previous;
  return { nodes: nextNodes, edges: nextEdges, topologyKey: key };
}

/** Identity of the node and edge id sets, independent of their order. */
export function topologyKey(
  nodes: readonly Pick<GraphNode, 'id'>[],
  edges: readonly Pick<GraphEdge, 'id'>[],
): string {
  const nodeIds = nodes.map((node) => node.id).sort();
  const edgeIds = edges.map((edge) => edge.id).sort();
  return JSON.stringify([nodeIds, edgeIds]);
}

/**
 * Forget the routes of edges touching nodes that moved (the user dragged them): those edges
 * fall back to plain curves between wherever their ends now are.
 */
export function dropRoutes(
  edges: MetricsFlowEdge[],
  movedNodeIds: ReadonlySet<string>,
): MetricsFlowEdge[] {
  if (movedNodeIds.size === 0) return edges;
  let changed = false;
  const next = edges.map((edge) => {
    if (!edge.data?.route || !(movedNodeIds.has(edge.source) || movedNodeIds.has(edge.target))) {
      return edge;
    }
    changed = true;
    const { route: _dropped, ...data } = edge.data;
    return { ...edge, data };
  });
  return changed ? next : edges;
}

function positionFor(
  id: string,
  before: ServiceFlowNode | undefined,
  layout: Layout | null,
  pinned: ReadonlySet<string>,
): Point {
  if (before && (layout === null || pinned.has(id))) return before.position;
  return layout?.nodes.get(id) ?? { x: 0, y: 0 };
}

function routeFor(
  edge: GraphEdge,
  before: MetricsFlowEdge | undefined,
  layout: Layout | null,
  keptPlace: ReadonlySet<string>,
): EdgeRoute | undefined {
  if (layout === null) return before?.data?.route;
  if (keptPlace.has(edge.source) || keptPlace.has(edge.target)) return undefined;
  return layout.edges.get(edge.id);
}

function toFlowNode(
  node: GraphNode,
  before: ServiceFlowNode | undefined,
  position: Point,
): ServiceFlowNode {
  const data: ServiceNodeData = {
    label: node.label,
    kind: node.kind,
    requestRatePerSecond: node.requestRatePerSecond,
    errorRate: node.errorRate,
  };
  if (before && before.position === position && sameNodeData(before.data, data)) return before;
  return {
    // Keep what React Flow tracks on the node (selection, measured size).
    ...before,
    id: node.id,
    type: 'service',
    position,
    data,
    ariaLabel: nodeAriaLabel(data),
  };
}

function toFlowEdge(
  edge: GraphEdge,
  before: MetricsFlowEdge | undefined,
  route: EdgeRoute | undefined,
): MetricsFlowEdge {
  const data: MetricsEdgeData = {
    connectionType: edge.connectionType,
    requestRatePerSecond: edge.requestRatePerSecond,
    errorRate: edge.errorRate,
    p95Ms: edge.latencyMs.p95,
    ...(route ? { route } : {}),
  };
  if (before?.data && sameEdgeData(before.data, data)) return before;
  return {
    ...before,
    id: edge.id,
    type: 'metrics',
    source: edge.source,
    target: edge.target,
    data,
    ariaLabel: edgeAriaLabel(edge.source, edge.target, data),
  };
}

function sameNodeData(a: ServiceNodeData, b: ServiceNodeData): boolean {
  return (
    a.label === b.label &&
    a.kind === b.kind &&
    a.requestRatePerSecond === b.requestRatePerSecond &&
    a.errorRate === b.errorRate
  );
}

function sameEdgeData(a: MetricsEdgeData, b: MetricsEdgeData): boolean {
  return (
    a.connectionType === b.connectionType &&
    a.requestRatePerSecond === b.requestRatePerSecond &&
    a.errorRate === b.errorRate &&
    a.p95Ms === b.p95Ms &&
    a.route === b.route
  );
}
