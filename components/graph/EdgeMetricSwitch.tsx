'use client';

import { EDGE_METRICS } from './edge-metric';
import { useGraphDecorations } from './GraphDecorations';

/** Rate / error % / p95: which figure the edge labels put first. Buttons with aria-pressed. */
export function EdgeMetricSwitch() {
  const { metric, setMetric } = useGraphDecorations();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form fieldset
    <div
      role="group"
      aria-label="Edge labels show"
      data-testid="edge-metric-switch"
      className="inline-flex rounded-md border border-line bg-raised p-0.5 text-xs"
    >
      {EDGE_METRICS.map((option) => {
        const pressed = option.id === metric;
        return (
          <button
            key={option.id}
            type="button"
            aria-pressed={pressed}
            title={`Edge labels: ${option.description}`}
            onClick={() => setMetric(option.id)}
            className={[
              'rounded px-2 py-0.5 font-medium focus-visible:outline-2 focus-visible:outline-accent',
              pressed ? 'bg-accent text-canvas' : 'text-muted hover:text-fg',
            ].join(' ')}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
