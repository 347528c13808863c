import {
  TRACE_SEARCH_MAX_LIMIT,
  type TraceStatusFilter as TraceStatus,
  TraceStatusFilter,
} from '../../collectors/contracts';

/**
 * The trace search as the /traces URL holds it (deep-linkable; back and forward replay it) and
 * its translation into the query API's parameters. The URL keeps what the user chose: a
 * relative range stays relative ("last 15 minutes" means the 15 minutes before each search),
 * durations keep their units ("1.5s").
 *
 *   /traces?service=gateway&operation=POST%20%2Fv1%2Ftransfers&status=error
 *          &minDuration=100ms&attr=http.response.status_code%3D500&range=15m&limit=50
 *   /traces?start=1767000000000&end=1767000600000        (a custom range, Unix ms)
 */
export const RANGE_PRESETS = [
  { id: '5m', label: 'Last 5 minutes', ms: 5 * 60_000 },
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 60 * 60_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 60 * 60_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_RANGE: RangePreset = '1h';

export const LIMIT_CHOICES = [20, 50, 100, 250, 500, 1000] as const;
export const DEFAULT_LIMIT = 100;

export type TimeRange =
  | { kind: 'preset'; preset: RangePreset }
  | { kind: 'custom'; startUnixMs: number; endUnixMs: number };

export interface TraceSearch {
  service: string;
  operation: string;
  status: TraceStatus;
  /** As typed: "250ms", "1.5s", "800us" or a bare number of milliseconds; '' for none. */
  minDuration: string;
  maxDuration: string;
  /** `key=value` filters, every one must match. */
  attributes: string[];
  range: TimeRange;
  limit: number;
}

export const DEFAULT_SEARCH: TraceSearch = {
  service: '',
  operation: '',
  status: 'any',
  minDuration: '',
  maxDuration: '',
  attributes: [],
  range: { kind: 'preset', preset: DEFAULT_RANGE },
  limit: DEFAULT_LIMIT,
};

function presetOf(value: string | null): RangePreset | undefined {
  return RANGE_PRESETS.find((preset) => preset.id === value)?.id;
}

function unixMsOf(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** The search a /traces URL describes; values that make no sense fall back to the defaults. */
export function searchFromParams(params: URLSearchParams): TraceSearch {
  const status = TraceStatusFilter.safeParse(params.get('status'));
  const limit = Number(params.get('limit'));
  const start = unixMsOf(params.get('start'));
  const end = unixMsOf(params.get('end'));
  const range: TimeRange =
    start !== undefined && end !== undefined && start <= end
      ? { kind: 'custom', startUnixMs: start, endUnixMs: end }
      : { kind: 'preset', preset: presetOf(params.get('range')) ?? DEFAULT_RANGE };
  return {
    service: params.get('service')?.trim() ?? '',
    operation: params.get('operation')?.trim() ?? '',
    status: status.success ? status.data : 'any',
    minDuration: params.get('minDuration')?.trim() ?? '',
    maxDuration: params.get('maxDuration')?.trim() ?? '',
    attributes: params.getAll('attr').filter((text) => text.indexOf('=') > 0),
    range,
    limit:
      Number.isInteger(limit) && limit >= 1 && limit <= TRACE_SEARCH_MAX_LIMIT
        ? limit
        : DEFAULT_LIMIT,
  };
}

/** The canonical URL parameters of a search: defaults and blanks are left out. */
export function searchToParams(search: TraceSearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.service) params.set('service', search.service);
  if (search.operation) params.set('operation', search.operation);
  if (search.status !== 'any') params.set('status', search.status);
  if (search.minDuration) params.set('minDuration', search.minDuration);
  if (search.maxDuration) params.set('maxDuration', search.maxDuration);
  for (const attribute of search.attributes) params.append('attr', attribute);
  if (search.range.kind === 'custom') {
    params.set('start', String(Math.round(search.range.startUnixMs)));
    params.set('end', String(Math.round(search.range.endUnixMs)));
  } else if (search.range.preset !== DEFAULT_RANGE) {
    params.set('range', search.range.preset);
  }
  if (search.limit !== DEFAULT_LIMIT) params.set('limit', String(search.limit));
  return params;
}

const DURATION_UNITS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * Milliseconds from a duration as typed ("250ms", "1.5 s", "800us", "2m", "40" = 40 ms);
 * undefined for a blank field, null when it cannot be read.
 */
export function parseDuration(text: string): number | undefined | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m)?$/.exec(trimmed);
  if (!match) return null;
  return Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] ?? 1);
}

export type ApiQuery = { ok: true; params: URLSearchParams } | { ok: false; error: string };

/** The query API's parameters for a search made at `nowMs`, or why the search is invalid. */
export function searchToApiQuery(search: TraceSearch, nowMs: number): ApiQuery {
  const minMs = parseDuration(search.minDuration);
  const maxMs = parseDuration(search.maxDuration);
  if (minMs === null)
    return {
      ok: false,
      error: `Min duration "${search.minDuration}" is not a duration such as 250ms or 1.5s`,
    };
  if (maxMs === null)
    return {
      ok: false,
      error: `Max duration "${search.maxDuration}" is not a duration such as 250ms or 1.5s`,
    };
  if (minMs !== undefined && maxMs !== undefined && minMs > maxMs) {
    return { ok: false, error: 'Min duration is longer than max duration' };
  }
  const params = new URLSearchParams();
  if (search.service) params.set('service', search.service);
  if (search.operation) params.set('operation', search.operation);
  if (search.status !== 'any') params.set('status', search.status);
  if (minMs !== undefined) params.set('minDurationMs', String(minMs));
  if (maxMs !== undefined) params.set('maxDurationMs', String(maxMs));
  for (const attribute of search.attributes) params.append('attribute', attribute);
  const { startUnixMs, endUnixMs } = rangeBounds(search.range, nowMs);
  params.set('startUnixMs', String(Math.round(startUnixMs)));
  params.set('endUnixMs', String(Math.round(endUnixMs)));
  params.set('limit', String(search.limit));
  return { ok: true, params };
}

/** The absolute bounds of a range at `nowMs`. */
export function rangeBounds(
  range: TimeRange,
  nowMs: number,
): { startUnixMs: number; endUnixMs: number } {
  if (range.kind === 'custom')
    return { startUnixMs: range.startUnixMs, endUnixMs: range.endUnixMs };
  const preset = RANGE_PRESETS.find((p) => p.id === range.preset) ?? RANGE_PRESETS[2];
  return { startUnixMs: Math.max(0, nowMs - preset.ms), endUnixMs: nowMs };
}

/** `<input type="datetime-local">` text for a Unix time, in local time, to the second. */
export function toDatetimeLocal(unixMs: number): string {
  const date = new Date(unixMs);
  const pad = (n: number) => n.toString().padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The Unix time of `<input type="datetime-local">` text (local time), or null. */
export function fromDatetimeLocal(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return null;
  const ms = new Date(text).getTime();
  return Number.isNaN(ms) ? null : ms;
}
