import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import { startPublishSpan } from '../bus/bus-tracing';
import type { BusRecord, EventBus } from '../bus/event-bus';
import type { ServiceDb } from '../db';
import { recordError } from '../with-span';

/**
 * The outbox relay: moves committed outbox rows onto the bus, in `sequence` order, and marks
 * them published. At-least-once: a row is marked only after the bus acknowledged it, so a crash
 * in between publishes it again (consumers dedup with their inbox).
 *
 * Claiming. A round claims the head of the queue in a short transaction (`FOR UPDATE SKIP
 * LOCKED` under a per-schema advisory lock) and leases it (`claimed_by`, `claimed_until`);
 * while another relay of the same service holds a live lease, nothing is claimed, so two
 * relays never publish out of order. It publishes OUTSIDE any transaction, then marks the rows.
 * No connection is held while the bus is slow or down (on PGlite the one connection is the
 * whole process's). A relay that died mid-round leaves a lease that expires after `leaseMs`.
 *
 * Failure. Any publish or database error ends the round: the claim is released, the error is
 * stored on the row (`attempts`, `last_error`), and the next round waits with an exponential
 * backoff. Nothing is dropped, nothing is thrown out of the loop, and the log gets one line
 * when an outage starts and one when publishing works again.
 *
 * Async context. The loop runs in the context `startOutboxRelay` was called in, never in the
 * caller's of `wake()`: a wake from inside a transaction (PGlite refuses the handle there) or
 * a request's span must not leak into the relay's rounds and timers.
 *
 * Embedded bus. The in-memory log died with the last process, so at start the relay publishes
 * again every row published within `replayWindowMs`.
 */
export interface OutboxRelayOptions {
  service: string;
  db: ServiceDb;
  bus: EventBus;
  tracer: Tracer;
  log: (line: string) => void;
  /** Poll interval when idle; default 150 ms. `wake()` runs a round at once. */
  intervalMs?: number;
  /** Rows per round; default 100. */
  batchSize?: number;
  /** First and largest backoff after a failure; default 200 ms and 5 s. */
  backoffMs?: { initial: number; max: number };
  /** Embedded bus only: rows published this recently are published again at start; 15 min. */
  replayWindowMs?: number;
  /** Published rows older than this are deleted; default 6 h (longer than any saga timeout). */
  retentionMs?: number;
  /** How long a claim holds before another relay may take the rows over; default 30 s. */
  leaseMs?: number;
}

export interface OutboxRelayStats {
  published: number;
  lastPublishedAt: Date | undefined;
  /** True while the relay is backing off after a failure. */
  failing: boolean;
}

export interface OutboxRelay {
  /** Runs a round now (after a commit that appended events); ignored while backing off. */
  wake(): void;
  /** Stops the loop after the round in progress. */
  stop(): Promise<void>;
  readonly stats: Readonly<OutboxRelayStats>;
}

interface OutboxRow {
  [column: string]: unknown;
  sequence: number;
  event_id: string;
  topic: string;
  key: string;
  envelope: string;
  headers: Record<string, string>;
}

const PRUNE_EVERY_MS = 60_000;

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, bus, tracer, log, service } = options;
  const intervalMs = options.intervalMs ?? 150;
  const batchSize = options.batchSize ?? 100;
  const backoff = options.backoffMs ?? { initial: 200, max: 5_000 };
  const retentionMs = options.retentionMs ?? 6 * 3_600_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const relayId = `${service}-${randomUUID()}`;
  const stats: OutboxRelayStats = { published: 0, lastPublishedAt: undefined, failing: false };
  const inStartContext = AsyncLocalStorage.snapshot();

  let stopped = false;
  let running: Promise<void> | undefined;
  let rerun = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastPruneAt = 0;

  const claim = () =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outbox:${db.schema}`]);
      const { rows } = await tx.query<OutboxRow>(
        `UPDATE outbox SET claimed_by = $2, claimed_until = now() + make_interval(secs => $3),
           attempts = attempts + 1
         WHERE sequence IN (
           SELECT sequence FROM outbox WHERE published_at IS NULL
           AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = $2)
           ORDER BY sequence LIMIT $1 FOR UPDATE SKIP LOCKED)
         AND NOT EXISTS (SELECT 1 FROM outbox AS other WHERE other.published_at IS NULL
           AND other.claimed_by <> $2 AND other.claimed_until >= now())
         RETURNING sequence, event_id, topic, key, envelope, headers`,
        [batchSize, relayId, leaseMs / 1000],
      );
      return rows.sort((a, b) => a.sequence - b.sequence);
    });

  /** Publishes a run of rows of one topic (one bus call); each row gets its PRODUCER span. */
  const publishRun = async (topic: string, run: OutboxRow[]) => {
    const started = run.map((row) =>
      startPublishSpan(tracer, { topic, messageId: row.event_id, stored: row.headers }),
    );
    const records: BusRecord[] = run.map((row, i) => ({
      key: row.key,
      value: row.envelope,
      headers: started[i]?.headers ?? row.headers,
    }));
    try {
      await bus.publish(topic, records);
    } catch (error) {
      for (const { span } of started) recordError(span, error);
      throw error;
    } finally {
      for (const { span } of started) span.end();
    }
    const first = run[0]?.sequence ?? 0;
    const last = run[run.length - 1]?.sequence ?? 0;
    await db.query(
      `UPDATE outbox SET published_at = now(), claimed_by = NULL, claimed_until = NULL,
         last_error = NULL
       WHERE sequence BETWEEN $1 AND $2 AND claimed_by = $3`,
      [first, last, relayId],
    );
    stats.published += run.length;
    stats.lastPublishedAt = new Date();
  };

  /** One round: returns how many rows it published. */
  const relayOnce = async (): Promise<number> => {
    // An idle poll is one cheap read, not a transaction (PGlite's connection is shared).
    const pending = await db.query('SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1');
    if (pending.rowCount === 0) return 0;
    const rows = await claim();
    let done = 0;
    try {
      while (done < rows.length) {
        const topic = rows[done]?.topic ?? '';
        let end = done;
        while (end < rows.length && rows[end]?.topic === topic) end += 1;
        await publishRun(topic, rows.slice(done, end));
        done = end;
      }
    } catch (error) {
      const rest = rows[done];
      if (rest) {
        await db
          .query(
            `UPDATE outbox SET claimed_by = NULL, claimed_until = NULL, last_error = $2
             WHERE sequence >= $1 AND claimed_by = $3`,
            [rest.sequence, String((error as Error).message).slice(0, 500), relayId],
          )
          .catch(() => undefined);
      }
      throw error;
    }
    return rows.length;
  };

  const prune = async () => {
    lastPruneAt = Date.now();
    await db.query(
      `DELETE FROM outbox WHERE published_at IS NOT NULL
       AND published_at < now() - make_interval(secs => $1)`,
      [retentionMs / 1000],
    );
  };

  const replayRecent = async () => {
    if (bus.kind !== 'embedded') return;
    const windowMs = options.replayWindowMs ?? 15 * 60_000;
    const { rowCount } = await db.query(
      `UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL
       AND published_at >= now() - make_interval(secs => $1)`,
      [windowMs / 1000],
    );
    if (rowCount > 0) {
      log(`${service}: outbox relay: publishing ${rowCount} recent events again (embedded bus)`);
    }
  };

  const round = async (): Promise<number> => {
    try {
      if (Date.now() - lastPruneAt >= PRUNE_EVERY_MS) await prune();
      const count = await relayOnce();
      if (stats.failing) {
        log(`${service}: outbox relay: publishing again after ${failures} failed attempts`);
      }
      failures = 0;
      stats.failing = false;
      return count === batchSize ? 0 : intervalMs;
    } catch (error) {
      failures += 1;
      if (!stats.failing) {
        log(
          `${service}: outbox relay: cannot publish (${(error as Error).message}); retrying with backoff, nothing is lost`,
        );
      }
      stats.failing = true;
      return Math.min(backoff.max, backoff.initial * 2 ** (failures - 1));
    }
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(kick, ms);
    timer.unref();
  };

  function kick(): void {
    if (stopped) return;
    if (running) {
      rerun = true;
      return;
    }
    rerun = false;
    running = round().then((next) => {
      running = undefined;
      schedule(rerun && !stats.failing ? 0 : next);
    });
  }

  running = (async () => {
    try {
      await replayRecent();
    } catch (error) {
      log(`${service}: outbox relay: replay at start failed: ${(error as Error).message}`);
    }
  })().then(() => {
    running = undefined;
    kick();
  });

  return {
    wake: () => {
      if (!stats.failing) inStartContext(kick);
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      while (running) await running;
    },
    stats,
  };
}
