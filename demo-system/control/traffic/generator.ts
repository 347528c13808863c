import { Agent } from 'undici';
import { sendAction } from './gateway-calls';
import { mulberry32 } from './prng';
import { DEFAULT_WEIGHTS, planAction, type ScenarioWeights } from './scenarios';

/**
 * Drives realistic traffic through the gateway at a rate that can change live. Requests are
 * paced by a token bucket; at most `maxInFlight` are outstanding, and a tick that finds the
 * cap reached skips its request (counted) instead of queueing it, so a slow gateway never
 * piles up work.
 */

export interface TrafficOptions {
  gatewayUrl: string;
  ratePerSecond: number;
  seed: number;
  maxInFlight?: number;
  /** Known account ids kept for deposits, transfers and reads (oldest dropped first). */
  poolSize?: number;
  timeoutMs?: number;
  tickMs?: number;
  weights?: ScenarioWeights;
}

export interface TrafficState {
  ratePerSecond: number;
  inFlight: number;
  maxInFlight: number;
  sent: number;
  /** Answered requests by HTTP status. */
  byStatus: Record<string, number>;
  /** Requests that got no answer (timeout, connection refused). */
  failed: number;
  /** Requests not sent because `maxInFlight` were outstanding. */
  skipped: number;
  knownAccounts: number;
}

export const MAX_TRAFFIC_RATE = 500;

export class TrafficGenerator {
  private readonly random: () => number;
  private readonly agent = new Agent({ keepAliveTimeout: 4_000 });
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private readonly pool: string[] = [];
  private readonly byStatus: Record<string, number> = {};
  private rate: number;
  private tokens = 0;
  private lastTick = 0;
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;
  private failed = 0;
  private skipped = 0;
  private stopped = false;

  constructor(private readonly options: TrafficOptions) {
    this.random = mulberry32(options.seed);
    this.rate = validRate(options.ratePerSecond);
  }

  get maxInFlight(): number {
    return this.options.maxInFlight ?? 16;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 50);
    this.timer.unref();
  }

  setRate(ratePerSecond: number): TrafficState {
    this.rate = validRate(ratePerSecond);
    if (this.rate === 0) this.tokens = 0;
    return this.state();
  }

  state(): TrafficState {
    return {
      ratePerSecond: this.rate,
      inFlight: this.inFlight.size,
      maxInFlight: this.maxInFlight,
      sent: this.sent,
      byStatus: { ...this.byStatus },
      failed: this.failed,
      skipped: this.skipped,
      knownAccounts: this.pool.length,
    };
  }

  /** Stops sending, aborts outstanding requests and waits for them to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.aborter.abort();
    await Promise.allSettled([...this.inFlight]);
    await this.agent.close();
  }

  private tick(): void {
    const now = performance.now();
    const elapsedSeconds = (now - this.lastTick) / 1000;
    this.lastTick = now;
    // A bucket of at most one second's worth: no burst after a stall.
    this.tokens = Math.min(this.tokens + this.rate * elapsedSeconds, Math.max(1, this.rate));
    while (this.tokens >= 1 && !this.stopped) {
      this.tokens -= 1;
      if (this.inFlight.size >= this.maxInFlight) {
        this.skipped += 1;
        continue;
      }
      this.launch();
    }
  }

  private launch(): void {
    const action = planAction(this.pool, this.random, this.options.weights ?? DEFAULT_WEIGHTS);
    this.sent += 1;
    const signal = AbortSignal.any([
      this.aborter.signal,
      AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    ]);
    const pending = sendAction(this.options.gatewayUrl, action, this.agent, signal)
      .then((result) => {
        const key = String(result.status);
        this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
        if (result.openedAccountId) this.remember(result.openedAccountId);
      })
      .catch(() => {
        this.failed += 1;
      })
      .finally(() => {
        this.inFlight.delete(pending);
      });
    this.inFlight.add(pending);
  }

  private remember(accountId: string): void {
    this.pool.push(accountId);
    if (this.pool.length > (this.options.poolSize ?? 50)) this.pool.shift();
  }
}

function validRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_TRAFFIC_RATE) {
    throw new RangeError(`traffic rate must be between 0 and ${MAX_TRAFFIC_RATE} requests/s`);
  }
  return rate;
}
