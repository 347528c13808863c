import { z } from 'zod';

/**
 * The critical path of a trace: the chain of span sections that determined its duration, in
 * time order. Sections are contiguous and together cover the root span exactly.
 */
export const CriticalPathSegment = z.object({
  spanId: z.string(),
  startUnixMs: z.number(),
  endUnixMs: z.number(),
});
export type CriticalPathSegment = z.infer<typeof CriticalPathSegment>;

export const CriticalPath = z.object({
  traceId: z.string(),
  /** Empty when the trace holds no span. */
  rootSpanId: z.string(),
  segments: z.array(CriticalPathSegment),
});
export type CriticalPath = z.infer<typeof CriticalPath>;
