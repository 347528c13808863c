import { z } from 'zod';

/**
 * Outbound resilience configuration for one upstream. Every field has a default, so a caller
 * states only what differs (`{ timeoutMs: 15_000 }`); the resolved value is what the control
 * plane's /topology reports as the upstream's breaker configuration.
 */

const ms = (fallback: number) => z.number().int().min(1).max(600_000).default(fallback);

export const retryConfigSchema = z.object({
  /** Extra attempts after the first; 0 turns retries off. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** Exponential backoff with decorrelated jitter, starting near this delay... */
  initialDelayMs: ms(25),
  /** ...and never waiting longer than this. */
  maxDelayMs: ms(1_000),
});

export const breakerConfigSchema = z.object({
  /**
   * rolling-window: opens when more than `failureRatio` of the calls in the last `windowMs`
   * failed, once at least `minimumCalls` were made in it. consecutive: opens after
   * `consecutiveFailures` failures in a row.
   */
  mode: z.enum(['rolling-window', 'consecutive']).default('rolling-window'),
  windowMs: ms(10_000),
  failureRatio: z.number().gt(0).lt(1).default(0.5),
  minimumCalls: z.number().int().min(1).max(100_000).default(10),
  consecutiveFailures: z.number().int().min(1).max(1_000).default(5),
  /** How long the breaker stays open before it lets one probe call through (half-open). */
  halfOpenAfterMs: ms(5_000),
});

export const bulkheadConfigSchema = z.object({
  /** Calls in flight at once (a call's retries included). */
  maxConcurrent: z.number().int().min(1).max(10_000).default(64),
  /** Calls that may wait for a slot; beyond it the call is rejected at once. */
  maxQueue: z.number().int().min(0).max(10_000).default(0),
});

export const upstreamPolicySchema = z.object({
  /** Per attempt: the whole exchange, headers and body. */
  timeoutMs: ms(3_000),
  retry: retryConfigSchema.prefault({}),
  breaker: breakerConfigSchema.prefault({}),
  bulkhead: bulkheadConfigSchema.prefault({}),
});

export type RetryConfig = z.infer<typeof retryConfigSchema>;
export type BreakerConfig = z.infer<typeof breakerConfigSchema>;
export type BulkheadConfig = z.infer<typeof bulkheadConfigSchema>;
export type UpstreamPolicy = z.infer<typeof upstreamPolicySchema>;

/** What a caller may state: any subset, nested objects included. */
export type UpstreamPolicyInput = z.input<typeof upstreamPolicySchema>;

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicy = upstreamPolicySchema.parse({});

/** Resolves defaults, then overrides (each may be partial); throws naming the bad field. */
export function resolveUpstreamPolicy(
  ...layers: (UpstreamPolicyInput | undefined)[]
): UpstreamPolicy {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      const previous = merged[key];
      merged[key] =
        isPlainObject(value) && isPlainObject(previous) ? { ...previous, ...value } : value;
    }
  }
  const result = upstreamPolicySchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid upstream policy: ${problems}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
