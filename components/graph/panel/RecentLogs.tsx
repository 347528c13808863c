'use client';

import Link from 'next/link';
import { apiRoutes, type LogRecord, LogsResponse } from '../../../collectors/contracts';
import { formatClock } from '../../charts/format';
import { TONE_TEXT } from '../../charts/tones';
import { useApi } from '../../charts/use-api';
import { tracesAroundHref } from '../../traces/around-link';
import { withUniqueKeys } from '../../traces/unique-keys';
import { logText, severityOf } from './log-lines';
import { PanelSection, SectionState } from './PanelSection';
import { usePollTick } from './use-poll-tick';

const LIMIT = 20;

/** The service's newest log lines, each one click from its trace and the traces around it. */
export function RecentLogs({ service }: { service: string | undefined }) {
  const tick = usePollTick(5000);
  const url =
    service === undefined
      ? null
      : `${apiRoutes.logs}?${new URLSearchParams({ service, limit: String(LIMIT) })}`;
  const state = useApi(url, LogsResponse, tick);
  return (
    <PanelSection title="Recent logs" testId="panel-logs">
      {service === undefined ? (
        <SectionState tone="empty">No instrumented service next to this node.</SectionState>
      ) : state.status === 'loading' ? (
        <SectionState tone="loading">Loading logs…</SectionState>
      ) : state.status === 'error' ? (
        <SectionState tone="error">Logs could not be loaded: {state.message}</SectionState>
      ) : state.data.logs.length === 0 ? (
        <SectionState tone="empty">{service} has sent no log records yet.</SectionState>
      ) : (
        <ul className="flex flex-col divide-y divide-line text-xs">
          {withUniqueKeys(
            state.data.logs,
            (record) => `${record.timeUnixMs}-${record.spanId}-${record.body}`,
          ).map(({ key, item }) => (
            <LogLine key={key} record={item} service={service} />
          ))}
        </ul>
      )}
    </PanelSection>
  );
}

function LogLine({ record, service }: { record: LogRecord; service: string }) {
  const severity = severityOf(record);
  const text = logText(record);
  return (
    <li data-testid="panel-log-line" className="flex flex-col gap-0.5 py-1.5">
      <div className="flex items-baseline gap-2">
        <span className="w-14 shrink-0 text-muted tabular-nums">
          {formatClock(record.timeUnixMs)}
        </span>
        <span className={`w-11 shrink-0 font-semibold text-[10px] ${TONE_TEXT[severity.tone]}`}>
          {severity.word}
        </span>
        <span className="min-w-0 flex-1 break-words" title={text}>
          {text}
        </span>
      </div>
      <div className="flex gap-3 pl-16 text-[11px]">
        {record.traceId !== '' && (
          <Link
            href={`/traces/${record.traceId}${record.spanId ? `?span=${record.spanId}` : ''}`}
            className="text-accent hover:underline"
          >
            its trace
          </Link>
        )}
        <Link
          href={tracesAroundHref({ atUnixMs: record.timeUnixMs, service })}
          data-testid="log-traces-around"
          className="text-accent hover:underline"
        >
          traces around it (±30 s)
        </Link>
      </div>
    </li>
  );
}
