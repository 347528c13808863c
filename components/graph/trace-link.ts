import type { NodeKind } from '../../collectors/contracts';

/**
 * Where a click on the graph leads: the traces view filtered by a service that reports its
 * own spans. Virtual nodes (the user, a database, a topic, an external peer) have none, so
 * a click on one, or on an edge into one, filters by the service at the other end.
 */
const VIRTUAL: ReadonlySet<NodeKind> = new Set(['user', 'database', 'topic', 'external']);

interface Ends {
  source: string;
  target: string;
}

export function tracesHref(service: string | undefined): string {
  return service ? `/traces?service=${encodeURIComponent(service)}` : '/traces';
}

/** The service whose spans describe an edge: its target, unless that is virtual. */
export function edgeTracedService(
  edge: Ends,
  kindOf: (id: string) => NodeKind | undefined,
): string {
  const targetKind = kindOf(edge.target);
  const useTarget = targetKind === undefined || !VIRTUAL.has(targetKind);
  return useTarget ? edge.target : edge.source;
}

/** The service whose spans describe a node: itself, or for a virtual node a neighbour. */
export function nodeTracedService(
  id: string,
  kind: NodeKind,
  edges: readonly Ends[],
  kindOf: (id: string) => NodeKind | undefined,
): string | undefined {
  if (!VIRTUAL.has(kind)) return id;
  for (const edge of edges) {
    const other = edge.source === id ? edge.target : edge.target === id ? edge.source : undefined;
    const otherKind = other === undefined ? undefined : kindOf(other);
    if (other !== undefined && otherKind !== undefined && !VIRTUAL.has(otherKind)) return other;
  }
  return undefined;
}

export function edgeTracesHref(edge: Ends, kindOf: (id: string) => NodeKind | undefined): string {
  return tracesHref(edgeTracedService(edge, kindOf));
}

export function nodeTracesHref(
  id: string,
  kind: NodeKind,
  edges: readonly Ends[],
  kindOf: (id: string) => NodeKind | undefined,
): string {
  return tracesHref(nodeTracedService(id, kind, edges, kindOf));
}

/** Whether a node kind reports no spans of its own. */
export function isVirtualKind(kind: NodeKind): boolean {
  return VIRTUAL.has(kind);
}
