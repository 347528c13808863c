'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { LogRecord, Span } from '../../collectors/contracts';
import { AttributeTable } from './AttributeTable';
import type { CriticalSection } from './critical-path';
import { criticalShareMs } from './critical-path';
import type { FetchError } from './fetch-json';
import { formatDuration, formatOffset } from './format';
import { SpanLogs } from './SpanLogs';
import { serviceColor } from './service-colors';
import { withUniqueKeys } from './unique-keys';

interface Props {
  span: Span;
  traceStartUnixMs: number;
  critical: readonly CriticalSection[] | undefined;
  logs: { data: readonly LogRecord[] | null; error: FetchError | null; loading: boolean };
  onClose: () => void;
  onSelect: (spanId: string) => void;
}

/** Everything about one span: facts, attributes, events, links, resource and its logs. */
export function SpanDetail({ span, traceStartUnixMs, critical, logs, onClose, onSelect }: Props) {
  const failed = span.statusCode === 'error';
  const onPathMs = criticalShareMs(critical);
  return (
    <aside
      aria-labelledby="span-detail-heading"
      data-testid="span-detail"
      className="flex min-h-0 flex-col border-line bg-surface max-xl:border-t xl:w-[26rem] xl:shrink-0 xl:border-l"
    >
      <header className="flex items-start gap-2 border-line border-b px-4 py-3">
        <span
          aria-hidden="true"
          className="mt-1 h-4 w-1 shrink-0 rounded-full"
          style={{ background: serviceColor(span.service) }}
        />
        <div className="min-w-0 flex-1">
          <p className="text-muted text-xs">{span.service}</p>
          <h2 id="span-detail-heading" className="break-words font-semibold text-sm">
            {span.name}
          </h2>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label="Close span details"
          className="rounded-md px-2 py-0.5 text-lg text-muted leading-none hover:text-fg focus-visible:outline-2 focus-visible:outline-accent"
        >
          ×
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          <Fact term="Duration">{formatDuration(span.durationMs)}</Fact>
          <Fact term="Start">
            {formatOffset(span.startTimeUnixMs - traceStartUnixMs)} after the trace began
          </Fact>
          <Fact term="Kind">{span.kind}</Fact>
          <Fact term="Status">
            <span className={failed ? 'font-semibold text-critical' : ''}>{span.statusCode}</span>
            {span.statusMessage && <span className="text-muted"> — {span.statusMessage}</span>}
          </Fact>
          <Fact term="Critical path">
            {onPathMs > 0
              ? `${formatDuration(onPathMs)} of this span's time is on it`
              : 'not on it'}
          </Fact>
          <Fact term="Span id">
            <span className="font-mono">{span.spanId}</span>
          </Fact>
          {span.parentSpanId && (
            <Fact term="Parent">
              <button
                type="button"
                className="font-mono text-accent hover:underline"
                onClick={() => onSelect(span.parentSpanId)}
              >
                {span.parentSpanId}
              </button>
            </Fact>
          )}
        </dl>
        <Section title="Attributes" count={Object.keys(span.attributes).length}>
          <AttributeTable attributes={span.attributes} />
        </Section>
        <Section title="Events" count={span.events.length}>
          {span.events.length === 0 ? (
            <p className="text-muted text-xs">none</p>
          ) : (
            <ol className="flex flex-col gap-2">
              {withUniqueKeys(span.events, (e) => `${e.timeUnixMs}:${e.name}`).map(
                ({ key, item: event }) => (
                  <li
                    key={key}
                    className="rounded-md border border-line bg-canvas/60 p-2"
                    data-testid="span-event"
                  >
                    <p className="mb-1 flex gap-2 text-xs">
                      <span className="text-muted tabular-nums">
                        {formatOffset(event.timeUnixMs - span.startTimeUnixMs)}
                      </span>
                      <span className="font-medium">{event.name}</span>
                    </p>
                    <AttributeTable attributes={event.attributes} empty="no attributes" />
                  </li>
                ),
              )}
            </ol>
          )}
        </Section>
        <Section title="Links" count={span.links.length}>
          {span.links.length === 0 ? (
            <p className="text-muted text-xs">none</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {span.links.map((link) => (
                <li key={`${link.traceId}-${link.spanId}`} className="text-xs">
                  <Link
                    href={`/traces/${link.traceId}?span=${link.spanId}`}
                    className="font-mono text-accent hover:underline"
                  >
                    {link.traceId === span.traceId ? 'this trace' : link.traceId.slice(0, 16)} ·{' '}
                    {link.spanId}
                  </Link>
                  {Object.keys(link.attributes).length > 0 && (
                    <div className="mt-1">
                      <AttributeTable attributes={link.attributes} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Logs">
          <SpanLogs
            logs={logs.data}
            error={logs.error}
            loading={logs.loading}
            spanId={span.spanId}
            spanStartUnixMs={span.startTimeUnixMs}
          />
        </Section>
        <Section title="Resource" count={Object.keys(span.resourceAttributes).length} closed>
          <AttributeTable attributes={span.resourceAttributes} />
        </Section>
      </div>
    </aside>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function Section({
  title,
  count,
  closed = false,
  children,
}: {
  title: string;
  count?: number;
  closed?: boolean;
  children: ReactNode;
}) {
  return (
    <details open={!closed} className="mt-4 border-line border-t pt-3">
      <summary className="mb-2 cursor-pointer font-semibold text-xs uppercase tracking-wide">
        {title}
        {count !== undefined && <span className="ml-1.5 font-normal text-muted">{count}</span>}
      </summary>
      {children}
    </details>
  );
}
