import { describe, expect, it } from 'vitest';
import { CriticalPath } from '../contracts/critical-path';
import type { Span } from '../contracts/traces';
import { criticalPath } from './critical-path';
import { at, fixtureSpan } from './fixture-spans';

/** Segments as [spanId, start, end] relative to the fixture epoch, checked to tile the root. */
function path(spans: Span[], rootSpanId?: string): [string, number, number][] {
  const result = criticalPath(spans, rootSpanId);
  expect(CriticalPath.parse(result)).toEqual(result);
  const root = spans.find((s) => s.spanId === result.rootSpanId)!;
  const total = result.segments.reduce((sum, s) => sum + (s.endUnixMs - s.startUnixMs), 0);
  expect(total).toBeCloseTo(root.durationMs, 9);
  result.segments.forEach((s, i) => {
    if (i > 0) expect(s.startUnixMs).toBe(result.segments[i - 1]!.endUnixMs);
  });
  return result.segments.map((s) => [s.spanId, s.startUnixMs - at(0), s.endUnixMs - at(0)]);
}

describe('criticalPath', () => {
  it('is the whole span for a single span', () => {
    // root [0 ──────── 100]
    expect(path([fixtureSpan({ id: 'root', start: 0, end: 100 })])).toEqual([['root', 0, 100]]);
  });

  it('walks sequential children and their descendants', () => {
    /*
     * root [0 ────────────────────────── 100]
     *   a    [10 ──── 40]
     *   b                  [50 ───────── 90]
     *     c                   [60 ── 80]
     */
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 100 }),
      fixtureSpan({ id: 'a', parent: 'root', start: 10, end: 40 }),
      fixtureSpan({ id: 'b', parent: 'root', start: 50, end: 90 }),
      fixtureSpan({ id: 'c', parent: 'b', start: 60, end: 80 }),
    ];
    expect(path(spans)).toEqual([
      ['root', 0, 10],
      ['a', 10, 40],
      ['root', 40, 50],
      ['b', 50, 60],
      ['c', 60, 80],
      ['b', 80, 90],
      ['root', 90, 100],
    ]);
  });

  it('follows back-to-back children that touch', () => {
    /*
     * root [0 ─────────── 30]
     *   a  [0 ── 10]
     *   b          [10 ── 20]
     *   z                [20]   zero-length, at b's end
     */
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 30 }),
      fixtureSpan({ id: 'a', parent: 'root', start: 0, end: 10 }),
      fixtureSpan({ id: 'b', parent: 'root', start: 10, end: 20 }),
      fixtureSpan({ id: 'z', parent: 'root', start: 20, end: 20 }),
    ];
    expect(path(spans)).toEqual([
      ['a', 0, 10],
      ['b', 10, 20],
      ['root', 20, 30],
    ]);
  });

  it('takes the last-finishing of parallel children and skips the overlapped ones', () => {
    /*
     * root [0 ──────────────────────────── 100]
     *   e    [2 ─── 15]
     *   a       [5 ────── 30]                      overlaps b's start: not on the path
     *   b              [20 ───────────── 80]
     *   c              [20 ─── 50]                 inside b's time: not on the path
     */
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 100 }),
      fixtureSpan({ id: 'e', parent: 'root', start: 2, end: 15 }),
      fixtureSpan({ id: 'a', parent: 'root', start: 5, end: 30 }),
      fixtureSpan({ id: 'b', parent: 'root', start: 20, end: 80 }),
      fixtureSpan({ id: 'c', parent: 'root', start: 20, end: 50 }),
    ];
    expect(path(spans)).toEqual([
      ['root', 0, 2],
      ['e', 2, 15],
      ['root', 15, 20],
      ['b', 20, 80],
      ['root', 80, 100],
    ]);
  });

  it('clamps children that outlive their parent or start before it, drops those outside', () => {
    /*
     * root [0 ──────────────────── 100]
     *   s  [-5 ── 8]                          starts before root (skew): clamped to [0, 8]
     *   a        [10 ──── 50]
     *     b           [20 ─────────────────────────── 150]   async: clamped to [20, 50]
     *   late                                   [120 ── 130]  wholly after root: dropped
     */
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 100 }),
      fixtureSpan({ id: 's', parent: 'root', start: -5, end: 8 }),
      fixtureSpan({ id: 'a', parent: 'root', start: 10, end: 50 }),
      fixtureSpan({ id: 'b', parent: 'a', start: 20, end: 150 }),
      fixtureSpan({ id: 'late', parent: 'root', start: 120, end: 130 }),
    ];
    expect(path(spans)).toEqual([
      ['s', 0, 8],
      ['root', 8, 10],
      ['a', 10, 20],
      ['b', 20, 50],
      ['root', 50, 100],
    ]);
  });

  it('walks past sidecar spans into the upstream server span beside them', () => {
    /*
     * root   [0 ─────────────────────────── 100]   gateway SERVER
     *   call   [10 ───────────────────── 90]        gateway CLIENT
     *     egress [11 ─────────────────── 89]        gateway sidecar (mesh.sidecar)
     *     server    [20 ──────── 70]                accounts SERVER (child of call)
     *       db         [30 ── 60]
     */
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 100 }),
      fixtureSpan({ id: 'call', parent: 'root', kind: 'client', start: 10, end: 90 }),
      fixtureSpan({
        id: 'egress',
        parent: 'call',
        start: 11,
        end: 89,
        attributes: { 'mesh.sidecar': true, 'mesh.direction': 'egress' },
      }),
      fixtureSpan({ id: 'server', parent: 'call', kind: 'server', start: 20, end: 70 }),
      fixtureSpan({ id: 'db', parent: 'server', start: 30, end: 60 }),
    ];
    expect(path(spans)).toEqual([
      ['root', 0, 10],
      ['call', 10, 20],
      ['server', 20, 30],
      ['db', 30, 60],
      ['server', 60, 70],
      ['call', 70, 90],
      ['root', 90, 100],
    ]);
  });

  it('starts from a given span, and answers empty for no spans', () => {
    const spans = [
      fixtureSpan({ id: 'root', start: 0, end: 100 }),
      fixtureSpan({ id: 'a', parent: 'root', start: 10, end: 50 }),
      fixtureSpan({ id: 'b', parent: 'a', start: 20, end: 30 }),
    ];
    expect(path(spans, 'a')).toEqual([
      ['a', 10, 20],
      ['b', 20, 30],
      ['a', 30, 50],
    ]);
    expect(criticalPath([])).toEqual({ traceId: '', rootSpanId: '', segments: [] });
  });
});
