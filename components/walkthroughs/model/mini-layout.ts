import type { GraphSnapshot, NodeKind } from '../../../collectors/contracts';
import type { Highlight } from './types';

/**
 * The compact graph beside a walkthrough: the bank's known nodes on a fixed grid, top to
 * bottom (caller, gateway, services, the bus), so it stays readable in a narrow column and
 * never jumps between refreshes; nodes the grid does not know (another system reporting to
 * the collectors) go in extra rows below. Highlighted ids not (yet) on the live graph are
 * drawn too, marked not live, so a step never points at nothing. The external caller's edges
 * other than user → gateway (roots of background work) are left out unless highlighted.
 */
export const NODE_WIDTH = 92;
export const NODE_HEIGHT = 30;
const COLUMN = 104;
const ROW = 62;
const MARGIN = 8;
const COLUMNS = 4;

/** [column, row]; columns may be fractional to centre a node between two. */
const GRID: Readonly<Record<string, readonly [number, number]>> = {
  user: [1.5, 0],
  'partner-bank': [0, 1],
  gateway: [1.5, 1],
  payments: [0, 2],
  wealth: [1, 2],
  lending: [2, 2],
  kyc: [3, 2],
  'topic:payments.events': [0, 3],
  accounts: [1.5, 3],
  'topic:lending.events': [3, 3],
  notifications: [0.75, 4],
  'topic:accounts.events': [2.25, 4],
};
const GRID_ROWS = 5;

export interface MiniNode {
  id: string;
  label: string;
  kind: NodeKind;
  x: number;
  y: number;
  highlighted: boolean;
  live: boolean;
  errorRate: number;
}

export interface MiniEdge {
  id: string;
  /** From the source's border to the target's border. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  highlighted: boolean;
  live: boolean;
  errorRate: number;
  messaging: boolean;
}

export interface MiniLayout {
  width: number;
  height: number;
  nodes: MiniNode[];
  edges: MiniEdge[];
}

function kindOf(id: string): NodeKind {
  if (id === 'user') return 'user';
  if (id.startsWith('topic:')) return 'topic';
  return 'service';
}

const centre = (column: number, row: number) => ({
  x: MARGIN + NODE_WIDTH / 2 + column * COLUMN,
  y: MARGIN + NODE_HEIGHT / 2 + row * ROW,
});

/** Where the segment from `a` towards `b` leaves the node box around `a`. */
function border(a: { x: number; y: number }, b: { x: number; y: number }) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const scale = Math.min(
    dx === 0 ? Number.POSITIVE_INFINITY : NODE_WIDTH / 2 / Math.abs(dx),
    dy === 0 ? Number.POSITIVE_INFINITY : NODE_HEIGHT / 2 / Math.abs(dy),
  );
  const t = Number.isFinite(scale) ? Math.min(scale, 1) : 0;
  return { x: a.x + dx * t, y: a.y + dy * t };
}

export function layoutMiniGraph(graph: GraphSnapshot | null, highlight: Highlight): MiniLayout {
  const litNodes = new Set(highlight.nodes);
  const litEdges = new Set(highlight.edges);
  const nodes = new Map<string, Omit<MiniNode, 'x' | 'y'>>();
  const addNode = (id: string, label: string, kind: NodeKind, live: boolean, errorRate = 0) => {
    if (!nodes.has(id))
      nodes.set(id, { id, label, kind, highlighted: litNodes.has(id), live, errorRate });
  };
  for (const node of graph?.nodes ?? [])
    addNode(node.id, node.label, node.kind, true, node.errorRate);
  const edges: Omit<MiniEdge, 'from' | 'to'>[] = [];
  const ends = new Map<string, { source: string; target: string }>();
  for (const edge of graph?.edges ?? []) {
    if (edge.source === 'user' && edge.target !== 'gateway' && !litEdges.has(edge.id)) continue;
    ends.set(edge.id, { source: edge.source, target: edge.target });
    edges.push({
      id: edge.id,
      highlighted: litEdges.has(edge.id),
      live: true,
      errorRate: edge.errorRate,
      messaging: edge.connectionType === 'messaging',
    });
  }
  for (const id of highlight.nodes) addNode(id, id.replace(/^topic:/, ''), kindOf(id), false);
  for (const id of highlight.edges) {
    const at = id.indexOf('->');
    if (at <= 0 || ends.has(id)) continue;
    const source = id.slice(0, at);
    const target = id.slice(at + 2);
    addNode(source, source.replace(/^topic:/, ''), kindOf(source), false);
    addNode(target, target.replace(/^topic:/, ''), kindOf(target), false);
    ends.set(id, { source, target });
    edges.push({
      id,
      highlighted: true,
      live: false,
      errorRate: 0,
      messaging: source.startsWith('topic:') || target.startsWith('topic:'),
    });
  }

  const positions = new Map<string, { x: number; y: number }>();
  const extra = [...nodes.keys()].filter((id) => !GRID[id]).sort();
  for (const id of nodes.keys()) {
    const cell = GRID[id];
    if (cell) positions.set(id, centre(cell[0], cell[1]));
  }
  extra.forEach((id, i) => {
    positions.set(id, centre(i % COLUMNS, GRID_ROWS + Math.floor(i / COLUMNS)));
  });
  const rows = GRID_ROWS + Math.ceil(extra.length / COLUMNS);
  const laidNodes = [...nodes.values()].map((node) => ({
    ...node,
    ...(positions.get(node.id) as { x: number; y: number }),
  }));
  const laidEdges = edges.flatMap((edge) => {
    const { source, target } = ends.get(edge.id) as { source: string; target: string };
    const a = positions.get(source);
    const b = positions.get(target);
    if (!a || !b) return [];
    return [{ ...edge, from: border(a, b), to: border(b, a) }];
  });
  // Highlighted last, so they are drawn on top.
  laidEdges.sort((x, y) => Number(x.highlighted) - Number(y.highlighted));
  return {
    width: MARGIN * 2 + NODE_WIDTH + (COLUMNS - 1) * COLUMN,
    height: MARGIN * 2 + NODE_HEIGHT + (rows - 1) * ROW,
    nodes: laidNodes,
    edges: laidEdges,
  };
}
