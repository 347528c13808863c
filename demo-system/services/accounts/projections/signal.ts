/**
 * A wake-up call for a loop: `wait(ms)` resolves at the next `notify()` or after `ms`. A
 * notify with nobody waiting is kept, so the next wait returns at once (no lost wake-up
 * between "found nothing to do" and "wait").
 */
export class Signal {
  private waiters: Array<() => void> = [];
  private pending = false;

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0) this.pending = true;
    for (const wake of waiters) wake();
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }
}

/** Resolved once, for good: a stop flag that sleeps can race against. */
export class Latch {
  private release!: () => void;
  readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  private isSet = false;

  set(): void {
    this.isSet = true;
    this.release();
  }

  get done(): boolean {
    return this.isSet;
  }
}

/** Sleeps `ms`, or less when `stop` is set first. */
export function sleepUnless(ms: number, stop: Latch): Promise<void> {
  if (stop.done) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
    stop.released,
  ]).finally(() => clearTimeout(timer));
}
