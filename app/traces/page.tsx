import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StateMessage } from '../../components/traces/StateMessage';
import { TraceSearchView } from '../../components/traces/TraceSearchView';

export const metadata: Metadata = { title: 'Traces' };

export default function TracesPage() {
  return (
    <>
      <h1 className="sr-only">Traces</h1>
      {/* The search lives in the URL (useSearchParams), read on the client. */}
      <Suspense fallback={<StateMessage tone="loading" title="Loading the trace search…" />}>
        <TraceSearchView />
      </Suspense>
    </>
  );
}
