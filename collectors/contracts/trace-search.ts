import { z } from 'zod';
import { StatusCode } from './traces';

/**
 * Trace search: the query (as the query API reads it from a query string) and the summary of
 * each matching trace. Values arrive as strings and are coerced; empty values count as absent.
 */

export const TRACE_SEARCH_DEFAULT_LIMIT = 20;
export const TRACE_SEARCH_MAX_LIMIT = 1000;

export const TraceStatusFilter = z.enum(['ok', 'error', 'unset', 'any'], {
  error: 'status must be one of ok, error, unset, any',
});
export type TraceStatusFilter = z.infer<typeof TraceStatusFilter>;

export const AttributeFilter = z.object({ key: z.string().min(1), value: z.string() });
export type AttributeFilter = z.infer<typeof AttributeFilter>;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${name} must be given once, as text` })
      .trim()
      .optional(),
  );

const optionalMs = (name: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${name} must be a number (milliseconds)` })
      .finite({ error: `${name} must be a finite number` })
      .nonnegative({ error: `${name} must not be negative` })
      .optional(),
  );

/** `key=value` (the value may itself hold `=`); one string or several. */
const attributeFilters = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(
    z
      .string({ error: 'attribute must be key=value' })
      .refine((text) => text.indexOf('=') > 0, { error: 'attribute must be key=value' })
      .transform((text): AttributeFilter => {
        const at = text.indexOf('=');
        return { key: text.slice(0, at).trim(), value: text.slice(at + 1) };
      }),
  ),
);

export const TraceSearchQuery = z
  .object({
    /** A service that took part in the trace (any span). */
    service: optionalText('service'),
    /** A span name (of `service`, when both are given). */
    operation: optionalText('operation'),
    /** error: any span failed; ok/unset: no span failed and the root's status is that. */
    status: z.preprocess(blankToUndefined, TraceStatusFilter.default('any')),
    minDurationMs: optionalMs('minDurationMs'),
    maxDurationMs: optionalMs('maxDurationMs'),
    /** Every filter must match an attribute of some span (span or resource attributes). */
    attribute: attributeFilters,
    /** The trace's start must lie in [startUnixMs, endUnixMs]. */
    startUnixMs: optionalMs('startUnixMs'),
    endUnixMs: optionalMs('endUnixMs'),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'limit must be a number' })
        .int({ error: 'limit must be a whole number' })
        .min(1, { error: 'limit must be at least 1' })
        .max(TRACE_SEARCH_MAX_LIMIT, { error: `limit must be at most ${TRACE_SEARCH_MAX_LIMIT}` })
        .default(TRACE_SEARCH_DEFAULT_LIMIT),
    ),
  })
  .refine(
    (q) =>
      q.minDurationMs === undefined ||
      q.maxDurationMs === undefined ||
      q.minDurationMs <= q.maxDurationMs,
    { error: 'minDurationMs must not exceed maxDurationMs', path: ['minDurationMs'] },
  )
  .refine(
    (q) => q.startUnixMs === undefined || q.endUnixMs === undefined || q.startUnixMs <= q.endUnixMs,
    { error: 'startUnixMs must not be after endUnixMs', path: ['startUnixMs'] },
  );
export type TraceSearchQuery = z.infer<typeof TraceSearchQuery>;
export type TraceSearchQueryInput = z.input<typeof TraceSearchQuery>;

export type ParsedTraceSearchQuery =
  | { ok: true; query: TraceSearchQuery }
  | { ok: false; error: string; issues: z.core.$ZodIssue[] };

/** Parses a query string (or a plain record of its values) into a query, or a readable error. */
export function parseTraceSearchQuery(
  input: URLSearchParams | Record<string, unknown>,
): ParsedTraceSearchQuery {
  const record = input instanceof URLSearchParams ? searchParamsToRecord(input) : input;
  const result = TraceSearchQuery.safeParse(record);
  if (result.success) return { ok: true, query: result.data };
  const error = result.error.issues
    .map((issue) => (issue.path.length > 0 ? issue.message : `query: ${issue.message}`))
    .join('; ');
  return { ok: false, error, issues: result.error.issues };
}

/** A repeated key becomes an array of its values; a single one stays a string. */
function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? values[0]! : values;
  }
  return record;
}

export const TraceSummary = z.object({
  traceId: z.string(),
  /** Service and span name of the root span (the earliest orphan when the root is missing). */
  rootService: z.string(),
  rootOperation: z.string(),
  /** Earliest span start, and from there to the latest span end. */
  startUnixMs: z.number(),
  durationMs: z.number().nonnegative(),
  spanCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  /** error when any span failed, else the root span's status. */
  status: StatusCode,
  /** Sorted, distinct. */
  services: z.array(z.string()),
  /** Distinct (service, span name) pairs, so summaries alone can answer operation filters. */
  operations: z.array(z.object({ service: z.string(), name: z.string() })),
});
export type TraceSummary = z.infer<typeof TraceSummary>;

export const TraceSearchResponse = z.object({ traces: z.array(TraceSummary) });
export type TraceSearchResponse = z.infer<typeof TraceSearchResponse>;
