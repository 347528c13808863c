/**
 * Text for the pattern views (sagas, resilience, CQRS, faults): durations pick their unit and
 * keep three significant digits; clock times are local; counts are compact.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 ms';
  if (ms < 1) return `${significant(ms * 1000)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  if (ms < 60_000) return `${significant(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms - minutes * 60_000) / 1000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

function significant(value: number): string {
  if (value >= 100) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}

/** "14:03:07", local time. */
export function formatClock(unixMs: number): string {
  const date = new Date(unixMs);
  const pad = (n: number) => n.toString().padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "1,234" below ten thousand, "12.3k", "4.5M" above. */
export function formatCount(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const rounded = Math.round(value);
  if (Math.abs(rounded) < 10_000) return rounded.toLocaleString('en-US');
  if (Math.abs(rounded) < 1_000_000) return `${Number((rounded / 1000).toPrecision(3))}k`;
  return `${Number((rounded / 1_000_000).toPrecision(3))}M`;
}

/** "12.5%", one decimal below 10 %, whole numbers above; "–" when unknown. */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  return value < 10 ? `${Number(value.toFixed(1))}%` : `${Math.round(value)}%`;
}

/** Short durations for chart axes: "0", "850ms", "12s", "6.5m", "2h". */
export function formatDurationAxis(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(2))}s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toPrecision(2))}m`;
  return `${Number((ms / 3_600_000).toPrecision(2))}h`;
}
