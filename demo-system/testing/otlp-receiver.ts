import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/**
 * Test support: a tiny OTLP/HTTP receiver (POST /v1/traces, /v1/metrics and /v1/logs) on
 * 127.0.0.1:0 that keeps the raw bodies and decodes them with a minimal inline subset of
 * opentelemetry-proto (v1, field numbers as in trace.proto / metrics.proto / logs.proto /
 * common.proto / resource.proto).
 */

const schema = protobuf.parse(`
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { repeated Span spans = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  repeated KeyValue attributes = 9;
  Status status = 15;
}
message Status { string message = 2; int32 code = 3; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ScopeMetrics { repeated Metric metrics = 2; }
message Metric { string name = 1; Gauge gauge = 5; Sum sum = 7; }
message Gauge { repeated NumberDataPoint data_points = 1; }
message Sum { repeated NumberDataPoint data_points = 1; bool is_monotonic = 3; }
message NumberDataPoint {
  repeated KeyValue attributes = 7; fixed64 time_unix_nano = 3; double as_double = 4; sfixed64 as_int = 6;
}
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
message ScopeLogs { repeated LogRecord log_records = 2; }
message LogRecord {
  int32 severity_number = 2; string severity_text = 3; AnyValue body = 5;
  repeated KeyValue attributes = 6; bytes trace_id = 9; bytes span_id = 10; string event_name = 12;
}
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; }
}
`).root;
const ExportTraceServiceRequest = schema.lookupType('otlp.ExportTraceServiceRequest');
const ExportMetricsServiceRequest = schema.lookupType('otlp.ExportMetricsServiceRequest');
const ExportLogsServiceRequest = schema.lookupType('otlp.ExportLogsServiceRequest');

/** OTLP SpanKind numbers. */
export const OtlpSpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

export interface ReceivedSpan {
  serviceName: string;
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
  statusCode: number;
}

/** One data point of a gauge or sum. */
export interface ReceivedPoint {
  serviceName: string;
  metric: string;
  type: 'gauge' | 'sum';
  value: number;
  attributes: Record<string, string | number | boolean>;
}

/** One log record, with its resource's service.name and its trace context (hex, or ''). */
export interface ReceivedLog {
  serviceName: string;
  severityNumber: number;
  severityText: string;
  body: string;
  eventName: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, string | number | boolean>;
}

export interface OtlpReceiver {
  url: string;
  /** Trace export bodies. */
  bodies: Buffer[];
  metricBodies: Buffer[];
  logBodies: Buffer[];
  spans(): ReceivedSpan[];
  points(): ReceivedPoint[];
  logs(): ReceivedLog[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const bodies: Buffer[] = [];
  const metricBodies: Buffer[] = [];
  const logBodies: Buffer[] = [];
  const routes: Record<string, Buffer[]> = {
    '/v1/traces': bodies,
    '/v1/metrics': metricBodies,
    '/v1/logs': logBodies,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = routes[req.url ?? ''];
      if (req.method !== 'POST' || !target) {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      target.push(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    metricBodies,
    logBodies,
    spans: () => bodies.flatMap(decodeSpans),
    points: () => metricBodies.flatMap(decodePoints),
    logs: () => logBodies.flatMap(decodeLogs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface DecodedKeyValue {
  key: string;
  value?: Record<string, unknown>;
}

export function decodeSpans(body: Buffer): ReceivedSpan[] {
  const request = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), {
    longs: Number,
    bytes: String,
    defaults: true,
  }) as {
    resourceSpans: Array<{
      resource?: { attributes: DecodedKeyValue[] };
      scopeSpans: Array<{ spans: Array<Record<string, unknown>> }>;
    }>;
  };
  return request.resourceSpans.flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes ?? []);
    return resourceSpans.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({
        serviceName: String(resource['service.name'] ?? ''),
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        name: String(span.name),
        kind: Number(span.kind),
        attributes: attributesOf(span.attributes as DecodedKeyValue[]),
        statusCode: Number((span.status as { code?: number } | undefined)?.code ?? 0),
      })),
    );
  });
}

interface DecodedPoint {
  attributes: DecodedKeyValue[];
  asDouble?: number;
  asInt?: number;
}

export function decodePoints(body: Buffer): ReceivedPoint[] {
  const request = ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(body), {
    longs: Number,
    defaults: true,
    oneofs: false,
  }) as {
    resourceMetrics: Array<{
      resource?: { attributes: DecodedKeyValue[] };
      scopeMetrics: Array<{
        metrics: Array<{
          name: string;
          gauge?: { dataPoints: DecodedPoint[] };
          sum?: { dataPoints: DecodedPoint[] };
        }>;
      }>;
    }>;
  };
  return request.resourceMetrics.flatMap((resourceMetrics) => {
    const serviceName = String(
      attributesOf(resourceMetrics.resource?.attributes ?? [])['service.name'] ?? '',
    );
    return resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) => {
        const type = metric.gauge ? 'gauge' : metric.sum ? 'sum' : undefined;
        if (!type) return [];
        const points = (metric.gauge ?? metric.sum)?.dataPoints ?? [];
        return points.map((point) => ({
          serviceName,
          metric: metric.name,
          type,
          value: Number(point.asInt || point.asDouble || 0),
          attributes: attributesOf(point.attributes),
        }));
      }),
    );
  });
}

export function decodeLogs(body: Buffer): ReceivedLog[] {
  const request = ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(body), {
    longs: Number,
    bytes: String,
    defaults: true,
  }) as {
    resourceLogs: Array<{
      resource?: { attributes: DecodedKeyValue[] };
      scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }>;
    }>;
  };
  return request.resourceLogs.flatMap((resourceLogs) => {
    const resource = attributesOf(resourceLogs.resource?.attributes ?? []);
    return resourceLogs.scopeLogs.flatMap((scope) =>
      scope.logRecords.map((record) => ({
        serviceName: String(resource['service.name'] ?? ''),
        severityNumber: Number(record.severityNumber),
        severityText: String(record.severityText),
        body: String((record.body as { stringValue?: string } | undefined)?.stringValue ?? ''),
        eventName: String(record.eventName),
        traceId: hex(record.traceId),
        spanId: hex(record.spanId),
        attributes: attributesOf(record.attributes as DecodedKeyValue[]),
      })),
    );
  });
}

/** Flattens decoded OTLP key-values (the string, int, bool or double value of each). */
export function attributesOf(list: DecodedKeyValue[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list) {
    const v = value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
    if (v !== undefined) out[key] = v as string | number | boolean;
  }
  return out;
}

/** protobufjs renders bytes as base64 with `bytes: String`. */
function hex(base64: unknown): string {
  return Buffer.from(String(base64 ?? ''), 'base64').toString('hex');
}
