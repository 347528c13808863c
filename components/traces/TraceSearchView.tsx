'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import {
  apiRoutes,
  ServicesResponse,
  TraceSearchResponse,
  type TraceSummary,
} from '../../collectors/contracts';
import { DurationScatter } from './DurationScatter';
import { useRemote } from './fetch-json';
import { SearchForm } from './SearchForm';
import { StateMessage } from './StateMessage';
import {
  searchFromParams,
  searchToApiQuery,
  searchToParams,
  type TraceSearch,
} from './search-query';
import { buttonClass } from './styles';
import { TraceResults } from './TraceResults';

/**
 * /traces: the search form beside a duration scatter plot and the matching traces. The URL is
 * the search's only home: submitting pushes a new URL, back and forward replay earlier ones.
 */
export function TraceSearchView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const paramsKey = params.toString();
  const search = useMemo(() => searchFromParams(new URLSearchParams(paramsKey)), [paramsKey]);
  const [searches, setSearches] = useState(0);

  // A relative range is resolved when the search runs, so the API URL is made in an effect.
  const [apiUrl, setApiUrl] = useState<string | null>(null);
  const [queryError, setQueryError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `searches` re-runs the same search
  useEffect(() => {
    const query = searchToApiQuery(search, Date.now());
    setQueryError(query.ok ? null : query.error);
    setApiUrl(query.ok ? `${apiRoutes.traces}?${query.params}` : null);
  }, [search, searches]);

  const results = useRemote(apiUrl, TraceSearchResponse, { keepPrevious: true });
  // Services come and go with the running system: ask again with every search.
  const services = useRemote(apiRoutes.services, ServicesResponse, {
    reloadKey: `${paramsKey}#${searches}`,
    keepPrevious: true,
  });
  const serviceNames = useMemo(
    () => (services.data?.services.map((s) => s.name) ?? []).sort(),
    [services.data],
  );
  const operations = useMemo(() => operationsByService(results.data?.traces ?? []), [results.data]);

  const submit = (next: TraceSearch) => {
    const query = searchToParams(next).toString();
    if (query === paramsKey) setSearches((n) => n + 1);
    else router.push(query ? `${pathname}?${query}` : pathname);
  };

  const traces = results.data?.traces ?? [];
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4 p-4 sm:p-6 lg:flex-row">
      <aside className="shrink-0 rounded-xl border border-line bg-surface p-4 lg:w-72 lg:self-start">
        <h2 className="mb-3 font-semibold text-sm">Search</h2>
        <SearchForm
          key={paramsKey}
          initial={search}
          services={serviceNames}
          operations={operations}
          servicesError={services.error ? `Services unavailable: ${services.error.message}` : null}
          onSubmit={submit}
        />
      </aside>
      <section
        aria-labelledby="trace-results-heading"
        aria-busy={results.loading}
        className="flex min-h-[32rem] min-w-0 flex-1 flex-col overflow-hidden rounded-xl border border-line bg-surface lg:h-[calc(100vh-6.5rem)]"
      >
        <header className="flex items-center gap-3 border-line border-b px-4 py-2.5">
          <h2 id="trace-results-heading" className="font-semibold text-sm">
            {results.data
              ? `${traces.length} ${traces.length === 1 ? 'trace' : 'traces'}`
              : 'Traces'}
          </h2>
          {results.loading && <span className="text-muted text-xs">searching…</span>}
          <span className="ml-auto text-muted text-xs">newest first</span>
        </header>
        {queryError ? (
          <StateMessage tone="error" title="This search cannot run">
            {queryError}
          </StateMessage>
        ) : results.error && !results.data ? (
          <StateMessage tone="error" title="The search failed" testId="traces-error">
            <span>{results.error.message}</span>
            <button type="button" className={buttonClass} onClick={() => setSearches((n) => n + 1)}>
              Try again
            </button>
          </StateMessage>
        ) : !results.data ? (
          <StateMessage tone="loading" title="Searching traces…" />
        ) : traces.length === 0 ? (
          <StateMessage tone="neutral" title="No traces match" testId="traces-empty">
            Widen the time range, clear a filter, or check that the demo is sending spans (the
            collectors keep only recent traces).
          </StateMessage>
        ) : (
          <>
            {results.error && (
              <p role="alert" className="border-line border-b px-4 py-1.5 text-critical text-xs">
                Refresh failed ({results.error.message}); showing the previous results.
              </p>
            )}
            <div className="border-line border-b px-2 pt-1">
              <DurationScatter traces={traces} />
            </div>
            <TraceResults traces={traces} />
          </>
        )}
      </section>
    </div>
  );
}

/** Span names per service across the results: the operation select's choices. */
function operationsByService(traces: readonly TraceSummary[]): ReadonlyMap<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const trace of traces) {
    for (const { service, name } of trace.operations) {
      const names = sets.get(service) ?? new Set<string>();
      names.add(name);
      sets.set(service, names);
    }
  }
  return new Map([...sets].map(([service, names]) => [service, [...names].sort()]));
}
