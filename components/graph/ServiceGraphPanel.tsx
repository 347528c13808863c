'use client';

import { type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { GraphSnapshot } from '../../collectors/contracts';
import { formatAge } from '../live/age';
import { useLive } from '../live/LiveStreamProvider';
import { useNow } from '../live/use-now';
import { EdgeMetricSwitch } from './EdgeMetricSwitch';
import { FaultContextMenu } from './fault-menu/FaultContextMenu';
import { GraphDecorationsProvider } from './GraphDecorations';
import { GraphLegend } from './GraphLegend';
import { GraphToolbar } from './GraphToolbar';
import { GraphSidePanel } from './panel/GraphSidePanel';
import { ServiceGraph } from './ServiceGraph';
import { focusOf, type GraphSelection } from './selection';

/**
 * The Overview's service graph with its own loading, empty and error states. Reads the latest
 * snapshot from the page's live stream.
 */
export function ServiceGraphPanel() {
  return (
    <GraphDecorationsProvider>
      <GraphPanelBody />
    </GraphDecorationsProvider>
  );
}

function GraphPanelBody() {
  const { graph, connection, lastMessageAtMs, reconnectNow } = useLive();
  const waiting = graph === null && connection !== 'offline';
  const [selection, setSelection] = useState<GraphSelection | null>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const closePanel = useCallback(() => {
    const closing = selectionRef.current;
    setSelection(null);
    if (closing !== null) returnFocusTo(canvasRef.current, closing);
  }, []);
  const [menu, setMenu] = useState<{
    selection: GraphSelection;
    point: { x: number; y: number };
  } | null>(null);
  const menuRef = useRef(menu);
  menuRef.current = menu;
  const openMenu = useCallback((target: GraphSelection, client: { x: number; y: number }) => {
    const box = canvasRef.current?.getBoundingClientRect();
    const point = box ? { x: client.x - box.left, y: client.y - box.top } : client;
    setMenu({ selection: target, point });
  }, []);
  const closeMenu = useCallback((returnFocus: boolean) => {
    const closing = menuRef.current;
    setMenu(null);
    if (closing !== null && returnFocus) returnFocusTo(canvasRef.current, closing.selection);
  }, []);

  return (
    <section
      aria-labelledby="service-graph-heading"
      aria-busy={waiting}
      className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-xl border border-line bg-surface"
    >
      <header className="flex flex-wrap items-center justify-between gap-x-6 gap-y-2 border-line border-b px-4 py-2.5">
        <h2 id="service-graph-heading" className="font-semibold text-sm">
          Service graph
        </h2>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <EdgeMetricSwitch />
          <GraphLegend />
        </div>
      </header>
      <div className="border-line border-b px-4 py-2">
        <GraphToolbar />
      </div>
      <div ref={canvasRef} className="relative min-h-0 flex-1" data-testid="service-graph">
        {graph === null ? (
          connection === 'offline' ? (
            <PanelMessage tone="error" title="The live stream is offline">
              The dashboard cannot reach the collectors' stream (is the collectors process running
              on its API port, 4320 by default?). It keeps retrying in the background.
              <button
                type="button"
                onClick={reconnectNow}
                className="mt-3 rounded-md border border-line bg-raised px-3 py-1 font-medium text-fg text-sm hover:border-accent"
              >
                Retry now
              </button>
            </PanelMessage>
          ) : (
            <PanelMessage tone="neutral" title="Waiting for the live stream…">
              The graph appears with the first snapshot from the collectors.
            </PanelMessage>
          )
        ) : graph.nodes.length === 0 ? (
          <PanelMessage tone="neutral" title="No services yet">
            No client/server span pairs yet — start the demo or send{' '}
            <span className="whitespace-nowrap">OTLP traces to :4318</span>.
          </PanelMessage>
        ) : (
          <div
            className={`h-full transition-opacity ${connection === 'offline' ? 'opacity-60' : ''}`}
          >
            <ServiceGraph snapshot={graph} onSelect={setSelection} onContextMenu={openMenu} />
          </div>
        )}
        {graph !== null && selection !== null && (
          <SidePanelFor selection={selection} snapshot={graph} onClose={closePanel} />
        )}
        {graph !== null && menu !== null && (
          <FaultContextMenu
            key={`${menu.selection.kind}:${menu.selection.id}`}
            selection={menu.selection}
            point={menu.point}
            onClose={closeMenu}
          />
        )}
        {graph !== null && connection === 'offline' && (
          <StaleBanner receivedAtMs={lastMessageAtMs} />
        )}
      </div>
      {graph !== null && graph.nodes.length > 0 && (
        <Footer windowSeconds={graph.windowSeconds} nodes={graph.nodes.length} />
      )}
    </section>
  );
}

function SidePanelFor({
  selection,
  snapshot,
  onClose,
}: {
  selection: GraphSelection;
  snapshot: GraphSnapshot;
  onClose: () => void;
}) {
  // The focus depends on the topology only, not on every tick's figures.
  const topology = useMemo(
    () => ({
      edges: snapshot.edges.map(({ source, target }) => ({ source, target })),
      kinds: new Map(snapshot.nodes.map((node) => [node.id, node.kind])),
    }),
    [snapshot],
  );
  const focus = useMemo(
    () => focusOf(selection, topology.edges, (id) => topology.kinds.get(id)),
    [selection, topology],
  );
  return (
    <GraphSidePanel selection={selection} focus={focus} snapshot={snapshot} onClose={onClose} />
  );
}

/** Back to the node or edge the panel was about, once the panel is gone. */
function returnFocusTo(container: HTMLElement | null, selection: GraphSelection): void {
  const selector = `.react-flow__${selection.kind}[data-id="${CSS.escape(selection.id)}"]`;
  requestAnimationFrame(() => {
    const target = container?.querySelector<HTMLElement | SVGElement>(selector);
    if (target) target.focus();
    else container?.querySelector<HTMLElement>('.react-flow')?.focus();
  });
}

function PanelMessage({
  tone,
  title,
  children,
}: {
  tone: 'neutral' | 'error';
  title: string;
  children: ReactNode;
}) {
  return (
    <div
      data-testid={tone === 'error' ? 'graph-error' : 'graph-message'}
      className="flex h-full min-h-80 flex-col items-center justify-center gap-1 p-8 text-center"
    >
      <p className={`font-semibold ${tone === 'error' ? 'text-critical' : 'text-fg'}`}>{title}</p>
      <div className="flex max-w-md flex-col items-center text-muted text-sm">{children}</div>
    </div>
  );
}

function StaleBanner({ receivedAtMs }: { receivedAtMs: number | null }) {
  const now = useNow();
  const age = receivedAtMs === null ? '' : `, received ${formatAge(now - receivedAtMs)}`;
  return (
    <p
      role="alert"
      className="absolute top-3 left-1/2 -translate-x-1/2 rounded-md border border-critical/60 bg-canvas/95 px-3 py-1.5 text-sm shadow"
    >
      Stream offline — showing the last snapshot{age}.
    </p>
  );
}

function Footer({ windowSeconds, nodes }: { windowSeconds: number; nodes: number }) {
  return (
    <p className="border-line border-t px-4 py-2 text-muted text-xs">
      Rates, error percentages and p95 latency over the last {windowSeconds} s · {nodes}{' '}
      {nodes === 1 ? 'node' : 'nodes'} · drag nodes to rearrange, scroll to zoom.
    </p>
  );
}
