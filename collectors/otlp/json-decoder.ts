import { asDecodeError } from './decode-error';
import { ExportTraceServiceRequestJson, type SpanJson } from './json-schema';
import { jsonAttributes, jsonNanos, parseOtlpJson } from './json-values';
import { type DecodedTraces, type RawSpan, SpanCollector } from './span-record';
import { nanosToUnixMs } from './unix-nanos';

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (UTF-8 bytes or text) into spans. Invalid
 * JSON or a document of the wrong shape throws OtlpDecodeError; spans with invalid ids are
 * counted as rejected.
 */
export function decodeTraceRequestJson(body: Uint8Array | string): DecodedTraces {
  const request = parseOtlpJson(body, ExportTraceServiceRequestJson);
  return asDecodeError('invalid OTLP/JSON', () => {
    const collector = new SpanCollector();
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = jsonAttributes(resourceSpans.resource?.attributes);
      const spans: RawSpan[] = [];
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) spans.push(toRawSpan(span));
      }
      collector.addResourceSpans(resource, spans);
    }
    return collector.result();
  });
}

function toRawSpan(span: SpanJson): RawSpan {
  return {
    traceId: (span.traceId ?? '').toLowerCase(),
    spanId: (span.spanId ?? '').toLowerCase(),
    parentSpanId: (span.parentSpanId ?? '').toLowerCase(),
    name: span.name ?? '',
    kind: span.kind ?? 0,
    start: jsonNanos(span.startTimeUnixNano),
    end: jsonNanos(span.endTimeUnixNano),
    attributes: jsonAttributes(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixMs: nanosToUnixMs(jsonNanos(event.timeUnixNano)),
      attributes: jsonAttributes(event.attributes),
    })),
    links: (span.links ?? []).map((link) => ({
      traceId: (link.traceId ?? '').toLowerCase(),
      spanId: (link.spanId ?? '').toLowerCase(),
      attributes: jsonAttributes(link.attributes),
    })),
    statusCode: span.status?.code ?? 0,
    statusMessage: span.status?.message ?? '',
  };
}
