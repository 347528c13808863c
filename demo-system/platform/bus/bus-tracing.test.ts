import { context, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import type { Span as GraphSpan } from '../../../collectors/contracts/traces';
import { ServiceGraph } from '../../../collectors/processors/service-graph';
import { installContextManager } from '../telemetry';
import { sleep } from './bus-conformance';
import {
  extractTraceContext,
  injectTraceContext,
  startPublishSpan,
  withProcessSpan,
} from './bus-tracing';
import { createEmbeddedBus } from './embedded-bus';

installContextManager();

function service(name: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': name }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { name, exporter, provider, tracer: provider.getTracer(name) };
}

const kinds: Record<number, GraphSpan['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** What the collectors receive, minus the OTLP round trip. */
function toGraphSpan(service: string, span: ReadableSpan): GraphSpan {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    name: span.name,
    kind: kinds[span.kind]!,
    service,
    startTimeUnixMs: 0,
    durationMs: 1,
    statusCode: span.status.code === 2 ? 'error' : 'unset',
    statusMessage: '',
    attributes: span.attributes as GraphSpan['attributes'],
    resourceAttributes: {},
    events: [],
    links: [],
  } as GraphSpan;
}

describe('bus tracing', () => {
  const producer = service('lending');
  const consumers = [service('accounts'), service('notifications')];
  afterAll(async () => {
    await Promise.all([producer, ...consumers].map((s) => s.provider.shutdown()));
  });

  it('links the consumer span to the producer span through the record headers', async () => {
    const bus = createEmbeddedBus();
    const topic = 'lending.events';
    for (const consumer of consumers) {
      await bus.subscribe({
        groupId: `${consumer.name}.loans`,
        topics: [topic],
        handle: (message) =>
          withProcessSpan(
            consumer.tracer,
            { groupId: `${consumer.name}.loans`, message, messageId: 'evt-1' },
            async (span) => {
              // The handler runs with the consumer span active.
              expect(trace.getSpan(context.active())).toBe(span);
            },
          ),
      });
    }
    // The request that appended the event; its context is stored with the outbox row.
    const request = producer.tracer.startSpan('POST /loans', { kind: SpanKind.SERVER });
    const stored: Record<string, string> = { 'event-type': 'loan.approved' };
    injectTraceContext(trace.setSpan(context.active(), request), stored);
    request.end();

    const { span, headers } = startPublishSpan(producer.tracer, {
      topic,
      messageId: 'evt-1',
      stored,
    });
    expect(headers['event-type']).toBe('loan.approved');
    expect(headers.traceparent).toContain(span.spanContext().spanId);
    await bus.publish(topic, [{ key: 'loan-1', value: '{}', headers }]);
    span.end();
    await sleep(50);
    await bus.close();

    const [server, publish] = producer.exporter.getFinishedSpans();
    expect(publish!.name).toBe(`publish ${topic}`);
    expect(publish!.kind).toBe(SpanKind.PRODUCER);
    expect(publish!.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
    expect(publish!.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.operation.type': 'send',
      'messaging.message.id': 'evt-1',
    });
    for (const consumer of consumers) {
      const [process] = consumer.exporter.getFinishedSpans();
      expect(process!.name).toBe(`process ${topic}`);
      expect(process!.kind).toBe(SpanKind.CONSUMER);
      expect(process!.spanContext().traceId).toBe(server!.spanContext().traceId);
      expect(process!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
      expect(process!.attributes).toMatchObject({
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': `${consumer.name}.loans`,
        'messaging.message.id': 'evt-1',
        'messaging.destination.partition.id': expect.any(String),
        'messaging.kafka.offset': 0,
      });
    }

    // The collectors draw lending → lending.events → accounts and → notifications.
    const graph = new ServiceGraph({ clock: () => 1_000 });
    graph.consume([
      ...producer.exporter.getFinishedSpans().map((s) => toGraphSpan('lending', s)),
      ...consumers.flatMap((c) => c.exporter.getFinishedSpans().map((s) => toGraphSpan(c.name, s))),
    ]);
    const edges = graph
      .snapshot(1_000)
      .edges.filter((e) => e.connectionType === 'messaging')
      .map((e) => `${e.source}->${e.target}`)
      .sort();
    expect(edges).toEqual([
      'lending->topic:lending.events',
      'topic:lending.events->accounts',
      'topic:lending.events->notifications',
    ]);
  });

  it('marks a failing handler as an error span and rethrows; no headers start a new trace', async () => {
    const consumer = consumers[0]!;
    consumer.exporter.reset();
    const message = { topic: 't', partition: 0, offset: '7', headers: {} };
    await expect(
      withProcessSpan(consumer.tracer, { groupId: 'g', message }, async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const [span] = consumer.exporter.getFinishedSpans();
    expect(span!.status.code).toBe(2);
    expect(span!.parentSpanContext).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
  });
});
