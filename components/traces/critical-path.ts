import type { CriticalPath } from '../../collectors/contracts';

/** Critical-path sections grouped by the span they belong to, for drawing over its bar. */
export interface CriticalSection {
  startUnixMs: number;
  endUnixMs: number;
}

export function sectionsBySpan(path: CriticalPath | null): ReadonlyMap<string, CriticalSection[]> {
  const bySpan = new Map<string, CriticalSection[]>();
  if (path === null) return bySpan;
  for (const segment of path.segments) {
    if (!(segment.endUnixMs > segment.startUnixMs)) continue;
    const section = { startUnixMs: segment.startUnixMs, endUnixMs: segment.endUnixMs };
    const sections = bySpan.get(segment.spanId);
    if (sections) sections.push(section);
    else bySpan.set(segment.spanId, [section]);
  }
  return bySpan;
}

/** How much of the trace's duration each span holds on the critical path (self time). */
export function criticalShareMs(sections: readonly CriticalSection[] | undefined): number {
  let total = 0;
  for (const section of sections ?? []) total += section.endUnixMs - section.startUnixMs;
  return total;
}
