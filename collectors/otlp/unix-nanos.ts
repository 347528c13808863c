/**
 * OTLP timestamps are unsigned 64-bit nanoseconds since the Unix epoch (fixed64 on the wire, a
 * decimal string or number in JSON). They are kept as two unsigned 32-bit halves until they are
 * converted, once, into the millisecond floats of the span contract.
 */
export interface UnixNanos {
  hi: number;
  lo: number;
}

const TWO_POW_32 = 4294967296;
const NANOS_PER_MS = 1e6;

export const ZERO_NANOS: UnixNanos = { hi: 0, lo: 0 };

/** Milliseconds since the epoch; the float keeps sub-microsecond resolution for current dates. */
export function nanosToUnixMs({ hi, lo }: UnixNanos): number {
  // hi * 2^32 is exact in a double (hi < 2^32); each division rounds once.
  return (hi * TWO_POW_32) / NANOS_PER_MS + lo / NANOS_PER_MS;
}

/**
 * end - start in milliseconds, computed from the exact nanosecond difference (exact while the
 * span is shorter than ~104 days). A span that ends before it starts lasts 0 ms.
 */
export function durationMs(start: UnixNanos, end: UnixNanos): number {
  const diffNanos = (end.hi - start.hi) * TWO_POW_32 + (end.lo - start.lo);
  return diffNanos > 0 ? diffNanos / NANOS_PER_MS : 0;
}

const UNSIGNED_DECIMAL = /^\d{1,20}$/;
const MAX_U64 = (1n << 64n) - 1n;

/** Parses the OTLP/JSON form of a fixed64 timestamp: a decimal string or a number. */
export function parseJsonNanos(value: string | number): UnixNanos | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER * 2048) {
      return undefined;
    }
    const hi = Math.floor(value / TWO_POW_32);
    return { hi, lo: value - hi * TWO_POW_32 };
  }
  if (!UNSIGNED_DECIMAL.test(value)) return undefined;
  const big = BigInt(value);
  if (big > MAX_U64) return undefined;
  return { hi: Number(big >> 32n), lo: Number(big & 0xffffffffn) };
}
