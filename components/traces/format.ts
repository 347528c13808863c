/**
 * Text for durations and times in the traces views. Durations keep three significant digits
 * and pick their unit (µs, ms, s, min); times are local clock times or ages ("12 s ago").
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 ms';
  if (ms < 1) return `${significant(ms * 1000)} µs`;
  if (ms < 1000) return `${significant(ms)} ms`;
  if (ms < 60_000) return `${significant(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Three significant digits without trailing zeros: 12.345 → "12.3", 120 → "120", 999.7 → "1000". */
function significant(value: number): string {
  if (value >= 100) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}

/** How long ago: "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(ageMs: number): string {
  if (ageMs < 1000) return 'just now';
  const seconds = Math.floor(ageMs / 1000);
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** "14:03:07.250", local time: for axes and event times within a day. */
export function formatClock(unixMs: number): string {
  const date = new Date(unixMs);
  const pad = (n: number, width = 2) => n.toString().padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** "2026-11-23 14:03:07": local date and time, for tooltips and headers. */
export function formatDateTime(unixMs: number): string {
  const date = new Date(unixMs);
  const pad = (n: number) => n.toString().padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** An offset from a reference point, signed: "+12.3 ms". */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms))}`;
}
