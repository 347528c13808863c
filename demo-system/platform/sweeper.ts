/**
 * Runs `work` every `intervalMs`, one run at a time, until stopped; a failing run is logged
 * and the next one still happens. `stop` waits for a run in progress.
 */
export interface Sweeper {
  /** Runs once now (also what the timer does). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export function startSweeper(
  name: string,
  intervalMs: number,
  work: () => Promise<unknown>,
): Sweeper {
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = () => {
    running ??= work()
      .then(() => undefined)
      .catch((error: unknown) => console.error(`${name}: sweep failed:`, error))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (!stopped) void runOnce();
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
