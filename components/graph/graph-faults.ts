import type { FaultWindow } from '../../collectors/contracts';
import { edgeKey } from './decorations';

/**
 * Active faults by what they hit on the graph. A fault's target names a node ("accounts") or
 * a call path ("payments->partner-bank", also written with → or " to "); a fault with no target
 * hits the service that reported it.
 */
export interface GraphFaults {
  /** Keyed by node id. */
  nodes: ReadonlyMap<string, readonly FaultWindow[]>;
  /** Keyed by `${source}->${target}`. */
  edges: ReadonlyMap<string, readonly FaultWindow[]>;
}

export const NO_GRAPH_FAULTS: GraphFaults = { nodes: new Map(), edges: new Map() };

const EDGE_SEPARATORS = /\s*(?:->|→|\bto\b)\s*/;

export function faultsOnGraph(active: readonly FaultWindow[]): GraphFaults {
  if (active.length === 0) return NO_GRAPH_FAULTS;
  const nodes = new Map<string, FaultWindow[]>();
  const edges = new Map<string, FaultWindow[]>();
  const add = (map: Map<string, FaultWindow[]>, key: string, fault: FaultWindow) => {
    const list = map.get(key);
    if (list) list.push(fault);
    else map.set(key, [fault]);
  };
  for (const fault of active) {
    const target = fault.target.trim();
    const ends = target.split(EDGE_SEPARATORS);
    if (ends.length === 2 && ends[0] && ends[1]) add(edges, edgeKey(ends[0], ends[1]), fault);
    else if (target !== '') add(nodes, target, fault);
    else if (fault.service !== '') add(nodes, fault.service, fault);
  }
  return { nodes, edges };
}

/** "latency, abort" — the kinds of a list of faults, each once. */
export function faultKinds(faults: readonly FaultWindow[]): string {
  return [...new Set(faults.map((fault) => fault.kind || 'fault'))].join(', ');
}
