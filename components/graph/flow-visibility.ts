import { displayKind } from './decorations';
import { filtersActive, type GraphFilters, visibility } from './filters';
import type { FlowGraph, MetricsFlowEdge, ServiceFlowNode } from './flow-types';

/**
 * The flow as the filters show it: hidden nodes and edges get React Flow's `hidden` flag (they
 * keep their positions, so the layout does not move), search matches a highlight class. Objects
 * whose flags do not change are passed through, so memoised components do not re-render.
 */
export function visibleFlow(
  flow: FlowGraph,
  filters: GraphFilters,
  roles: ReadonlyMap<string, string>,
): { nodes: ServiceFlowNode[]; edges: MetricsFlowEdge[] } {
  if (!filtersActive(filters)) return flow;
  const seen = visibility(
    flow.nodes.map((node) => ({
      id: node.id,
      label: node.data.label,
      kind: displayKind(node.id, node.data.kind, roles),
      requestRatePerSecond: node.data.requestRatePerSecond,
      errorRate: node.data.errorRate,
    })),
    flow.edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      requestRatePerSecond: edge.data?.requestRatePerSecond ?? 0,
    })),
    filters,
  );
  const nodes = flow.nodes.map((node) => {
    const hidden = seen.hiddenNodes.has(node.id);
    const className = seen.matches.has(node.id) ? 'graph-search-match' : undefined;
    if ((node.hidden ?? false) === hidden && node.className === className) return node;
    return { ...node, hidden, className };
  });
  const edges = flow.edges.map((edge) => {
    const hidden = seen.hiddenEdges.has(edge.id);
    return (edge.hidden ?? false) === hidden ? edge : { ...edge, hidden };
  });
  return { nodes, edges };
}
