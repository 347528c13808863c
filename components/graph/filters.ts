import type { NodeKind } from '../../collectors/contracts';

/** What the graph hides. The layout ignores filters: hidden nodes keep their place. */
export interface GraphFilters {
  /** Node kinds (as drawn) to hide. */
  hiddenKinds: ReadonlySet<NodeKind>;
  /** Hide nodes and edges without traffic in the window. */
  hideIdle: boolean;
  /** Show only nodes whose name contains this (case-insensitive), and their neighbours. */
  query: string;
}

export const DEFAULT_FILTERS: GraphFilters = { hiddenKinds: new Set(), hideIdle: false, query: '' };

export function filtersActive(filters: GraphFilters): boolean {
  return filters.hiddenKinds.size > 0 || filters.hideIdle || filters.query.trim() !== '';
}

interface FilterNode {
  id: string;
  label: string;
  kind: NodeKind;
  requestRatePerSecond: number;
  errorRate: number;
}
interface FilterEdge {
  id: string;
  source: string;
  target: string;
  requestRatePerSecond: number;
}

export interface Visibility {
  hiddenNodes: ReadonlySet<string>;
  hiddenEdges: ReadonlySet<string>;
  /** Nodes that match the search (empty without one). */
  matches: ReadonlySet<string>;
}

/** Which nodes and edges the filters hide; an edge goes with either of its ends. */
export function visibility(
  nodes: readonly FilterNode[],
  edges: readonly FilterEdge[],
  filters: GraphFilters,
): Visibility {
  const hiddenNodes = new Set<string>();
  const hiddenEdges = new Set<string>();
  const matches = new Set<string>();
  const query = filters.query.trim().toLowerCase();

  const busy = new Set<string>();
  for (const edge of edges) {
    if (edge.requestRatePerSecond > 0) {
      busy.add(edge.source);
      busy.add(edge.target);
    }
  }
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
    neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
  }
  if (query !== '') {
    for (const node of nodes) {
      if (node.label.toLowerCase().includes(query) || node.id.toLowerCase().includes(query))
        matches.add(node.id);
    }
  }
  const nearMatch = (id: string) =>
    matches.has(id) || (neighbours.get(id) ?? []).some((other) => matches.has(other));

  for (const node of nodes) {
    const idle = node.requestRatePerSecond === 0 && node.errorRate === 0 && !busy.has(node.id);
    if (
      filters.hiddenKinds.has(node.kind) ||
      (filters.hideIdle && idle) ||
      (query !== '' && !nearMatch(node.id))
    ) {
      hiddenNodes.add(node.id);
    }
  }
  for (const edge of edges) {
    if (
      hiddenNodes.has(edge.source) ||
      hiddenNodes.has(edge.target) ||
      (filters.hideIdle && edge.requestRatePerSecond === 0)
    ) {
      hiddenEdges.add(edge.id);
    }
  }
  return { hiddenNodes, hiddenEdges, matches };
}
