import Link from 'next/link';
import { formatDuration } from '../charts/format';
import type { GanttEvent } from './gantt';

/** The events of the saga's traces during the saga, each linking to its span. */
export function SagaEventList({
  events,
  startUnixMs,
}: {
  events: readonly GanttEvent[];
  startUnixMs: number;
}) {
  if (events.length === 0) return null;
  return (
    <section aria-labelledby="saga-events" className="rounded-lg border border-line bg-surface">
      <h2 id="saga-events" className="border-line border-b px-4 py-2 font-medium text-sm">
        Events between steps ({events.length})
      </h2>
      <ol className="max-h-72 divide-y divide-line overflow-y-auto text-sm">
        {events.map((event) => (
          <li key={event.key} className="flex flex-wrap items-baseline gap-x-3 px-4 py-1.5">
            <span className="w-20 text-right text-muted tabular-nums">
              +{formatDuration(event.timeUnixMs - startUnixMs)}
            </span>
            <span aria-hidden="true" className="text-accent">
              ◆
            </span>
            <Link
              href={`/traces/${encodeURIComponent(event.traceId)}?span=${encodeURIComponent(event.spanId)}`}
              className="font-medium text-fg hover:underline"
            >
              {event.name}
            </Link>
            <span className="text-muted">{event.service}</span>
            {event.detail ? (
              <span className="font-mono text-muted text-xs">{event.detail}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
