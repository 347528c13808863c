'use client';

import { useState } from 'react';
import type { LogRecord } from '../../collectors/contracts';
import { AttributeTable } from './AttributeTable';
import type { FetchError } from './fetch-json';
import { formatClock, formatOffset } from './format';
import { withUniqueKeys } from './unique-keys';

function severityTone(severityNumber: number): string {
  if (severityNumber >= 17) return 'bg-critical/15 text-critical';
  if (severityNumber >= 13) return 'bg-warn/15 text-warn';
  return 'bg-raised text-muted';
}

/**
 * The log records of the selected span (or, switched, of the whole trace), oldest first, with
 * times relative to the span's start.
 */
export function SpanLogs({
  logs,
  error,
  loading,
  spanId,
  spanStartUnixMs,
}: {
  logs: readonly LogRecord[] | null;
  error: FetchError | null;
  loading: boolean;
  spanId: string;
  spanStartUnixMs: number;
}) {
  const [wholeTrace, setWholeTrace] = useState(false);
  if (error) return <p className="text-critical text-xs">Logs unavailable: {error.message}</p>;
  if (logs === null)
    return <p className="text-muted text-xs">{loading ? 'Loading logs…' : 'No logs'}</p>;

  const ofSpan = logs.filter((log) => log.spanId === spanId);
  const shown = (wholeTrace ? logs : ofSpan).toSorted((a, b) => a.timeUnixMs - b.timeUnixMs);
  return (
    <div className="flex flex-col gap-2">
      <label className="flex items-center gap-2 text-muted text-xs">
        <input
          type="checkbox"
          checked={wholeTrace}
          onChange={(e) => setWholeTrace(e.target.checked)}
        />
        Whole trace ({logs.length}) instead of this span ({ofSpan.length})
      </label>
      {shown.length === 0 ? (
        <p className="text-muted text-xs">
          No log records {wholeTrace ? 'for this trace' : 'for this span'} (logs carry the trace and
          span ids of the code that wrote them).
        </p>
      ) : (
        <ol className="flex flex-col gap-1.5">
          {withUniqueKeys(shown, (l) => `${l.timeUnixMs}:${l.spanId}:${l.body}`).map(
            ({ key, item: log }) => (
              <li
                key={key}
                className="rounded-md border border-line bg-canvas/60 p-2 text-xs"
                data-testid="span-log"
              >
                <div className="flex items-center gap-2">
                  <span
                    className={`rounded px-1 font-semibold text-[10px] uppercase ${severityTone(log.severityNumber)}`}
                  >
                    {log.severityText || `sev ${log.severityNumber}`}
                  </span>
                  <span className="text-muted tabular-nums" title={formatClock(log.timeUnixMs)}>
                    {formatOffset(log.timeUnixMs - spanStartUnixMs)}
                  </span>
                  <span className="text-muted">{log.service}</span>
                  {log.eventName && <span className="font-mono text-muted">{log.eventName}</span>}
                </div>
                <p className="mt-1 whitespace-pre-wrap break-words font-mono text-fg">
                  {log.body || '(no body)'}
                </p>
                {Object.keys(log.attributes).length > 0 && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-muted">attributes</summary>
                    <div className="mt-1">
                      <AttributeTable attributes={log.attributes} />
                    </div>
                  </details>
                )}
              </li>
            ),
          )}
        </ol>
      )}
    </div>
  );
}
