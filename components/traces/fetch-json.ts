'use client';

import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { ApiErrorBody } from '../../collectors/contracts';

/**
 * Reads one query-API answer through the Next.js proxy and parses it with its contract, so a
 * broken answer is an error state, never a crash further down.
 */
export class FetchError extends Error {
  constructor(
    message: string,
    /** HTTP status, or null when no answer arrived (network) or it broke the contract. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export async function fetchJson<T>(
  url: string,
  schema: z.ZodType<T>,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      headers: { accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new FetchError('The dashboard server did not answer', null);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = ApiErrorBody.safeParse(body);
    const message = parsed.success ? parsed.data.error : `HTTP ${response.status}`;
    throw new FetchError(message, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new FetchError(
      `The answer from ${new URL(url, 'http://x').pathname} broke its contract`,
      null,
    );
  }
  return parsed.data;
}

export interface Remote<T> {
  /** The latest answer for this url (kept while a reload runs when `keepPrevious`). */
  data: T | null;
  error: FetchError | null;
  loading: boolean;
}

/**
 * Fetches `url` (null: nothing to fetch) whenever it or `reloadKey` changes; aborts the
 * request in flight when it changes again or the component unmounts.
 */
export function useRemote<T>(
  url: string | null,
  schema: z.ZodType<T>,
  {
    reloadKey = 0,
    keepPrevious = false,
  }: { reloadKey?: string | number; keepPrevious?: boolean } = {},
): Remote<T> {
  const [remote, setRemote] = useState<Remote<T>>({
    data: null,
    error: null,
    loading: url !== null,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey only asks for a refetch; the schema is a module constant
  useEffect(() => {
    if (url === null) {
      setRemote({ data: null, error: null, loading: false });
      return;
    }
    const abort = new AbortController();
    setRemote((current) => ({
      data: keepPrevious ? current.data : null,
      error: null,
      loading: true,
    }));
    fetchJson(url, schema, abort.signal).then(
      (data) => setRemote({ data, error: null, loading: false }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const failure = error instanceof FetchError ? error : new FetchError(String(error), null);
        setRemote((current) => ({
          data: keepPrevious ? current.data : null,
          error: failure,
          loading: false,
        }));
      },
    );
    return () => abort.abort();
  }, [url, reloadKey]);

  return remote;
}
