/**
 * A stable colour per service name, so one service looks the same in every trace, the
 * results list and the scatter plot. Picked by hashing the name into a palette of mid-tone
 * hues that read on both themes; reds are left out, they mean errors.
 */
export const SERVICE_PALETTE = [
  '#0ea5e9', // sky
  '#a855f7', // purple
  '#f59e0b', // amber
  '#10b981', // emerald
  '#6366f1', // indigo
  '#84cc16', // lime
  '#f97316', // orange
  '#14b8a6', // teal
  '#8b5cf6', // violet
  '#d946ef', // fuchsia
] as const;

/**
 * FNV-1a over UTF-16 code units. The start value is not FNV's offset basis: it is one under
 * which the demo bank's eight services get eight different colours (any start spreads names
 * equally well in general).
 */
const HASH_START = 2002;

function hash(text: string): number {
  let h = HASH_START;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function serviceColor(service: string): string {
  return SERVICE_PALETTE[hash(service) % SERVICE_PALETTE.length]!;
}
