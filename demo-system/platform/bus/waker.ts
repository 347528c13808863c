/** Small timing helpers the bus adapters share. */

/** A one-slot wake-up: `wait()` resolves on the next `wake()` (or at once if one is pending). */
export class Waker {
  private pending: (() => void) | null = null;
  private flagged = false;

  wake(): void {
    const pending = this.pending;
    if (pending) {
      this.pending = null;
      pending();
    } else {
      this.flagged = true;
    }
  }

  /** Resolves on `wake()` or after `ms` (when given), whichever comes first. */
  wait(ms?: number): Promise<void> {
    if (this.flagged) {
      this.flagged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      const self = this;
      function done(): void {
        if (timer) clearTimeout(timer);
        if (self.pending === done) self.pending = null;
        resolve();
      }
      this.pending = done;
    });
  }
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** Redelivery backoff after a handler throws: 50 ms, doubling, at most 2 s. */
export const RETRY_BACKOFF: Backoff = { initialMs: 50, maxMs: 2_000 };

/** The delay before attempt `failures + 1`, given `failures` consecutive failures (≥ 1). */
export function retryDelayMs(failures: number, backoff: Backoff = RETRY_BACKOFF): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}
