import type { ResilienceCounts, ResilienceResponse } from '../../collectors/contracts';
import { formatCount } from '../charts/format';
import { Code, EmptyState } from '../charts/StatePanels';
import { COUNT_LABELS, sumCounts } from './breaker-view';

const KEYS = Object.keys(COUNT_LABELS) as (keyof ResilienceCounts)[];

/** Headline counters (recent window and since start) and a table per service → target. */
export function ResilienceCountersPanel({ data }: { data: ResilienceResponse }) {
  if (data.counters.length === 0) {
    return (
      <EmptyState title="No resilience counters yet">
        Send the counters <Code>resilience.retries</Code>, <Code>resilience.timeouts</Code>,{' '}
        <Code>resilience.bulkhead_rejections</Code> and{' '}
        <Code>resilience.rate_limit_rejections</Code> with <Code>resilience.target</Code>.
      </EmptyState>
    );
  }
  const recent = sumCounts(data.counters, 'recent');
  const total = sumCounts(data.counters, 'total');
  const windowSeconds = data.counters[0]?.windowSeconds ?? 60;
  return (
    <div className="flex flex-col gap-3">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="resilience-totals">
        {KEYS.map((key) => (
          <div key={key} className="rounded-lg border border-line bg-surface p-3">
            <dt className="text-muted text-xs">{COUNT_LABELS[key]}</dt>
            <dd className="font-semibold text-2xl tabular-nums">{formatCount(recent[key])}</dd>
            <dd className="text-muted text-xs tabular-nums">
              last {windowSeconds} s · {formatCount(total[key])} since start
            </dd>
          </div>
        ))}
      </dl>
      <div className="overflow-x-auto rounded-lg border border-line bg-surface">
        <table className="w-full text-sm" aria-label="Resilience counters by service and target">
          <thead className="border-line border-b text-muted text-xs uppercase tracking-wide">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                service → target
              </th>
              {KEYS.map((key) => (
                <th key={key} scope="col" className="px-3 py-2 text-right font-medium">
                  {COUNT_LABELS[key]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.counters.map((row) => (
              <tr key={row.key} className="border-line border-b last:border-0">
                <td className="px-3 py-1.5">
                  {row.service} → {row.target || '(any)'}
                </td>
                {KEYS.map((key) => (
                  <td key={key} className="px-3 py-1.5 text-right tabular-nums">
                    {formatCount(row.recent[key])}
                    <span className="text-muted text-xs"> / {formatCount(row.total[key])}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="border-line border-t px-3 py-1.5 text-muted text-xs">
          last {windowSeconds} s / since start
        </p>
      </div>
    </div>
  );
}
