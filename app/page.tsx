import type { Metadata } from 'next';
import { ServiceGraphPanel } from '../components/graph/ServiceGraphPanel';

export const metadata: Metadata = { title: 'Overview' };

export default function OverviewPage() {
  return (
    <div className="flex min-h-0 flex-1 flex-col gap-4 p-4 sm:p-6">
      <div>
        <h1 className="font-semibold text-xl tracking-tight">Overview</h1>
        <p className="text-muted text-sm">
          Who calls whom in the running system, live: each edge is a client/server span pair (or a
          publish to and a delivery from a topic) seen by the collectors, badged with the caller's
          circuit-breaker state and mTLS.
        </p>
      </div>
      <div className="flex h-[calc(100vh-11rem)] min-h-[28rem] flex-col">
        <ServiceGraphPanel />
      </div>
    </div>
  );
}
