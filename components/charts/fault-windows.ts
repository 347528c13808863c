import type { FaultsSnapshot, FaultWindow } from '../../collectors/contracts';

/** A fault window as a chart draws it: clipped to the chart's time domain. */
export interface FaultBand {
  /** faultKey(): unique per window. */
  id: string;
  /** "latency on partner-bank" */
  label: string;
  fromUnixMs: number;
  toUnixMs: number;
  /** Still active: the band runs to the domain's end. */
  active: boolean;
}

/** Every window the snapshot knows, active and ended (no de-duplication needed: ids differ). */
export function allFaultWindows(snapshot: FaultsSnapshot | null): FaultWindow[] {
  if (snapshot === null) return [];
  return [...snapshot.active, ...snapshot.history];
}

/** Unique per window: a fault id may be reused when the same fault is injected again. */
export function faultKey(
  fault: Pick<FaultWindow, 'id' | 'startedAtUnixMs' | 'endedAtUnixMs'>,
): string {
  return `${fault.id}@${fault.startedAtUnixMs ?? `end-${fault.endedAtUnixMs}`}`;
}

export function faultLabel(fault: Pick<FaultWindow, 'kind' | 'target'>): string {
  return fault.target === '' ? fault.kind : `${fault.kind} on ${fault.target}`;
}

/**
 * The windows that overlap [fromUnixMs, toUnixMs], clipped to it, oldest first. A window with
 * an unknown start (only its end was seen) starts at the domain's start; an active one ends at
 * the domain's end.
 */
export function faultBands(
  windows: readonly FaultWindow[],
  fromUnixMs: number,
  toUnixMs: number,
): FaultBand[] {
  if (!(toUnixMs > fromUnixMs)) return [];
  const bands: FaultBand[] = [];
  for (const fault of windows) {
    const start = fault.startedAtUnixMs ?? Number.NEGATIVE_INFINITY;
    const end = fault.endedAtUnixMs ?? Number.POSITIVE_INFINITY;
    if (end < fromUnixMs || start > toUnixMs) continue;
    bands.push({
      id: faultKey(fault),
      label: faultLabel(fault),
      fromUnixMs: Math.max(start, fromUnixMs),
      toUnixMs: Math.min(end, toUnixMs),
      active: fault.endedAtUnixMs === null,
    });
  }
  return bands.sort((a, b) => a.fromUnixMs - b.fromUnixMs);
}

export interface FaultLegendEntry {
  label: string;
  count: number;
  active: boolean;
}

/** One legend entry per distinct fault label, with how many windows it had in range. */
export function legendEntries(bands: readonly FaultBand[]): FaultLegendEntry[] {
  const byLabel = new Map<string, FaultLegendEntry>();
  for (const band of bands) {
    const entry = byLabel.get(band.label) ?? { label: band.label, count: 0, active: false };
    entry.count += 1;
    entry.active ||= band.active;
    byLabel.set(band.label, entry);
  }
  return [...byLabel.values()];
}
