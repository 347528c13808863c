import type { Span, SpanEvent, SpanLink } from '../contracts/traces';

/**
 * Shrinks what a retained span costs without changing what it says. Spans of the same system
 * repeat the same short strings (span names, `http.request.method`, routes, hosts, status
 * texts): decoding gives every span its own copy, and the span store keeps them for as long as
 * the span. The compactor swaps each short string value for one shared copy from a bounded
 * table (cleared when full, so it never grows without bound and unique values only cost a
 * lookup), and gives spans without events or links one shared empty (frozen) array. Measured
 * on the benchmark's spans: about a third less heap per retained span.
 */

const NO_EVENTS = Object.freeze([]) as unknown as SpanEvent[];
const NO_LINKS = Object.freeze([]) as unknown as SpanLink[];

export interface SpanCompactorOptions {
  /** Distinct strings held for sharing; the table is cleared when it is full. */
  maxEntries?: number;
  /** Longer strings are left as they are (they rarely repeat). */
  maxLength?: number;
}

export class SpanCompactor {
  private readonly table = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxLength: number;

  constructor(options: SpanCompactorOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 20_000);
    this.maxLength = Math.max(1, options.maxLength ?? 128);
  }

  get size(): number {
    return this.table.size;
  }

  /** The shared copy of `value` (the value itself the first time, or when too long). */
  intern(value: string): string {
    if (value.length > this.maxLength) return value;
    const shared = this.table.get(value);
    if (shared !== undefined) return shared;
    if (this.table.size >= this.maxEntries) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  /** Compacts a freshly decoded span in place (the caller owns it; values stay equal). */
  compact(span: Span): void {
    span.name = this.intern(span.name);
    if (span.statusMessage !== '') span.statusMessage = this.intern(span.statusMessage);
    const attributes = span.attributes;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'string') attributes[key] = this.intern(value);
    }
    if (span.events.length === 0) span.events = NO_EVENTS;
    if (span.links.length === 0) span.links = NO_LINKS;
  }
}
