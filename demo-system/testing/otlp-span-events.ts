import protobuf from 'protobufjs';
import { attributesOf, type DecodedKeyValue } from './otlp-receiver';

/**
 * Test support: the span events in OTLP/HTTP protobuf trace bodies (what `otlp-receiver.ts`
 * keeps in `bodies`), decoded with a minimal inline subset of opentelemetry-proto v1
 * (trace.proto field numbers). The receiver's own decoder leaves events out.
 */

const schema = protobuf.parse(`
syntax = "proto3";
package otlpevents;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { repeated Span spans = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string name = 5;
  repeated Event events = 11;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; }
}
`).root;
const ExportTraceServiceRequest = schema.lookupType('otlpevents.ExportTraceServiceRequest');

export interface ReceivedSpanEvent {
  serviceName: string;
  traceId: string;
  spanName: string;
  name: string;
  /** The event's own timestamp, in Unix milliseconds. */
  atUnixMs: number;
  attributes: Record<string, string | number | boolean>;
}

interface DecodedSpan {
  traceId: string;
  name: string;
  events: Array<{ timeUnixNano: number; name: string; attributes: DecodedKeyValue[] }>;
}

/** Every span event in the bodies, in the order the bodies arrived. */
export function decodeSpanEvents(bodies: readonly Buffer[]): ReceivedSpanEvent[] {
  return bodies.flatMap((body) => {
    const request = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), {
      longs: Number,
      bytes: String,
      defaults: true,
    }) as {
      resourceSpans: Array<{
        resource?: { attributes: DecodedKeyValue[] };
        scopeSpans: Array<{ spans: DecodedSpan[] }>;
      }>;
    };
    return request.resourceSpans.flatMap((resourceSpans) => {
      const serviceName = String(
        attributesOf(resourceSpans.resource?.attributes ?? [])['service.name'] ?? '',
      );
      return resourceSpans.scopeSpans.flatMap((scope) =>
        scope.spans.flatMap((span) =>
          span.events.map((event) => ({
            serviceName,
            traceId: Buffer.from(String(span.traceId), 'base64').toString('hex'),
            spanName: span.name,
            name: event.name,
            atUnixMs: Number(event.timeUnixNano) / 1e6,
            attributes: attributesOf(event.attributes),
          })),
        ),
      );
    });
  });
}
