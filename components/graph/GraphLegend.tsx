import { LockIcon, NODE_KIND_STYLES, NODE_KINDS, NodeKindIcon } from './node-kinds';

const HEALTH = [
  { swatch: 'bg-healthy', text: 'healthy < 1% errors' },
  { swatch: 'bg-warn', text: 'degraded < 5%' },
  { swatch: 'bg-critical', text: 'failing ≥ 5%' },
] as const;

/** What the colours, node shapes and edge badges mean. */
export function GraphLegend() {
  return (
    <div className="flex flex-col gap-1 text-muted text-xs">
      <ul aria-label="Health legend" className="flex flex-wrap gap-x-4 gap-y-1">
        {HEALTH.map((item) => (
          <li key={item.text} className="flex items-center gap-1.5">
            <span aria-hidden="true" className={`size-2.5 rounded-sm ${item.swatch}`} />
            {item.text}
          </li>
        ))}
      </ul>
      <ul aria-label="Node kinds and edge badges" className="flex flex-wrap gap-x-3 gap-y-1">
        {NODE_KINDS.map((kind) => (
          <li key={kind} className="flex items-center gap-1">
            <NodeKindIcon kind={kind} />
            {NODE_KIND_STYLES[kind].word}
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span className="rounded border border-critical px-1 text-[10px] text-critical uppercase">
            open
          </span>
          breaker state
        </li>
        <li className="flex items-center gap-1">
          <LockIcon />
          mTLS
        </li>
        <li className="flex items-center gap-1">
          <span className="rounded border border-critical px-1 text-[10px] text-critical">⚡</span>
          active fault
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden="true" className="size-1.5 rounded-full bg-accent" />
          <span aria-hidden="true" className="size-2 rounded-full bg-critical" />
          traffic (red: failed)
        </li>
      </ul>
    </div>
  );
}
