import { semconv } from '../contracts/conventions';
import type { ConnectionType, NodeKind } from '../contracts/graph';
import type { Attributes } from '../contracts/traces';

/** A node the graph shows without it reporting spans of its own. */
export interface VirtualNode {
  id: string;
  label: string;
  kind: NodeKind;
  connectionType: ConnectionType;
}

/** The caller of a root server span. */
export const USER_NODE: VirtualNode = {
  id: 'user',
  label: 'user',
  kind: 'user',
  connectionType: 'virtual',
};

/** A messaging destination (a topic or queue) as a node. */
export function topicNode(name: string): VirtualNode {
  return { id: `topic:${name}`, label: name, kind: 'topic', connectionType: 'messaging' };
}

function text(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Names the callee of a client/producer span whose server half never arrived, from its
 * attributes (Tempo's order): peer.service, then the database (db.namespace/db.name, else
 * db.system), then the messaging destination, then server.address. Undefined when none is set.
 * A peer.service names a service, so its id is the bare name and merges with that service's
 * node if it reports spans; other virtual ids carry their kind as a prefix.
 */
export function virtualPeer(attributes: Attributes): VirtualNode | undefined {
  const viaHttp = attributes[semconv.httpRequestMethod] !== undefined;
  const peerService = text(attributes, semconv.peerService);
  if (peerService) {
    return {
      id: peerService,
      label: peerService,
      kind: 'external',
      connectionType: viaHttp ? 'http' : 'virtual',
    };
  }
  const dbSystem = text(attributes, semconv.dbSystem);
  const dbName = text(attributes, semconv.dbNamespace) ?? text(attributes, semconv.dbName);
  if (dbSystem || dbName) {
    const label = dbName ?? dbSystem!;
    return { id: `database:${label}`, label, kind: 'database', connectionType: 'database' };
  }
  const topic = text(attributes, semconv.messagingDestinationName);
  if (topic) return topicNode(topic);
  const address = text(attributes, semconv.serverAddress);
  if (address) {
    return {
      id: `external:${address}`,
      label: address,
      kind: 'external',
      connectionType: viaHttp ? 'http' : 'virtual',
    };
  }
  return undefined;
}
