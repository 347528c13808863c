'use client';

import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { type ApiResult, fetchApi } from './api-fetch';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; notFound: boolean }
  | { status: 'ok'; data: T };

/**
 * Loads `url` when it (or `refreshKey`) changes and keeps the last good answer while a refresh
 * is in flight. A null url loads nothing. Requests in flight are aborted on change and unmount.
 */
export function useApi<T>(
  url: string | null,
  schema: z.ZodType<T>,
  refreshKey?: unknown,
): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey only triggers a reload; the schema is a module constant
  useEffect(() => {
    if (url === null) return;
    const abort = new AbortController();
    fetchApi(url, schema, { signal: abort.signal }).then((result: ApiResult<T>) => {
      if (abort.signal.aborted) return;
      if (result.ok) setState({ status: 'ok', data: result.data });
      else
        setState((current) =>
          // A failed refresh keeps the data on screen; only a first failure shows the error.
          current.status === 'ok' && !result.notFound
            ? current
            : { status: 'error', message: result.message, notFound: result.notFound },
        );
    });
    return () => abort.abort();
  }, [url, refreshKey]);

  return state;
}
