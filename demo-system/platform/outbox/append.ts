import { context } from '@opentelemetry/api';
import type { z } from 'zod';
import { injectTraceContext } from '../bus/bus-tracing';
import type { SqlSession } from '../db';
import { EVENT_CATALOG } from '../events/catalog';
import { EVENT_HEADERS, type EventEnvelope, EventValidationError } from '../events/envelope';

/**
 * Appends `event` to the outbox inside the caller's transaction (the one that changes the
 * state the event describes): both commit, or neither. The topic comes from the catalog, the
 * record key is the aggregate id (one aggregate's events stay in order), and the trace context
 * active now is stored with the row so the relay's PRODUCER span continues this trace.
 */
export async function appendToOutbox(tx: SqlSession, event: EventEnvelope): Promise<void> {
  await tx.query(INSERT, rowOf(event));
}

/**
 * Puts `event` on the outbox again under the SAME event id, at the end of the queue, whether
 * its row is still there (published or not) or was pruned. Consumers that handled it already
 * skip it (their inbox has the id); one that never received it handles it now.
 */
export async function requeueInOutbox(tx: SqlSession, event: EventEnvelope): Promise<void> {
  await tx.query('DELETE FROM outbox WHERE event_id = $1', [event.id]);
  await tx.query(INSERT, rowOf(event));
}

type CatalogSpec = { topic: string; version: number; schema: z.ZodType };

const INSERT = `INSERT INTO outbox (event_id, event_type, topic, key, envelope, headers)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb)`;

function rowOf(event: EventEnvelope): string[] {
  const spec = (EVENT_CATALOG as Record<string, CatalogSpec>)[event.type];
  if (!spec) throw new EventValidationError(`unknown event type ${event.type}`);
  if (spec.version !== event.version) {
    throw new EventValidationError(
      `${event.type}: version ${event.version} is not the catalog's ${spec.version}`,
    );
  }
  if (!spec.schema.safeParse(event.data).success) {
    throw new EventValidationError(`${event.type}: data does not match the catalog's schema`);
  }
  const headers: Record<string, string> = {
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.version]: String(event.version),
  };
  injectTraceContext(context.active(), headers);
  return [
    event.id,
    event.type,
    spec.topic,
    event.aggregateId,
    JSON.stringify(event),
    JSON.stringify(headers),
  ];
}
