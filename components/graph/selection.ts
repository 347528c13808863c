import type { NodeKind } from '../../collectors/contracts';
import type { HistoryKey } from '../live/history';
import { edgeTracedService, isVirtualKind, nodeTracedService } from './trace-link';

/** What the side panel shows: one node or one edge of the graph. */
export type GraphSelection =
  | { kind: 'node'; id: string }
  | { kind: 'edge'; id: string; source: string; target: string };

export interface SelectionFocus {
  /** "accounts" or "gateway → accounts" */
  title: string;
  /** The service whose traces, logs and per-operation figures the panel shows. */
  service: string | undefined;
  /** History keys for the charts, best first (a service's RED carries latency; a node's not). */
  historyKeys: readonly HistoryKey[];
  /** For an edge: only traces that passed through its caller too (unless the caller is virtual). */
  alsoThrough: string | undefined;
}

interface Ends {
  source: string;
  target: string;
}

/** What the panel reads for a selection, given the graph as drawn. */
export function focusOf(
  selection: GraphSelection,
  edges: readonly Ends[],
  kindOf: (id: string) => NodeKind | undefined,
): SelectionFocus {
  if (selection.kind === 'edge') {
    const service = edgeTracedService(selection, kindOf);
    const other = service === selection.target ? selection.source : selection.target;
    const otherKind = kindOf(other);
    return {
      title: `${selection.source} → ${selection.target}`,
      service,
      historyKeys: [`edge:${selection.id}`],
      alsoThrough: otherKind !== undefined && !isVirtualKind(otherKind) ? other : undefined,
    };
  }
  const kind = kindOf(selection.id) ?? 'service';
  const virtual = isVirtualKind(kind);
  return {
    title: selection.id,
    service: nodeTracedService(selection.id, kind, edges, kindOf),
    historyKeys: virtual
      ? [`node:${selection.id}`]
      : [`service:${selection.id}`, `node:${selection.id}`],
    alsoThrough: undefined,
  };
}

/**
 * The selection a keyboard event on the graph asks for: Enter on a focused node
 * (`.react-flow__node[data-id]`) or edge (`.react-flow__edge[data-id]`). null otherwise.
 */
export function selectionFromElement(
  element: { closest(selector: string): { getAttribute(name: string): string | null } | null },
  edgeEnds: (id: string) => Ends | undefined,
): GraphSelection | null {
  const node = element.closest('.react-flow__node');
  const nodeId = node?.getAttribute('data-id');
  if (nodeId) return { kind: 'node', id: nodeId };
  const edge = element.closest('.react-flow__edge');
  const edgeId = edge?.getAttribute('data-id');
  const ends = edgeId ? edgeEnds(edgeId) : undefined;
  if (edgeId && ends) return { kind: 'edge', id: edgeId, ...ends };
  return null;
}
