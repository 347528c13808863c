'use client';

import type { NodeKind } from '../../collectors/contracts';
import { useGraphDecorations } from './GraphDecorations';
import { NODE_KIND_STYLES, NODE_KINDS, NodeKindIcon } from './node-kinds';

/** Filters (search, node kinds, idle) and the traffic-animation switch. */
export function GraphToolbar() {
  const { filters, setFilters, trafficChoice, setTrafficChoice, reducedMotion } =
    useGraphDecorations();
  const toggleKind = (kind: NodeKind) =>
    setFilters((current) => {
      const hiddenKinds = new Set(current.hiddenKinds);
      if (hiddenKinds.has(kind)) hiddenKinds.delete(kind);
      else hiddenKinds.add(kind);
      return { ...current, hiddenKinds };
    });
  return (
    <search
      aria-label="Graph filters"
      data-testid="graph-filters"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 text-xs"
    >
      <label className="flex items-center gap-1.5">
        <span className="text-muted">Find</span>
        <input
          type="search"
          value={filters.query}
          onChange={(event) => {
            const query = event.target.value;
            setFilters((current) => ({ ...current, query }));
          }}
          placeholder="service name"
          aria-label="Find a service by name"
          className="w-36 rounded-md border border-line bg-canvas px-2 py-0.5 text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent"
        />
      </label>
      {/* biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form fieldset */}
      <div role="group" aria-label="Show node kinds" className="flex flex-wrap items-center gap-1">
        {NODE_KINDS.map((kind) => {
          const shown = !filters.hiddenKinds.has(kind);
          return (
            <button
              key={kind}
              type="button"
              aria-pressed={shown}
              title={`${shown ? 'Hide' : 'Show'} ${NODE_KIND_STYLES[kind].word} nodes`}
              onClick={() => toggleKind(kind)}
              className={[
                'flex items-center gap-1 rounded border px-1.5 py-0.5 focus-visible:outline-2 focus-visible:outline-accent',
                shown
                  ? 'border-line bg-raised text-fg'
                  : 'border-dashed border-line text-muted line-through',
              ].join(' ')}
            >
              <NodeKindIcon kind={kind} />
              {NODE_KIND_STYLES[kind].word}
            </button>
          );
        })}
      </div>
      <label className="flex items-center gap-1.5">
        <input
          type="checkbox"
          checked={filters.hideIdle}
          onChange={(event) => {
            const hideIdle = event.target.checked;
            setFilters((current) => ({ ...current, hideIdle }));
          }}
          className="accent-accent"
        />
        Hide idle
      </label>
      <label
        className="flex items-center gap-1.5"
        title={reducedMotion ? 'Off: the system asks for reduced motion' : undefined}
      >
        <input
          type="checkbox"
          checked={trafficChoice && !reducedMotion}
          disabled={reducedMotion}
          onChange={(event) => setTrafficChoice(event.target.checked)}
          className="accent-accent"
        />
        Traffic animation{reducedMotion ? ' (reduced motion)' : ''}
      </label>
    </search>
  );
}
