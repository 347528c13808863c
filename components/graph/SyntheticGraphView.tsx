'use client';

import { useEffect, useMemo, useState } from 'react';
import { GraphDecorationsProvider } from './GraphDecorations';
import { GraphToolbar } from './GraphToolbar';
import { ServiceGraph } from './ServiceGraph';
import { syntheticSnapshot, syntheticTopology } from './synthetic';

/** The live graph fed by a synthetic topology at `hz` updates a second (dev-only route). */
export function SyntheticGraphView({ services, hz }: { services: number; hz: number }) {
  const topology = useMemo(() => syntheticTopology({ services }), [services]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') setTick((n) => n + 1);
    }, 1000 / hz);
    return () => clearInterval(timer);
  }, [hz]);
  const snapshot = useMemo(() => syntheticSnapshot(topology, tick), [topology, tick]);
  return (
    <GraphDecorationsProvider>
      <section className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border border-line bg-surface">
        <header className="flex items-center justify-between gap-4 border-line border-b px-4 py-2 text-xs">
          <GraphToolbar />
          <span className="text-muted tabular-nums">
            {services} services · {hz} updates/s · update{' '}
            <span data-testid="synthetic-updates">{tick}</span>
          </span>
        </header>
        <div className="relative min-h-0 flex-1" data-testid="service-graph">
          <ServiceGraph snapshot={snapshot} />
        </div>
      </section>
    </GraphDecorationsProvider>
  );
}
