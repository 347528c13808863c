'use client';

import { useEffect, useState } from 'react';
import { z } from 'zod';
import { fetchApi } from '../charts/api-fetch';
import type { TopologyFacts } from './decorations';

/** The slice of the control plane's GET /topology the graph reads (extra fields are ignored). */
const TopologyFactsSchema = z.object({
  services: z.array(
    z.object({
      name: z.string(),
      role: z.enum(['mesh', 'entry', 'external']),
      sidecar: z
        .object({ upstreams: z.array(z.object({ name: z.string(), mtls: z.boolean() })) })
        .nullable(),
    }),
  ),
});

export const TOPOLOGY_URL = '/api/control/topology';
const REFRESH_MS = 30_000;

/**
 * The control plane's topology, loaded once and every 30 s while the tab is visible. null until
 * it answers; an unreachable control plane (the proxy's 502) keeps the last answer, or null.
 */
export function useTopology(): TopologyFacts | null {
  const [topology, setTopology] = useState<TopologyFacts | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      void fetchApi(TOPOLOGY_URL, TopologyFactsSchema, { signal: abort.signal }).then((result) => {
        if (!abort.signal.aborted && result.ok) setTopology(result.data);
      });
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, []);

  return topology;
}
