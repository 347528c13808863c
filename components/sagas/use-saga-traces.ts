'use client';

import { useEffect, useState } from 'react';
import { apiRoutes, Trace } from '../../collectors/contracts';
import { fetchApi } from '../charts/api-fetch';

/**
 * The traces a saga's steps belong to (for the events between steps). Traces that fail to load
 * are left out: the timeline does not depend on them.
 */
export function useSagaTraces(traceIds: readonly string[], refreshKey: unknown): Trace[] {
  const [traces, setTraces] = useState<Trace[]>([]);
  const key = traceIds.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for traceIds; refreshKey only triggers a reload
  useEffect(() => {
    if (key === '') return;
    const abort = new AbortController();
    Promise.all(
      key.split(',').map((id) => fetchApi(apiRoutes.trace(id), Trace, { signal: abort.signal })),
    ).then((results) => {
      if (abort.signal.aborted) return;
      setTraces(results.flatMap((result) => (result.ok ? [result.data] : [])));
    });
    return () => abort.abort();
  }, [key, refreshKey]);
  return traces;
}
