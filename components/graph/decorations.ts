import type { BreakerState, BreakerView, NodeKind } from '../../collectors/contracts';

/**
 * What the graph draws on top of the collectors' figures: breaker states on the edge where each
 * breaker lives, mTLS on edges the mesh encrypts, and node kinds refined by the control plane's
 * topology. Pure: the components read the results through GraphDecorationsContext.
 */

/** The parts of the control plane's GET /topology the graph reads. */
export interface TopologyFacts {
  services: readonly {
    name: string;
    role: 'mesh' | 'entry' | 'external';
    sidecar: { upstreams: readonly { name: string; mtls: boolean }[] } | null;
  }[];
}

/** `${source}->${target}`, the collectors' edge id. */
export function edgeKey(source: string, target: string): string {
  return `${source}->${target}`;
}

const SEVERITY: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * The breaker state per edge: a breaker lives in its service (the caller) and guards its peer
 * (the upstream, the target node). When several breakers guard one edge the worst state wins.
 */
export function breakerStatesByEdge(
  breakers: readonly Pick<BreakerView, 'service' | 'name' | 'peer' | 'state'>[],
): Map<string, BreakerState> {
  const states = new Map<string, BreakerState>();
  for (const breaker of breakers) {
    const key = edgeKey(breaker.service, breaker.peer || breaker.name);
    const before = states.get(key);
    if (before === undefined || SEVERITY[breaker.state] > SEVERITY[before]) {
      states.set(key, breaker.state);
    }
  }
  return states;
}

/** Edges whose caller's sidecar reaches the upstream over mutual TLS. */
export function mtlsEdges(topology: TopologyFacts | null): Set<string> {
  const edges = new Set<string>();
  for (const service of topology?.services ?? []) {
    for (const upstream of service.sidecar?.upstreams ?? []) {
      if (upstream.mtls) edges.add(edgeKey(service.name, upstream.name));
    }
  }
  return edges;
}

/** The control plane's role per service name. */
export function rolesByService(topology: TopologyFacts | null): Map<string, string> {
  return new Map((topology?.services ?? []).map((service) => [service.name, service.role]));
}

/**
 * The kind a node is drawn as: the topology's entry service is the gateway and its external
 * services (partner-bank) are external even though they report spans; without a topology, the
 * service named `gateway` is the gateway.
 */
export function displayKind(
  id: string,
  kind: NodeKind,
  roles: ReadonlyMap<string, string>,
): NodeKind {
  if (kind !== 'service') return kind;
  const role = roles.get(id);
  if (role === 'entry' || (role === undefined && id === 'gateway')) return 'gateway';
  if (role === 'external') return 'external';
  return kind;
}
