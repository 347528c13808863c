import type { SchemaDefinition } from '../platform/db';
import type { SidecarTopology } from '../platform/sidecar/sidecar';
import type { ProjectionControls } from './projections';

/**
 * What GET /topology answers: every service of the bank with its own port and, when it has
 * one, its sidecar (mesh port, mTLS, one egress port per upstream with the resilience policy
 * in force, inbound fault rules). Built from live objects on every request, so fault rules
 * set a moment ago show up.
 */

export interface TopologyService {
  name: string;
  /** mesh: behind a sidecar; entry: the public gateway; external: outside the mesh. */
  role: 'mesh' | 'entry' | 'external';
  /** The service's own listener (loopback for a meshed service). */
  url: string;
  port: number;
  /** The schema the service owns, if any. */
  schema: string | null;
  /** The upstreams it calls (those running). */
  upstreams: string[];
  /** How callers reach it: its mesh URL, else its own URL. */
  address: string;
  sidecar: (SidecarTopology & { mtls: boolean }) | null;
}

export interface Topology {
  services: TopologyService[];
}

/** GET /topology: the services, and the projections the control plane can steer. */
export interface TopologyAnswer extends Topology {
  projections: ProjectionControls[];
}

/** The live pieces a topology entry is read from (runtime/service-node.ts's ServiceNode). */
export interface TopologySource {
  entry: { name: string; role: TopologyService['role']; schema: SchemaDefinition | null };
  service: { url: string; port: number };
  sidecar: { topology(): SidecarTopology } | null;
  address: string;
}

export function buildTopology(sources: readonly TopologySource[]): Topology {
  return {
    services: sources.map(({ entry, service, sidecar, address }) => {
      const view = sidecar?.topology() ?? null;
      return {
        name: entry.name,
        role: entry.role,
        url: service.url,
        port: service.port,
        schema: entry.schema?.name ?? null,
        upstreams: view?.upstreams.map((u) => u.name) ?? [],
        address,
        // A mesh port always demands a client certificate from the dev CA.
        sidecar: view ? { ...view, mtls: view.meshPort !== null } : null,
      };
    }),
  };
}
