import { Agent } from 'undici';
import { CustomerTokens, demoTokenMinter, type MintToken } from './customer-tokens';
import { sendAction } from './gateway-calls';
import { mulberry32 } from './prng';
import {
  DEFAULT_WEIGHTS,
  planAction,
  type ScenarioWeights,
  type TrafficAction,
  validateWeights,
} from './scenarios';

/**
 * Drives realistic traffic through the gateway at a rate that can change live. Requests are
 * paced by a token bucket; at most `maxInFlight` are outstanding, and a tick that finds the
 * cap reached skips its request (counted) instead of queueing it, so a slow gateway never
 * piles up work.
 *
 * It acts as `customers` simulated customers, each with its own bearer token (so the
 * gateway's per-customer rate limit spreads over them): new accounts go round-robin to the
 * customers, and every later action on an account is made by the account's owner.
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
  /** Simulated customers (default 16: 500 requests/s stay under a 50/s per-customer limit). */
  customers?: number;
  /** How tokens are minted; defaults to the gateway's demo-token route. */
  mintToken?: MintToken;
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
  /** The scenario mix in force (relative weights). */
  weights: ScenarioWeights;
}

export const MAX_TRAFFIC_RATE = 500;

export class TrafficGenerator {
  private readonly random: () => number;
  private readonly agent = new Agent({ keepAliveTimeout: 4_000 });
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private readonly pool: string[] = [];
  private readonly owners = new Map<string, string>();
  private readonly customers: readonly string[];
  private readonly credentials: CustomerTokens;
  private opened = 0;
  private readonly byStatus: Record<string, number> = {};
  private rate: number;
  private weights: ScenarioWeights;
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
    this.weights = validWeights(options.weights ?? DEFAULT_WEIGHTS);
    const count = options.customers ?? 16;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('customers must be >= 1');
    this.customers = Array.from(
      { length: count },
      (_, i) => `c-traffic-${String(i + 1).padStart(2, '0')}`,
    );
    this.credentials = new CustomerTokens(
      options.mintToken ?? demoTokenMinter(options.gatewayUrl, this.agent),
    );
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

  /** Replaces the scenario mix (validated: finite, non-negative, at least one positive). */
  setWeights(weights: ScenarioWeights): TrafficState {
    this.weights = validWeights(weights);
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
      weights: { ...this.weights },
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
    const action = planAction(this.pool, this.random, this.weights);
    this.sent += 1;
    const signal = AbortSignal.any([
      this.aborter.signal,
      AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    ]);
    const customer = this.customerFor(action);
    const pending = this.credentials
      .authorization(customer, signal)
      .then(async (authorization) => {
        const result = await sendAction(
          this.options.gatewayUrl,
          action,
          this.agent,
          signal,
          authorization,
          customer,
        );
        const key = String(result.status);
        this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
        if (result.status === 401) this.credentials.invalidate(customer, authorization);
        if (result.openedAccountId) this.remember(result.openedAccountId, customer);
      })
      .catch(() => {
        this.failed += 1;
      })
      .finally(() => {
        this.inFlight.delete(pending);
      });
    this.inFlight.add(pending);
  }

  /** Who makes the action: the owner of the account it acts on, or the next customer. */
  private customerFor(action: TrafficAction): string {
    const accountId =
      action.scenario === 'openAccount'
        ? undefined
        : 'accountId' in action
          ? action.accountId
          : action.from;
    const owner = accountId ? this.owners.get(accountId) : undefined;
    if (owner) return owner;
    const next = this.customers[this.opened % this.customers.length]!;
    this.opened += 1;
    return next;
  }

  private remember(accountId: string, owner: string): void {
    this.pool.push(accountId);
    this.owners.set(accountId, owner);
    if (this.pool.length > (this.options.poolSize ?? 50)) {
      const dropped = this.pool.shift();
      if (dropped !== undefined) this.owners.delete(dropped);
    }
  }
}

function validRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_TRAFFIC_RATE) {
    throw new RangeError(`traffic rate must be between 0 and ${MAX_TRAFFIC_RATE} requests/s`);
  }
  return rate;
}

function validWeights(weights: ScenarioWeights): ScenarioWeights {
  const checked = validateWeights(weights);
  if (!checked.ok) throw new RangeError(`traffic weights: ${checked.message}`);
  return checked.weights;
}
