'use client';

import { useEffect } from 'react';
import { apiRoutes, RedHistoryResponse } from '../../../collectors/contracts';
import { useApi } from '../../charts/use-api';
import type { HistoryKey } from '../../live/history';
import { useRedHistoryStore } from '../../live/LiveStreamProvider';

/** The collectors' history URL for `keys` (one `key` parameter each). */
export function redHistoryUrl(keys: readonly HistoryKey[]): string {
  const query = keys.map((key) => `key=${encodeURIComponent(key)}`).join('&');
  return `${apiRoutes.redHistory}?${query}`;
}

/**
 * Loads the collectors' recent RED history of `keys` once (again when the keys change) and
 * seeds the page's history with it, so charts show the minutes before the page opened.
 * Answers how that went; on an error the charts simply go on from the stream alone.
 */
export function useServerRedHistory(keys: readonly HistoryKey[]): 'loading' | 'ok' | 'error' {
  const history = useRedHistoryStore();
  const state = useApi(keys.length === 0 ? null : redHistoryUrl(keys), RedHistoryResponse);
  useEffect(() => {
    if (state.status !== 'ok') return;
    for (const series of state.data.series) history.seed(series.key, series.samples);
  }, [state, history]);
  return keys.length === 0 ? 'ok' : state.status;
}
