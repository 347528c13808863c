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

function tracesHref(service: string | undefined): string {
  return service ? `/traces?service=${encodeURIComponent(service)}` : '/traces';
}

export function edgeTracesHref(edge: Ends, kindOf: (id: string) => NodeKind | undefined): string {
  const targetKind = kindOf(edge.target);
  const useTarget = targetKind === undefined || !VIRTUAL.has(targetKind);
  return tracesHref(useTarget ? edge.target : edge.source);
}

export function nodeTracesHref(
  id: string,
  kind: NodeKind,
  edges: readonly Ends[],
  kindOf: (id: string) => NodeKind | undefined,
): string {
  if (!VIRTUAL.has(kind)) return tracesHref(id);
  for (const edge of edges) {
    const other = edge.source === id ? edge.target : edge.target === id ? edge.source : undefined;
    const otherKind = other === undefined ? undefined : kindOf(other);
    if (other !== undefined && otherKind !== undefined && !VIRTUAL.has(otherKind))
      return tracesHref(other);
  }
  return tracesHref(undefined);
}
