import type { Edge, Node } from '@xyflow/react';
import type { ConnectionType, NodeKind } from '../../collectors/contracts';
import type { EdgeRoute } from './layout';

/** Figures a service node shows; positions live on the React Flow node, not here. */
export type ServiceNodeData = {
  label: string;
  kind: NodeKind;
  requestRatePerSecond: number;
  errorRate: number;
};
export type ServiceFlowNode = Node<ServiceNodeData, 'service'>;

/** Figures an edge label shows. */
export type MetricsEdgeData = {
  connectionType: ConnectionType;
  requestRatePerSecond: number;
  errorRate: number;
  p95Ms: number;
  /** Dagre's route, valid while both ends stay where the layout put them. */
  route?: EdgeRoute;
};
export type MetricsFlowEdge = Edge<MetricsEdgeData, 'metrics'>;

/** What the graph view renders: React Flow nodes/edges plus the topology they were laid out for. */
export interface FlowGraph {
  nodes: ServiceFlowNode[];
  edges: MetricsFlowEdge[];
  /** Identity of the node and edge id sets; layout re-runs only when it changes. */
  topologyKey: string;
}

export const EMPTY_FLOW: FlowGraph = { nodes: [], edges: [], topologyKey: '' };
