import { context, defaultTextMapSetter } from '@opentelemetry/api';
import type { SqlParam, SqlSession } from '../../platform/db';
import type { EventEnvelope } from '../../platform/events/envelope';
import { traceContextPropagator } from '../../platform/telemetry';

/**
 * The accounts event store: the append-only `events` table (event-sourcing-migrations.ts).
 *
 * - A stream is one account (`stream_id` = account id); its events carry versions 1, 2, 3...
 * - `appendToStream` expects the stream to be at `expectedVersion` (0 = new stream). The
 *   UNIQUE (stream_id, version) constraint decides a race: the second writer's insert finds the
 *   version taken and gets a ConcurrencyError (its transaction rolls back; the command retries).
 * - Positions commit in order: an append takes a transaction-scoped advisory lock before it
 *   inserts, so no transaction can commit a lower position after a projection has read a
 *   higher one (a projection reads `position > checkpoint` and would skip it for good). The
 *   lock is held only for the end of the command's transaction (insert, snapshot, outbox).
 */

export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(
      `stream ${streamId}: expected version ${expectedVersion}, but another writer appended first`,
    );
  }
}

/** One row of `events`, decoded. */
export interface StoredEvent {
  position: number;
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface EventMetadata {
  correlationId: string;
  causationId: string | null;
  source: string;
  /** The W3C trace context active when the event was appended. */
  traceparent?: string;
  tracestate?: string;
}

/** "PSES" (Patternscope event store): the advisory lock class that orders appends. */
const APPEND_LOCK = 0x50534553;

/**
 * Appends `events` (envelopes whose aggregateId is `streamId`) at versions expectedVersion+1...
 * inside `tx`. Returns the stored events. Throws ConcurrencyError when the stream has moved.
 */
export async function appendToStream(
  tx: SqlSession,
  streamId: string,
  expectedVersion: number,
  events: readonly EventEnvelope[],
): Promise<StoredEvent[]> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [APPEND_LOCK]);
  const trace: Record<string, string> = {};
  traceContextPropagator.inject(context.active(), trace, defaultTextMapSetter);
  const stored: StoredEvent[] = [];
  for (const [index, event] of events.entries()) {
    if (event.aggregateId !== streamId) {
      throw new Error(`event ${event.id} is about ${event.aggregateId}, not stream ${streamId}`);
    }
    const metadata: EventMetadata = {
      correlationId: event.correlationId,
      causationId: event.causationId,
      source: event.source,
      ...trace,
    };
    const params: SqlParam[] = [
      event.id,
      streamId,
      expectedVersion + index + 1,
      event.type,
      event.version,
      JSON.stringify(event.data),
      JSON.stringify(metadata),
      event.time,
    ];
    const { rows } = await tx.query<EventRow>(
      `INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
       ON CONFLICT ON CONSTRAINT events_stream_version DO NOTHING
       RETURNING ${EVENT_COLUMNS}`,
      params,
    );
    if (!rows[0]) throw new ConcurrencyError(streamId, expectedVersion);
    stored.push(toStoredEvent(rows[0]));
  }
  return stored;
}

/** Up to `limit` events after `position`, in position order. */
export async function readEventsAfter(
  session: SqlSession,
  position: number,
  limit: number,
): Promise<StoredEvent[]> {
  const { rows } = await session.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
    [position, limit],
  );
  return rows.map(toStoredEvent);
}

/** A stream's events in version order (empty for an unknown stream). */
export async function readStream(session: SqlSession, streamId: string): Promise<StoredEvent[]> {
  const { rows } = await session.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY version`,
    [streamId],
  );
  return rows.map(toStoredEvent);
}

/** The position of the last appended event (0 for an empty store). */
export async function headPosition(session: SqlSession): Promise<number> {
  const { rows } = await session.query<{ head: number }>(
    'SELECT coalesce(max(position), 0)::bigint AS head FROM events',
  );
  return Number(rows[0]?.head ?? 0);
}

/** When the first event after `position` was recorded (undefined when there is none). */
export async function firstEventTimeAfter(
  session: SqlSession,
  position: number,
): Promise<Date | undefined> {
  const { rows } = await session.query<{ recorded_at: Date | string }>(
    'SELECT recorded_at FROM events WHERE position > $1 ORDER BY position LIMIT 1',
    [position],
  );
  return rows[0] ? new Date(rows[0].recorded_at) : undefined;
}

/** The envelope of a stored event, as it goes to the outbox and the bus. */
export function envelopeOf(event: StoredEvent): EventEnvelope<Record<string, unknown>> {
  return {
    id: event.eventId,
    type: event.type,
    version: event.schemaVersion,
    aggregateId: event.streamId,
    time: event.recordedAt.toISOString(),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    source: event.metadata.source,
    data: event.data,
  };
}

interface EventRow {
  [column: string]: unknown;
  position: number;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date | string;
}

const EVENT_COLUMNS =
  'position, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at';

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: Number(row.position),
    eventId: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: jsonObject(row.data),
    metadata: jsonObject(row.metadata) as unknown as EventMetadata,
    recordedAt: new Date(row.recorded_at),
  };
}

/** jsonb comes back parsed on both adapters; a string (a driver without the parser) too. */
function jsonObject(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  return (parsed ?? {}) as Record<string, unknown>;
}
