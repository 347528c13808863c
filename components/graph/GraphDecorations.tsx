'use client';

import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { BreakerState } from '../../collectors/contracts';
import { useLive } from '../live/LiveStreamProvider';
import { breakerStatesByEdge, mtlsEdges, rolesByService } from './decorations';
import {
  DEFAULT_EDGE_METRIC,
  EDGE_METRIC_STORAGE_KEY,
  type EdgeMetric,
  parseEdgeMetric,
} from './edge-metric';
import { DEFAULT_FILTERS, type GraphFilters } from './filters';
import { faultsOnGraph, type GraphFaults, NO_GRAPH_FAULTS } from './graph-faults';
import { useReducedMotion } from './use-reduced-motion';
import { useTopology } from './use-topology';

export interface GraphDecorations {
  metric: EdgeMetric;
  setMetric: (metric: EdgeMetric) => void;
  /** Keyed by `${source}->${target}`. */
  breakers: ReadonlyMap<string, BreakerState>;
  mtls: ReadonlySet<string>;
  /** The control plane's role per service name (empty until the topology answers). */
  roles: ReadonlyMap<string, string>;
  /** Active faults from the live stream, by node and by edge. */
  faults: GraphFaults;
  /** Traffic dots on edges: the user's choice, and never under prefers-reduced-motion. */
  animateTraffic: boolean;
  trafficChoice: boolean;
  reducedMotion: boolean;
  setTrafficChoice: (on: boolean) => void;
  filters: GraphFilters;
  setFilters: (update: (current: GraphFilters) => GraphFilters) => void;
}

const NO_DECORATIONS: GraphDecorations = {
  metric: DEFAULT_EDGE_METRIC,
  setMetric: () => {},
  breakers: new Map(),
  mtls: new Set(),
  roles: new Map(),
  faults: NO_GRAPH_FAULTS,
  animateTraffic: false,
  trafficChoice: true,
  reducedMotion: false,
  setTrafficChoice: () => {},
  filters: DEFAULT_FILTERS,
  setFilters: () => {},
};

const GraphDecorationsContext = createContext<GraphDecorations>(NO_DECORATIONS);

/** What the graph's nodes and edges draw beyond their own figures. */
export function useGraphDecorations(): GraphDecorations {
  return useContext(GraphDecorationsContext);
}

/** Reads the breakers from the live stream, the topology from the control plane, the metric. */
export function GraphDecorationsProvider({ children }: { children: ReactNode }) {
  const { breakers, faults } = useLive();
  const topology = useTopology();
  const reducedMotion = useReducedMotion();
  const [metric, setMetricState] = useState<EdgeMetric>(DEFAULT_EDGE_METRIC);
  const [trafficChoice, setTrafficChoice] = useState(true);
  const [filters, setFilters] = useState<GraphFilters>(DEFAULT_FILTERS);
  const activeFaults = faults?.active;
  const graphFaults = useMemo(() => faultsOnGraph(activeFaults ?? []), [activeFaults]);

  // Read after mount: the server render has no localStorage, and the two must agree.
  useEffect(() => {
    try {
      setMetricState(parseEdgeMetric(localStorage.getItem(EDGE_METRIC_STORAGE_KEY)));
    } catch {
      // Storage disabled: the default stays.
    }
  }, []);

  const value = useMemo<GraphDecorations>(
    () => ({
      metric,
      setMetric: (next) => {
        setMetricState(next);
        try {
          localStorage.setItem(EDGE_METRIC_STORAGE_KEY, next);
        } catch {
          // Storage disabled: the choice lasts for this page only.
        }
      },
      breakers: breakerStatesByEdge(breakers?.breakers ?? []),
      mtls: mtlsEdges(topology),
      roles: rolesByService(topology),
      faults: graphFaults,
      animateTraffic: trafficChoice && !reducedMotion,
      trafficChoice,
      reducedMotion,
      setTrafficChoice,
      filters,
      setFilters,
    }),
    [metric, breakers, topology, graphFaults, trafficChoice, reducedMotion, filters],
  );
  return (
    <GraphDecorationsContext.Provider value={value}>{children}</GraphDecorationsContext.Provider>
  );
}
