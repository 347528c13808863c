import {
  type Attributes,
  type Link,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** hrtime [seconds, nanoseconds] used as fixed span times in tests. */
export const ROOT_START: [number, number] = [1_700_000_000, 123_456_789];
export const ROOT_END: [number, number] = [1_700_000_001, 223_456_790];

export const ROOT_ATTRIBUTES: Attributes = {
  'http.request.method': 'GET',
  'http.response.status_code': 200,
  ratio: 0.25,
  sampled: true,
  tags: ['a', 'b'],
  counts: [1, 2, 3],
};

/**
 * Produces real SDK spans (BasicTracerProvider + InMemorySpanExporter) for a small trace:
 *
 *   gateway: GET /transfer (SERVER, event "validated", 2 attrs)
 *     └── gateway: POST /accounts (CLIENT, status ERROR "boom", link -> root)
 */
export async function recordSdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'gateway',
      'deployment.environment': 'test',
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('patternscope-test', '1.0.0');
  const root = tracer.startSpan('GET /transfer', {
    kind: SpanKind.SERVER,
    startTime: ROOT_START,
    attributes: ROOT_ATTRIBUTES,
  });
  root.addEvent(
    'validated',
    { 'rule.count': 2, 'rule.name': 'limits' },
    [1_700_000_000, 500_000_000],
  );
  const link: Link = { context: root.spanContext(), attributes: { 'link.reason': 'retry' } };
  const client = tracer.startSpan(
    'POST /accounts',
    { kind: SpanKind.CLIENT, links: [link], startTime: [1_700_000_000, 200_000_000] },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  client.end([1_700_000_000, 900_000_000]);
  root.end(ROOT_END);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}
