import { DEFAULT_SEARCH, searchToParams } from './search-query';

/** How far either side of a moment "the traces around it" reach by default. */
export const AROUND_PADDING_MS = 30_000;

export interface AroundWindow {
  /** The moment (a transition, a log line); the window is this ± paddingMs. */
  atUnixMs?: number;
  /** Or a span of time (a saga step, a lag spike); padded by paddingMs on both sides. */
  fromUnixMs?: number;
  toUnixMs?: number;
  paddingMs?: number;
  service?: string;
}

/**
 * The /traces search for the time around an event: one click from a breaker transition, a
 * saga step, a lag spike or a log line to the traces that ran then. The range is absolute
 * (start/end in the URL), so the link still means the same moment later.
 */
export function tracesAroundHref(window: AroundWindow): string {
  const padding = window.paddingMs ?? AROUND_PADDING_MS;
  const from = window.fromUnixMs ?? window.atUnixMs;
  const to = window.toUnixMs ?? window.atUnixMs ?? from;
  if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to)) {
    return window.service ? `/traces?service=${encodeURIComponent(window.service)}` : '/traces';
  }
  const params = searchToParams({
    ...DEFAULT_SEARCH,
    service: window.service ?? '',
    range: {
      kind: 'custom',
      startUnixMs: Math.max(0, Math.min(from, to) - padding),
      endUnixMs: Math.max(from, to) + padding,
    },
  });
  return `/traces?${params.toString()}`;
}
