import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StateMessage } from '../../../components/traces/StateMessage';
import { TraceView } from '../../../components/traces/TraceView';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Trace ${id.slice(0, 7)}` };
}

export default async function TracePage({ params }: Props) {
  const { id } = await params;
  return (
    // The selected span lives in the URL (?span=), read on the client.
    <Suspense fallback={<StateMessage tone="loading" title="Loading the trace…" />}>
      <TraceView traceId={id.toLowerCase()} />
    </Suspense>
  );
}
