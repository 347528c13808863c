import type { Attributes, Span, SpanEvent, SpanKind, StatusCode } from '../contracts/traces';

/**
 * Builds spans for processor tests: times in milliseconds relative to FIXTURE_EPOCH_MS, ids
 * short and readable. Test code only; no product module imports it.
 */

export const FIXTURE_EPOCH_MS = 1_700_000_000_000;
export const FIXTURE_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

export interface FixtureSpan {
  id: string;
  parent?: string;
  name?: string;
  service?: string;
  kind?: SpanKind;
  /** Milliseconds after FIXTURE_EPOCH_MS. */
  start: number;
  end: number;
  status?: StatusCode;
  attributes?: Attributes;
  events?: SpanEvent[];
  traceId?: string;
}

export function fixtureSpan(f: FixtureSpan): Span {
  return {
    traceId: f.traceId ?? FIXTURE_TRACE_ID,
    spanId: f.id,
    parentSpanId: f.parent ?? '',
    name: f.name ?? f.id,
    kind: f.kind ?? 'internal',
    service: f.service ?? 'svc',
    startTimeUnixMs: FIXTURE_EPOCH_MS + f.start,
    durationMs: f.end - f.start,
    statusCode: f.status ?? 'unset',
    statusMessage: '',
    attributes: f.attributes ?? {},
    resourceAttributes: { 'service.name': f.service ?? 'svc' },
    events: f.events ?? [],
    links: [],
  };
}

/** Milliseconds after FIXTURE_EPOCH_MS as a Unix time. */
export const at = (ms: number): number => FIXTURE_EPOCH_MS + ms;
