import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { semconv } from '../../../collectors/contracts/conventions';
import { traceContextPropagator } from '../telemetry';
import { withSpan } from '../with-span';
import type { BusMessage } from './event-bus';

/**
 * Tracing for the bus: the two spans of a message and the W3C trace context between them.
 *
 * Producer side (the outbox relay):
 *   const { span, headers } = startPublishSpan(tracer, { topic, messageId, stored });
 *   try { await bus.publish(topic, [{ key, value, headers }]); } catch (e) { recordError(span, e); throw e }
 *   finally { span.end(); }
 * `stored` is the headers map saved with the outbox row (the context active when the event was
 * appended, see `injectTraceContext`); the PRODUCER span `publish <topic>` is its child, and the
 * returned headers carry the producer span's own context.
 *
 * Consumer side (the event consumer kit):
 *   await withProcessSpan(tracer, { groupId, message, messageId: envelope.id }, async (span) => ...)
 * runs the handler inside the CONSUMER span `process <topic>`, whose parent is the context in
 * the record's headers (the producer span), so one trace runs from the HTTP request that caused
 * the event through the publish to every consumer group's processing.
 *
 * Attributes (OpenTelemetry messaging semconv): messaging.system, messaging.destination.name,
 * messaging.operation.type (`send` | `process`), messaging.message.id (the event id),
 * messaging.consumer.group.name, and on the consumer messaging.destination.partition.id and
 * messaging.kafka.offset. messaging.system is `kafka` in both modes: the embedded log keeps
 * Kafka's semantics (partitions, groups, offsets), and the dashboard should show one system
 * whichever adapter runs; the bus kind is not a property of the message flow.
 *
 * The collectors' service graph (collectors/processors/service-graph.ts) turns a PRODUCER span
 * with messaging.destination.name into the edge service → topic node, and a CONSUMER span into
 * topic → service, so A publishing to `accounts.events` consumed by B draws
 * A → accounts.events → B (and fan-out to several groups works). bus-tracing.test.ts pins it.
 *
 * The propagator is the platform's explicit `traceContextPropagator`; no global propagator.
 */

export const MESSAGING_SYSTEM = 'kafka';

/** Messaging keys beyond `semconv` (OpenTelemetry messaging semantic conventions). */
export const messagingKeys = {
  messageId: 'messaging.message.id',
  consumerGroup: 'messaging.consumer.group.name',
  partition: 'messaging.destination.partition.id',
  kafkaOffset: 'messaging.kafka.offset',
} as const;

/** Writes `from`'s span context into `headers` (`traceparent`, `tracestate`). */
export function injectTraceContext(from: Context, headers: Record<string, string>): void {
  traceContextPropagator.inject(from, headers, defaultTextMapSetter);
}

/** The context carried in `headers` (ROOT_CONTEXT with the remote span, or ROOT_CONTEXT). */
export function extractTraceContext(headers: Readonly<Record<string, string>>): Context {
  return traceContextPropagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

export interface PublishSpanInput {
  topic: string;
  /** The event id. */
  messageId: string;
  /** Headers saved with the event (their trace context is the parent); default none. */
  stored?: Readonly<Record<string, string>>;
  /** A parent to use instead of `stored`'s context (e.g. the active context). */
  parent?: Context;
}

/**
 * Starts the PRODUCER span `publish <topic>` and returns it with the headers to send: `stored`
 * without its trace context, plus the producer span's. The caller ends the span.
 */
export function startPublishSpan(
  tracer: Tracer,
  input: PublishSpanInput,
): { span: Span; headers: Record<string, string> } {
  const stored = input.stored ?? {};
  const parent = input.parent ?? extractTraceContext(stored);
  const span = tracer.startSpan(
    `publish ${input.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [semconv.messagingSystem]: MESSAGING_SYSTEM,
        [semconv.messagingDestinationName]: input.topic,
        [semconv.messagingOperationType]: 'send',
        [messagingKeys.messageId]: input.messageId,
      },
    },
    parent,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    if (name !== 'traceparent' && name !== 'tracestate') headers[name] = value;
  }
  injectTraceContext(trace.setSpan(parent, span), headers);
  return { span, headers };
}

export interface ProcessSpanInput {
  groupId: string;
  /** The delivered record (topic, partition, offset and headers are read from it). */
  message: Pick<BusMessage, 'topic' | 'partition' | 'offset' | 'headers'>;
  /** The event id, once known (it can also be set later on the span). */
  messageId?: string;
  /** More attributes for the span (e.g. saga.*). */
  attributes?: Attributes;
}

/**
 * Runs `fn` in the CONSUMER span `process <topic>`, child of the context in the record's
 * headers (a record without one starts a new trace). A throw marks the span as an error and
 * is rethrown; the span always ends.
 */
export function withProcessSpan<T>(
  tracer: Tracer,
  input: ProcessSpanInput,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const { message } = input;
  return withSpan(
    tracer,
    `process ${message.topic}`,
    {
      [semconv.messagingSystem]: MESSAGING_SYSTEM,
      [semconv.messagingDestinationName]: message.topic,
      [semconv.messagingOperationType]: 'process',
      [messagingKeys.consumerGroup]: input.groupId,
      [messagingKeys.partition]: String(message.partition),
      [messagingKeys.kafkaOffset]: Number(message.offset),
      ...(input.messageId ? { [messagingKeys.messageId]: input.messageId } : {}),
      ...input.attributes,
    },
    fn,
    { kind: SpanKind.CONSUMER, parent: extractTraceContext(message.headers) },
  );
}
