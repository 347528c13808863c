import type { FaultWindow } from '../../collectors/contracts';
import type { FaultBand } from '../charts/fault-windows';
import { tracesAroundHref } from '../traces/around-link';

/** How long a fault lasted (ended) or has lasted so far (active); null without a start. */
export function faultDurationMs(fault: FaultWindow, nowUnixMs: number): number | null {
  if (fault.startedAtUnixMs === null) return null;
  return Math.max(0, (fault.endedAtUnixMs ?? nowUnixMs) - fault.startedAtUnixMs);
}

/** The traces of the reporting service during the fault, with 5 s either side. */
export function faultTracesHref(
  fault: FaultWindow,
  nowUnixMs: number,
  padMs = 5_000,
): string | null {
  const start = fault.startedAtUnixMs ?? fault.endedAtUnixMs;
  if (start === null) return null;
  const end = fault.endedAtUnixMs ?? nowUnixMs;
  return tracesAroundHref({
    service: fault.service || undefined,
    fromUnixMs: start,
    toUnixMs: end,
    paddingMs: padMs,
  });
}

/** The range the fault timeline strip shows: the last 15 minutes, or less when younger. */
export const STRIP_SPAN_MS = 15 * 60_000;

export function stripDomain(windows: readonly FaultWindow[], nowUnixMs: number): [number, number] {
  const starts = windows.flatMap((w) => (w.startedAtUnixMs === null ? [] : [w.startedAtUnixMs]));
  const oldest = Math.min(nowUnixMs - 60_000, ...starts);
  return [Math.max(oldest, nowUnixMs - STRIP_SPAN_MS), nowUnixMs];
}

/** Bands grouped into one row per label ("latency on partner-bank"), rows in label order. */
export function groupByLabel(bands: readonly FaultBand[]): { label: string; bands: FaultBand[] }[] {
  const rows = new Map<string, FaultBand[]>();
  for (const band of bands) rows.set(band.label, [...(rows.get(band.label) ?? []), band]);
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, grouped]) => ({ label, bands: grouped }));
}
