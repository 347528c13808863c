'use client';

import '@xyflow/react/dist/style.css';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  type EdgeMouseHandler,
  type EdgeTypes,
  MarkerType,
  type NodeMouseHandler,
  type NodeTypes,
  type OnEdgesChange,
  type OnNodeDrag,
  type OnNodesChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphSnapshot } from '../../collectors/contracts';
import { useTheme } from '../theme/theme';
import { isContextMenuKey } from './fault-menu/menu-keys';
import {
  EMPTY_FLOW,
  type FlowGraph,
  type MetricsFlowEdge,
  type ServiceFlowNode,
} from './flow-types';
import { visibleFlow } from './flow-visibility';
import { useGraphDecorations } from './GraphDecorations';
import { MetricsEdge } from './MetricsEdge';
import { dropRoutes, mergeSnapshot } from './merge';
import { ServiceNode } from './ServiceNode';
import { type GraphSelection, selectionFromElement } from './selection';
import { TrafficCanvas, TrafficRegistryProvider } from './TrafficCanvas';
import type { TrafficRegistry } from './traffic-registry';

// Declared once: new objects on every render would make React Flow re-create every node.
const nodeTypes: NodeTypes = { service: ServiceNode };
const edgeTypes: EdgeTypes = { metrics: MetricsEdge };
const defaultEdgeOptions = {
  // Marker colours are SVG attributes, which cannot read CSS variables: one neutral slate.
  markerEnd: { type: MarkerType.ArrowClosed, color: '#64748b', width: 14, height: 14 },
};
const FIT_VIEW_OPTIONS = { padding: 0.06, maxZoom: 1.25 };

interface ServiceGraphProps {
  snapshot: GraphSnapshot;
  /** A click, or Enter on a focused node or edge, asks for its details. */
  onSelect?: (selection: GraphSelection) => void;
  /** A right-click, or Shift+F10 / the menu key on a focused node or edge: its fault menu. */
  onContextMenu?: (selection: GraphSelection, client: { x: number; y: number }) => void;
}

/** The live service graph: dagre layout, merged in place as new snapshots arrive. */
export function ServiceGraph(props: ServiceGraphProps) {
  return (
    <ReactFlowProvider>
      <GraphCanvas {...props} />
    </ReactFlowProvider>
  );
}

function GraphCanvas({ snapshot, onSelect, onContextMenu }: ServiceGraphProps) {
  const [flow, setFlow] = useState<FlowGraph>(() => mergeSnapshot(EMPTY_FLOW, snapshot));
  // Nodes the user dragged keep their place even when a new node forces a re-layout.
  const pinned = useRef(new Set<string>());
  const { fitView } = useReactFlow();
  const theme = useTheme();
  const { filters, roles, animateTraffic } = useGraphDecorations();
  const [traffic] = useState<TrafficRegistry>(() => new Map());
  const shown = useMemo(() => visibleFlow(flow, filters, roles), [flow, filters, roles]);

  useEffect(() => {
    setFlow((current) => mergeSnapshot(current, snapshot, pinned.current));
  }, [snapshot]);

  // A new topology means a new picture: frame it (React Flow waits for the nodes' sizes).
  useEffect(() => {
    if (flow.topologyKey !== '') void fitView(FIT_VIEW_OPTIONS);
  }, [flow.topologyKey, fitView]);

  const onNodesChange: OnNodesChange<ServiceFlowNode> = useCallback((changes) => {
    const moved = new Set<string>();
    for (const change of changes) if (change.type === 'position') moved.add(change.id);
    setFlow((current) => ({
      ...current,
      nodes: applyNodeChanges(changes, current.nodes),
      edges: dropRoutes(current.edges, moved),
    }));
  }, []);
  const onEdgesChange: OnEdgesChange<MetricsFlowEdge> = useCallback((changes) => {
    setFlow((current) => ({ ...current, edges: applyEdgeChanges(changes, current.edges) }));
  }, []);
  const onNodeDragStop: OnNodeDrag<ServiceFlowNode> = useCallback((_event, _node, dragged) => {
    for (const node of dragged) pinned.current.add(node.id);
  }, []);

  // A click on a node or an edge (or Enter on a focused one) opens its side panel.
  const latest = useRef(flow);
  latest.current = flow;
  const onNodeClick: NodeMouseHandler<ServiceFlowNode> = useCallback(
    (_event, node) => onSelect?.({ kind: 'node', id: node.id }),
    [onSelect],
  );
  const onEdgeClick: EdgeMouseHandler<MetricsFlowEdge> = useCallback(
    (_event, edge) =>
      onSelect?.({ kind: 'edge', id: edge.id, source: edge.source, target: edge.target }),
    [onSelect],
  );
  const onNodeContextMenu: NodeMouseHandler<ServiceFlowNode> = useCallback(
    (event, node) => {
      if (!onContextMenu) return;
      event.preventDefault();
      onContextMenu({ kind: 'node', id: node.id }, { x: event.clientX, y: event.clientY });
    },
    [onContextMenu],
  );
  const onEdgeContextMenu: EdgeMouseHandler<MetricsFlowEdge> = useCallback(
    (event, edge) => {
      if (!onContextMenu) return;
      event.preventDefault();
      const selection: GraphSelection = {
        kind: 'edge',
        id: edge.id,
        source: edge.source,
        target: edge.target,
      };
      onContextMenu(selection, { x: event.clientX, y: event.clientY });
    },
    [onContextMenu],
  );
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const menu = isContextMenuKey(event);
      if ((event.key !== 'Enter' && !menu) || !(event.target instanceof Element)) return;
      const selection = selectionFromElement(event.target, (id) =>
        latest.current.edges.find((edge) => edge.id === id),
      );
      if (selection === null) return;
      event.preventDefault();
      if (!menu) onSelect?.(selection);
      else if (onContextMenu) {
        // At the middle of the node or edge (the browser's own contextmenu event is cancelled).
        const box = event.target.getBoundingClientRect();
        onContextMenu(selection, { x: box.left + box.width / 2, y: box.top + box.height / 2 });
      }
    },
    [onSelect, onContextMenu],
  );

  return (
    <TrafficRegistryProvider value={traffic}>
      <ReactFlow<ServiceFlowNode, MetricsFlowEdge>
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        colorMode={theme}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.2}
        maxZoom={2}
        nodesConnectable={false}
        edgesReconnectable={false}
        deleteKeyCode={null}
        onKeyDown={onKeyDown}
        aria-label="Service graph"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW_OPTIONS} />
        <TrafficCanvas registry={traffic} on={animateTraffic} />
      </ReactFlow>
    </TrafficRegistryProvider>
  );
}
