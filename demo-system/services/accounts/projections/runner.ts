import { cqrsAttributes, cqrsEvents } from '../../../../collectors/contracts/conventions';
import { withSpan } from '../../../platform/with-span';
import {
  firstEventTimeAfter,
  headPosition,
  readEventsAfter,
  type StoredEvent,
} from '../event-store';
import { checkpointOf, ensureCheckpoint, moveCheckpoint, resetReadModel } from './checkpoints';
import type {
  ProjectionRunnerOptions,
  ProjectionState,
  ProjectionStatus,
  Worker,
} from './runner-types';
import { Latch, Signal, sleepUnless } from './signal';

/**
 * Runs each projection in its own loop: read the events after its checkpoint (a batch), apply
 * them and move the checkpoint in ONE transaction (one span per batch), repeat; when caught
 * up, wait for `wake()` (called after every append) or the poll interval.
 *
 * Controls, per projection:
 * - pause / resume: the loop stops between batches; the lag grows while appends go on;
 * - delay: `delayMs` > 0 applies one event per transaction and sleeps that long after each
 *   (outside any transaction: on PGlite the one connection is the whole process's);
 * - rebuild: empties its tables and sets its checkpoint to 0 in one transaction, then replays;
 *   the state is `rebuilding` until it reaches the head seen when the rebuild started. A crash
 *   mid-rebuild simply continues from the checkpoint (tables and checkpoint move together).
 *
 * The checkpoint update is conditional on the position this runner read, so two runners on
 * one database (two processes) never apply a batch twice: the loser reloads the checkpoint.
 */

export type { ProjectionState, ProjectionStatus } from './runner-types';

export class UnknownProjectionError extends Error {
  override name = 'UnknownProjectionError';
}

export class ProjectionRunner {
  private readonly workers = new Map<string, Worker>();
  private readonly stopSignal = new Latch();
  private stopped = false;
  private loops: Promise<void>[] = [];
  private statusTimer: NodeJS.Timeout | undefined;
  private cachedHead = 0;

  constructor(private readonly options: ProjectionRunnerOptions) {
    for (const projection of options.projections) {
      this.workers.set(projection.name, {
        projection,
        position: 0,
        paused: false,
        rebuildRequested: false,
        resetting: false,
        rebuildTarget: undefined,
        delayMs: 0,
        lagMs: 0,
        signal: new Signal(),
        failing: false,
        inFlight: undefined,
      });
    }
  }

  get names(): string[] {
    return [...this.workers.keys()];
  }

  /** Loads the checkpoints (creating missing ones at 0) and starts the loops. */
  async start(): Promise<void> {
    const { db } = this.options;
    for (const worker of this.workers.values()) {
      worker.position = await ensureCheckpoint(db, worker.projection.name);
    }
    await this.refreshStatus();
    this.loops = [...this.workers.values()].map((worker) => this.loop(worker));
    const every = this.options.statusEveryMs ?? 1_000;
    this.statusTimer = setInterval(() => {
      this.refreshStatus().catch(() => undefined);
    }, every);
    this.statusTimer.unref();
  }

  /** New events were appended: loops waiting for work look now. */
  wake(): void {
    for (const worker of this.workers.values()) worker.signal.notify();
  }

  /**
   * Pauses a projection; resolves once it stands still (after the batch in hand, if one is
   * being applied), so the position it answers is the one it keeps while paused.
   */
  async pause(name: string): Promise<ProjectionStatus> {
    const worker = this.worker(name);
    if (!worker.paused) {
      worker.paused = true;
      this.stateEvent(cqrsEvents.paused, name);
    }
    await worker.inFlight?.catch(() => undefined);
    return this.cachedStatusOf(worker);
  }

  resume(name: string): ProjectionStatus {
    const worker = this.worker(name);
    if (worker.paused) {
      worker.paused = false;
      this.stateEvent(cqrsEvents.resumed, name);
      worker.signal.notify();
    }
    return this.cachedStatusOf(worker);
  }

  /** Starts a rebuild (a rebuild already under way starts over). */
  rebuild(name: string): ProjectionStatus {
    const worker = this.worker(name);
    worker.rebuildRequested = true;
    this.stateEvent(cqrsEvents.rebuildStarted, name);
    worker.signal.notify();
    return this.cachedStatusOf(worker);
  }

  setDelay(name: string, delayMs: number): ProjectionStatus {
    const worker = this.worker(name);
    worker.delayMs = delayMs;
    worker.signal.notify();
    return this.cachedStatusOf(worker);
  }

  has(name: string): boolean {
    return this.workers.has(name);
  }

  /** Fresh figures from the database (the HTTP view). */
  async status(): Promise<ProjectionStatus[]> {
    await this.refreshStatus();
    return this.cachedStatus();
  }

  /** The figures of the last refresh (the gauges read these; no I/O). */
  cachedStatus(): ProjectionStatus[] {
    return [...this.workers.values()].map((worker) => this.cachedStatusOf(worker));
  }

  get head(): number {
    return this.cachedHead;
  }

  /**
   * Waits until `name` applied every event up to `position`, at most `timeoutMs`, and only
   * while it is running (a paused or rebuilding projection answers false at once).
   */
  async waitFor(name: string, position: number, timeoutMs: number): Promise<boolean> {
    const worker = this.worker(name);
    const deadline = Date.now() + timeoutMs;
    while (worker.position < position) {
      if (this.stateOf(worker) !== 'running' || Date.now() >= deadline || this.stopped) {
        return false;
      }
      await sleepUnless(10, this.stopSignal);
    }
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.statusTimer);
    this.stopSignal.set();
    this.wake();
    await Promise.all(this.loops);
  }

  private worker(name: string): Worker {
    const worker = this.workers.get(name);
    if (!worker) {
      throw new UnknownProjectionError(
        `no projection named ${name}; known: ${this.names.join(', ')}`,
      );
    }
    return worker;
  }

  private stateOf(worker: Worker): ProjectionState {
    if (worker.paused) return 'paused';
    if (worker.rebuildRequested || worker.resetting || worker.rebuildTarget !== undefined) {
      return 'rebuilding';
    }
    return 'running';
  }

  private cachedStatusOf(worker: Worker): ProjectionStatus {
    const head = Math.max(this.cachedHead, worker.position);
    return {
      name: worker.projection.name,
      state: this.stateOf(worker),
      position: worker.position,
      head,
      lagEvents: head - worker.position,
      lagMs: head > worker.position ? worker.lagMs : 0,
      delayMs: worker.delayMs,
    };
  }

  private async refreshStatus(): Promise<void> {
    const { db } = this.options;
    this.cachedHead = await headPosition(db);
    const now = Date.now();
    for (const worker of this.workers.values()) {
      if (worker.position >= this.cachedHead) {
        worker.lagMs = 0;
        continue;
      }
      const oldest = await firstEventTimeAfter(db, worker.position);
      worker.lagMs = oldest ? Math.max(0, now - oldest.getTime()) : 0;
    }
  }

  private async loop(worker: Worker): Promise<void> {
    const { db, log } = this.options;
    const pollMs = this.options.pollMs ?? 500;
    const name = worker.projection.name;
    while (!this.stopped) {
      try {
        if (worker.rebuildRequested) {
          await this.reset(worker);
          continue;
        }
        if (worker.paused) {
          await worker.signal.wait(pollMs);
          continue;
        }
        const limit = worker.delayMs > 0 ? 1 : (this.options.batchSize ?? 200);
        const step = (async () => {
          const batch = await readEventsAfter(db, worker.position, limit);
          if (batch.length > 0) await this.applyBatch(worker, batch);
          return batch.length;
        })();
        worker.inFlight = step.then(() => undefined);
        const applied = await step.finally(() => {
          worker.inFlight = undefined;
        });
        this.finishRebuildIfCaughtUp(worker);
        if (worker.failing) log(`accounts: projection ${name} applies events again`);
        worker.failing = false;
        if (applied === 0) await worker.signal.wait(pollMs);
        else if (worker.delayMs > 0) await sleepUnless(worker.delayMs, this.stopSignal);
      } catch (error) {
        if (this.stopped) break;
        if (!worker.failing) {
          log(`accounts: projection ${name} failed, retrying: ${(error as Error).message}`);
        }
        worker.failing = true;
        worker.position = await checkpointOf(db, name).catch(() => worker.position);
        await sleepUnless(1_000, this.stopSignal);
      }
    }
  }

  private async reset(worker: Worker): Promise<void> {
    const { db } = this.options;
    // `resetting` keeps the state `rebuilding` throughout; a request arriving meanwhile sets
    // `rebuildRequested` again and starts the rebuild over.
    worker.resetting = true;
    worker.rebuildRequested = false;
    try {
      const target = await headPosition(db);
      await db.transaction((tx) =>
        resetReadModel(tx, worker.projection.name, worker.projection.tables),
      );
      worker.position = 0;
      worker.rebuildTarget = target;
    } catch (error) {
      worker.rebuildRequested = true;
      throw error;
    } finally {
      worker.resetting = false;
    }
    this.finishRebuildIfCaughtUp(worker);
  }

  private finishRebuildIfCaughtUp(worker: Worker): void {
    if (worker.rebuildTarget === undefined || worker.rebuildRequested) return;
    if (worker.position < worker.rebuildTarget) return;
    worker.rebuildTarget = undefined;
    this.stateEvent(cqrsEvents.rebuildFinished, worker.projection.name);
  }

  private async applyBatch(worker: Worker, batch: readonly StoredEvent[]): Promise<void> {
    const { db, tracer } = this.options;
    const name = worker.projection.name;
    const from = worker.position;
    const to = batch[batch.length - 1]!.position;
    await withSpan(
      tracer,
      'projection.apply_batch',
      {
        [cqrsAttributes.projection]: name,
        'projection.batch.size': batch.length,
        'projection.batch.first_position': batch[0]!.position,
        'projection.batch.last_position': to,
      },
      () =>
        db.transaction(async (tx) => {
          for (const event of batch) await worker.projection.apply(tx, event);
          await moveCheckpoint(tx, name, from, to);
        }),
    );
    worker.position = to;
    if (to >= this.cachedHead) {
      this.cachedHead = to;
      worker.lagMs = 0;
    }
  }

  private stateEvent(event: string, projection: string): void {
    this.options.onStateEvent?.(event, projection);
  }
}
