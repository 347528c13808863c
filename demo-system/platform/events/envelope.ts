import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT_CATALOG, type EventData, type EventType, topicOf } from './catalog';

/**
 * The event envelope every message on the bus carries (the record's value, UTF-8 JSON). The
 * W3C trace context travels in the record's headers (`traceparent`, `tracestate`), next to
 * `event-type` and `event-version` so a consumer can route without parsing the body.
 *
 * Validated at both ends: `createEvent` checks `data` against the catalog's schema for its type
 * and version before it is stored in an outbox; `parseEvent` checks the envelope and the data
 * again on the consumer side. A record that fails is not retried forever: the consumer kit
 * reports it (an error span and a log line) and skips it.
 */

export const envelopeSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  /** The aggregate the event is about; also the record key (partition). */
  aggregateId: z.string().min(1).max(200),
  /** ISO 8601 time the event happened. */
  time: z.iso.datetime({ offset: true }),
  /** The id shared by every event of one business flow (a saga id, a request id). */
  correlationId: z.string().min(1).max(200),
  /** The id of the event (or command) that caused this one; null for the first. */
  causationId: z.string().min(1).max(200).nullable(),
  /** The producing service. */
  source: z.string().min(1).max(100),
  data: z.unknown(),
});

export type EventEnvelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & {
  data: T;
};

/** Header names on every record. */
export const EVENT_HEADERS = {
  type: 'event-type',
  version: 'event-version',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export class EventValidationError extends Error {
  override name = 'EventValidationError';
}

export interface EventMeta {
  aggregateId: string;
  correlationId: string;
  causationId?: string | null;
  source: string;
  /** Defaults to now. */
  time?: Date;
  /** Defaults to a random UUID. */
  id?: string;
}

/** Builds a validated envelope of the catalog's latest version of `type`. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventData<T>,
  meta: EventMeta,
): EventEnvelope<EventData<T>> {
  const spec = EVENT_CATALOG[type];
  const parsed = spec.schema.safeParse(data);
  if (!parsed.success) {
    throw new EventValidationError(`${type} v${spec.version}: ${z.prettifyError(parsed.error)}`);
  }
  return {
    id: meta.id ?? randomUUID(),
    type,
    version: spec.version,
    aggregateId: meta.aggregateId,
    time: (meta.time ?? new Date()).toISOString(),
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    source: meta.source,
    data: parsed.data as EventData<T>,
  };
}

/** The topic an event type is published on. */
export function topicOfEvent(type: EventType): string {
  return topicOf(type);
}

/**
 * Parses a record's value into an envelope whose data matches the catalog's schema for its
 * type and version. Throws EventValidationError naming what is wrong.
 */
export function parseEvent(value: string): EventEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new EventValidationError('the record is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new EventValidationError(`bad envelope: ${z.prettifyError(envelope.error)}`);
  }
  const { type, version } = envelope.data;
  const spec = (EVENT_CATALOG as Record<string, { version: number; schema: z.ZodType }>)[type];
  if (!spec) throw new EventValidationError(`unknown event type ${type}`);
  if (spec.version !== version) {
    throw new EventValidationError(`${type}: version ${version} is not known (${spec.version} is)`);
  }
  const data = spec.schema.safeParse(envelope.data.data);
  if (!data.success) {
    throw new EventValidationError(`${type} v${version}: ${z.prettifyError(data.error)}`);
  }
  return { ...envelope.data, data: data.data };
}
