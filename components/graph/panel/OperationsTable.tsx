'use client';

import { apiRoutes, RedSnapshot } from '../../../collectors/contracts';
import { useApi } from '../../charts/use-api';
import { formatMs, formatPercent, formatRate } from '../format';
import { PanelSection, SectionState } from './PanelSection';
import { usePollTick } from './use-poll-tick';

const SHOWN = 8;

/** Per-operation RED of one service over the collectors' window (GET /api/v1/red?service=). */
export function OperationsTable({ service }: { service: string }) {
  const tick = usePollTick(5000);
  const state = useApi(`${apiRoutes.red}?${new URLSearchParams({ service })}`, RedSnapshot, tick);
  return (
    <PanelSection
      title="Operations"
      testId="panel-operations"
      action={
        state.status === 'ok' ? (
          <span className="text-muted text-xs">last {state.data.windowSeconds} s</span>
        ) : undefined
      }
    >
      {state.status === 'loading' ? (
        <SectionState tone="loading">Loading operations…</SectionState>
      ) : state.status === 'error' ? (
        <SectionState tone="error">Operations could not be loaded: {state.message}</SectionState>
      ) : state.data.operations.length === 0 ? (
        <SectionState tone="empty">No requests served by {service} in the window.</SectionState>
      ) : (
        <table className="w-full text-xs tabular-nums">
          <thead className="text-left text-muted">
            <tr>
              <th className="py-0.5 font-normal">operation</th>
              <th className="py-0.5 text-right font-normal">req/s</th>
              <th className="py-0.5 text-right font-normal">err</th>
              <th className="py-0.5 text-right font-normal">p95</th>
            </tr>
          </thead>
          <tbody>
            {[...state.data.operations]
              .sort((a, b) => b.requestRatePerSecond - a.requestRatePerSecond)
              .slice(0, SHOWN)
              .map((operation) => (
                <tr key={operation.operation} className="border-line border-t">
                  <td className="max-w-0 truncate py-0.5 pr-2" title={operation.operation}>
                    {operation.operation}
                  </td>
                  <td className="py-0.5 text-right">
                    {formatRate(operation.requestRatePerSecond)}
                  </td>
                  <td
                    className={`py-0.5 text-right ${operation.errorRate >= 0.05 ? 'text-critical' : ''}`}
                  >
                    {formatPercent(operation.errorRate)}
                  </td>
                  <td className="py-0.5 text-right">{formatMs(operation.latencyMs.p95)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </PanelSection>
  );
}
