import { describe, expect, it } from 'vitest';
import {
  LABEL_HEIGHT,
  LABEL_WIDTH,
  layoutLeftToRight,
  NODE_HEIGHT,
  NODE_WIDTH,
  type Point,
} from './layout';

/*
 * The demo bank: gateway calls accounts directly, and payments, which calls accounts too.
 *
 *   user ─► gateway ─────────────► accounts
 *                  └─► payments ──┘
 */
const nodes = ['user', 'gateway', 'accounts', 'payments'];
const edges = [
  { source: 'user', target: 'gateway' },
  { source: 'gateway', target: 'accounts' },
  { source: 'gateway', target: 'payments' },
  { source: 'payments', target: 'accounts' },
];

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const nodeBox = (p: Point): Box => ({
  left: p.x,
  right: p.x + NODE_WIDTH,
  top: p.y,
  bottom: p.y + NODE_HEIGHT,
});
const labelBox = (c: Point): Box => ({
  left: c.x - LABEL_WIDTH / 2,
  right: c.x + LABEL_WIDTH / 2,
  top: c.y - LABEL_HEIGHT / 2,
  bottom: c.y + LABEL_HEIGHT / 2,
});
const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (p: Point, b: Box) => p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom;

describe('layoutLeftToRight', () => {
  const layout = layoutLeftToRight(nodes, edges);
  const at = (id: string) => layout.nodes.get(id)!;

  it('places every caller left of what it calls', () => {
    expect([...layout.nodes.keys()].sort()).toEqual([...nodes].sort());
    for (const { source, target } of edges) expect(at(source).x).toBeLessThan(at(target).x);
  });

  it('keeps nodes and edge labels clear of each other', () => {
    const boxes = [
      ...[...layout.nodes.values()].map(nodeBox),
      ...[...layout.edges.values()].map((route) => labelBox(route.label)),
    ];
    expect(boxes).toHaveLength(nodes.length + edges.length);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
  });

  it('routes an edge that skips a rank around the node in between', () => {
    const route = layout.edges.get('gateway->accounts')!;
    expect(route.points.length).toBeGreaterThan(3);
    const payments = nodeBox(at('payments'));
    for (const point of route.points) expect(inside(point, payments)).toBe(false);
    // The label sits in the same column as payments, beside it rather than on it.
    expect(route.label.x).toBeGreaterThan(payments.left);
    expect(route.label.x).toBeLessThan(payments.right);
  });

  it('gives the same picture whatever order the input comes in', () => {
    const reversed = layoutLeftToRight([...nodes].reverse(), [...edges].reverse());
    expect(Object.fromEntries(reversed.nodes)).toEqual(Object.fromEntries(layout.nodes));
    expect(Object.fromEntries(reversed.edges)).toEqual(Object.fromEntries(layout.edges));
  });

  it('places isolated nodes and ignores edges to unknown nodes', () => {
    const lonely = layoutLeftToRight(['lonely', 'a'], [{ source: 'a', target: 'ghost' }]);
    expect(lonely.nodes.size).toBe(2);
    expect(lonely.nodes.has('ghost')).toBe(false);
    expect(lonely.edges.size).toBe(0);
  });
});
