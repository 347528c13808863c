import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { idempotencyAttributes } from '../../../collectors/contracts/conventions';
import { messagingKeys, withProcessSpan } from '../bus/bus-tracing';
import type { BusMessage, EventBus, Subscription } from '../bus/event-bus';
import type { ServiceDb, SqlSession } from '../db';
import { EVENT_CATALOG, type EventData, type EventType } from '../events/catalog';
import { EVENT_HEADERS, type EventEnvelope, parseEvent } from '../events/envelope';
import { emitLog } from '../service-log';
import { recordError } from '../with-span';

/**
 * A consumer group that applies each event's effect exactly once: per record it parses and
 * validates the envelope, opens the CONSUMER span (its parent is the producer's context from
 * the headers), then runs ONE transaction: the inbox insert `(group, event id)` and, when that
 * row is new, the handler with the same `tx`. A redelivered event finds its inbox row and is
 * skipped (`idempotency.duplicate=true`). A handler that throws rolls back both, and the bus
 * delivers the record again. A record that is not a valid event is logged once, marked as an
 * error span and skipped: retrying it could never succeed.
 */
export type EventHandler<T extends EventType> = (
  event: EventEnvelope<EventData<T>>,
  tx: SqlSession,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface EventConsumerOptions {
  service: string;
  db: ServiceDb;
  bus: EventBus;
  tracer: Tracer;
  log: (line: string) => void;
  /** Where skipped duplicates, invalid records and handler failures are logged (OTLP). */
  logger?: Logger;
  /** `<service>.<purpose>`; also the inbox's `consumer` column. */
  groupId: string;
  handlers: EventHandlers;
  /** Default true: a new group reads each topic from its beginning. */
  fromBeginning?: boolean;
  /**
   * Inbox rows older than this are deleted (checked at start and hourly); default 7 days,
   * Kafka's default retention: a redelivery older than that cannot happen.
   */
  inboxRetentionMs?: number;
}

export interface EventConsumerStats {
  handled: number;
  duplicates: number;
  invalid: number;
  /** Handler failures (each one is redelivered). */
  failures: number;
  lastHandledAt: Date | undefined;
  /** `time` of the last event handled, for lag (now - lastEventTime). */
  lastEventTime: Date | undefined;
}

export interface EventConsumer extends Subscription {
  readonly stats: Readonly<EventConsumerStats>;
}

export async function startEventConsumer(options: EventConsumerOptions): Promise<EventConsumer> {
  const { db, bus, tracer, log, logger, groupId, handlers, service } = options;
  const stats: EventConsumerStats = {
    handled: 0,
    duplicates: 0,
    invalid: 0,
    failures: 0,
    lastHandledAt: undefined,
    lastEventTime: undefined,
  };
  const types = Object.keys(handlers) as EventType[];
  const topics = [...new Set(types.map((type) => EVENT_CATALOG[type].topic))];

  const handle = async (message: BusMessage): Promise<void> => {
    // Topics carry other types too: skip those without parsing or a span.
    const headerType = message.headers[EVENT_HEADERS.type];
    if (headerType !== undefined && !Object.hasOwn(handlers, headerType)) return;
    await withProcessSpan(tracer, { groupId, message }, async (span) => {
      let event: EventEnvelope;
      try {
        event = parseEvent(message.value);
      } catch (error) {
        stats.invalid += 1;
        recordError(span, error);
        const line = `${groupId}: skipping an invalid record at ${message.topic}/${message.partition}@${message.offset}: ${(error as Error).message}`;
        log(`${service}: ${line}`);
        emitLog(logger, { level: 'error', eventName: 'consumer.invalid_record', body: line });
        return;
      }
      span.setAttributes({
        [messagingKeys.messageId]: event.id,
        'messaging.message.conversation_id': event.correlationId,
        'event.type': event.type,
      });
      if (!Object.hasOwn(handlers, event.type)) return;
      const handler = handlers[event.type as EventType] as EventHandler<EventType>;
      try {
        const duplicate = await db.transaction(async (tx) => {
          const inserted = await tx.query(
            `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
               ON CONFLICT (consumer, event_id) DO NOTHING`,
            [groupId, event.id, event.type],
          );
          if (inserted.rowCount === 0) return true;
          await handler(event as EventEnvelope<EventData<EventType>>, tx);
          return false;
        });
        span.setAttribute(idempotencyAttributes.duplicate, duplicate);
        if (duplicate) {
          stats.duplicates += 1;
          emitLog(logger, {
            level: 'info',
            eventName: 'consumer.duplicate_skipped',
            body: `${groupId}: ${event.type} ${event.id} delivered again; the inbox already holds it, so it is skipped`,
            attributes: { [idempotencyAttributes.duplicate]: true, 'event.type': event.type },
          });
        } else stats.handled += 1;
        stats.lastHandledAt = new Date();
        stats.lastEventTime = new Date(event.time);
      } catch (error) {
        stats.failures += 1;
        if (message.deliveryAttempt === 1 || message.deliveryAttempt % 10 === 0) {
          const line = `${groupId}: ${event.type} ${event.id} failed (attempt ${message.deliveryAttempt}), will be redelivered: ${(error as Error).message}`;
          log(`${service}: ${line}`);
          emitLog(logger, { level: 'warn', eventName: 'consumer.handler_failed', body: line });
        }
        throw error;
      }
    });
  };

  const retentionMs = options.inboxRetentionMs ?? 7 * 24 * 3_600_000;
  const pruneInbox = () =>
    db
      .query(
        `DELETE FROM inbox WHERE consumer = $1
         AND handled_at < now() - make_interval(secs => $2)`,
        [groupId, retentionMs / 1000],
      )
      .catch((error: unknown) =>
        log(`${service}: ${groupId}: inbox pruning failed: ${(error as Error).message}`),
      );
  await pruneInbox();
  const pruning = setInterval(pruneInbox, 3_600_000);
  pruning.unref();

  const subscription = await bus
    .subscribe({ groupId, topics, fromBeginning: options.fromBeginning ?? true, handle })
    .catch((error: unknown) => {
      clearInterval(pruning);
      throw error;
    });
  return {
    groupId,
    pause: () => subscription.pause(),
    resume: () => subscription.resume(),
    get paused() {
      return subscription.paused;
    },
    close: () => {
      clearInterval(pruning);
      return subscription.close();
    },
    stats,
  };
}
