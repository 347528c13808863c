import Link from 'next/link';
import { formatDateTime, formatDuration } from './format';
import { serviceColor } from './service-colors';
import type { SpanTree } from './span-tree';
import { buttonClass, chipClass } from './styles';

/** The trace's root operation and facts above the waterfall, with a way back and a reload. */
export function TraceHeader({
  traceId,
  tree,
  loading,
  onReload,
}: {
  traceId: string;
  tree: SpanTree;
  loading: boolean;
  onReload: () => void;
}) {
  const root = tree.nodes[0]?.span;
  const services = [...new Set(tree.nodes.map((node) => node.span.service))].sort();
  const errors = tree.nodes.filter((node) => node.span.statusCode === 'error').length;
  const depth = tree.nodes.reduce((max, node) => Math.max(max, node.depth + 1), 0);
  return (
    <header className="flex flex-wrap items-start gap-x-6 gap-y-2 border-line border-b px-4 py-3">
      <div className="min-w-0">
        <Link
          href={root ? `/traces?service=${encodeURIComponent(root.service)}` : '/traces'}
          className="text-accent text-xs hover:underline"
        >
          ← Search traces
        </Link>
        <h1 className="truncate font-semibold text-lg tracking-tight">
          {root ? (
            <>
              <span className="text-muted">{root.service}:</span> {root.name}
            </>
          ) : (
            'Trace'
          )}
        </h1>
        <p className="font-mono text-muted text-xs">{traceId}</p>
      </div>
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-xs [&_dd]:font-medium [&_dd]:text-sm [&_dt]:text-muted">
        <div>
          <dt>Started</dt>
          <dd className="tabular-nums">{formatDateTime(tree.startUnixMs)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd className="tabular-nums">{formatDuration(tree.endUnixMs - tree.startUnixMs)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd className="tabular-nums">{tree.nodes.length}</dd>
        </div>
        <div>
          <dt>Depth</dt>
          <dd className="tabular-nums">{depth}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className={`tabular-nums ${errors > 0 ? 'text-critical' : ''}`}>{errors}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd className="flex flex-wrap gap-1 pt-0.5">
            {services.map((service) => (
              <span key={service} className={chipClass}>
                <span
                  aria-hidden="true"
                  className="size-1.5 rounded-full"
                  style={{ background: serviceColor(service) }}
                />
                {service}
              </span>
            ))}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        onClick={onReload}
        className={`${buttonClass} ml-auto`}
        disabled={loading}
      >
        {loading ? 'Reloading…' : 'Reload'}
      </button>
    </header>
  );
}
