'use client';

import type { Check } from './model/types';
import { type CheckState, secondsLeft } from './runner/check-state';
import { useNow } from './runner/use-now';

const BADGE = {
  pending: { text: 'Checking', className: 'border-warn/50 text-warn' },
  passed: { text: 'Passed', className: 'border-healthy/50 text-healthy' },
  failed: { text: 'Not yet', className: 'border-critical/50 text-critical' },
} as const;

export function CheckList({
  checks,
  states,
  onRetry,
}: {
  checks: readonly Check[];
  states: Record<string, CheckState>;
  onRetry: () => void;
}) {
  const now = useNow(1_000);
  return (
    <section aria-label="Checks" className="flex flex-col gap-2">
      <h3 className="font-medium text-sm">Checks on the live system</h3>
      <ul className="flex flex-col gap-2">
        {checks.map((check) => {
          const state = states[check.id];
          const status = state?.status ?? 'pending';
          const badge = BADGE[status];
          return (
            <li
              key={check.id}
              data-testid="walkthrough-check"
              data-check={check.id}
              data-status={status}
              className="rounded-md border border-line bg-canvas/40 p-3 text-sm"
            >
              <div className="flex items-start justify-between gap-3">
                <span>{check.label}</span>
                <span
                  className={`shrink-0 rounded-full border px-2 py-0.5 text-xs ${badge.className}`}
                  aria-live="polite"
                >
                  {badge.text}
                  {status === 'pending' && state ? ` · ${secondsLeft(state, check, now)} s` : ''}
                </span>
              </div>
              {state ? <p className="mt-1 text-muted text-xs">Observed: {state.observed}</p> : null}
              {status === 'failed' ? (
                <div role="alert" className="mt-2 flex flex-col gap-2 text-xs">
                  <p>
                    <span className="font-medium">Hint: </span>
                    {check.hint}
                  </p>
                  <button
                    type="button"
                    onClick={onRetry}
                    className="self-start rounded-md border border-line px-2 py-1 hover:bg-raised focus-visible:outline-2 focus-visible:outline-accent"
                  >
                    Check again
                  </button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
