import { context, type Tracer, trace } from '@opentelemetry/api';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IPolicy,
  retry,
  SamplingBreaker,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import {
  type MESH_REJECTIONS,
  resilienceAttributes,
  resilienceEvents,
} from '../../../collectors/contracts/conventions';
import {
  type BreakerStateName,
  type BreakerTransition,
  breakerStateName,
  emitStateChange,
} from './breaker-telemetry';
import type { BreakerConfig, UpstreamPolicy } from './policy-config';

/**
 * Outbound resilience for one upstream, with cockatiel policies composed outermost first:
 *
 *   bulkhead → retry (idempotent calls only) → circuit breaker → timeout → attempt
 *
 * The bulkhead bounds calls in flight (their retries included); each attempt counts toward
 * the breaker; each attempt has its own timeout. An answer of 5xx counts as a failure for the
 * breaker; 502/503/504, timeouts and network errors are retried. Every breaker state change
 * becomes a `circuit_breaker.state_change` event, and retries, timeouts and rejections become
 * span events and counters (see stats()).
 */

export type Rejection = (typeof MESH_REJECTIONS)[number];

export type GuardOutcome<T> =
  | { kind: 'reply'; reply: T; attempts: number }
  | { kind: 'rejected'; reason: Rejection; attempts: number; error: unknown };

export interface UpstreamGuardOptions {
  upstream: string;
  policy: UpstreamPolicy;
  tracer: Tracer;
  /** Also told of every state change (e.g. to log it); telemetry is emitted regardless. */
  onStateChange?: (transition: BreakerTransition) => void;
}

export interface UpstreamGuardStats {
  upstream: string;
  state: BreakerStateName;
  calls: number;
  attempts: number;
  retries: number;
  timeouts: number;
  failures: number;
  rejections: Record<Rejection, number>;
  /** The latest transitions, oldest first (at most MAX_TRANSITIONS). */
  transitions: BreakerTransition[];
}

/** A response of an attempt: its status decides failure and retry. */
export interface StatusReply {
  status: number;
}

export type Attempt<T> = (signal: AbortSignal, attempt: number) => Promise<T>;

/** An attempt outlived its timeout. */
export class AttemptTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
const MAX_TRANSITIONS = 20;

export class UpstreamGuard<T extends StatusReply> {
  readonly upstream: string;
  readonly policy: UpstreamPolicy;
  private readonly tracer: Tracer;
  private readonly idempotent: IPolicy;
  private readonly once: IPolicy;
  private breakerState: BreakerStateName = 'closed';
  private readonly counters = {
    calls: 0,
    attempts: 0,
    retries: 0,
    timeouts: 0,
    failures: 0,
    rejections: { 'breaker-open': 0, 'bulkhead-full': 0, timeout: 0, unreachable: 0 },
  };
  private readonly transitions: BreakerTransition[] = [];

  constructor(options: UpstreamGuardOptions) {
    const { upstream, policy, tracer } = options;
    this.upstream = upstream;
    this.policy = policy;
    this.tracer = tracer;

    const breaker = circuitBreaker(
      handleWhen((error) => !(error instanceof BrokenCircuitError)).orWhenResult(
        (reply) => (reply as T).status >= 500,
      ),
      { halfOpenAfter: policy.breaker.halfOpenAfterMs, breaker: breakerFor(policy.breaker) },
    );
    breaker.onStateChange((state) => {
      const transition: BreakerTransition = {
        name: upstream,
        peer: upstream,
        from: this.breakerState,
        to: breakerStateName(state),
        atUnixMs: Date.now(),
      };
      if (transition.from === transition.to) return;
      this.breakerState = transition.to;
      this.transitions.push(transition);
      if (this.transitions.length > MAX_TRANSITIONS) this.transitions.shift();
      emitStateChange(this.tracer, transition);
      options.onStateChange?.(transition);
    });

    const retries = retry(
      handleWhen((error) => !(error instanceof BrokenCircuitError)).orWhenResult((reply) =>
        RETRY_STATUSES.has((reply as T).status),
      ),
      {
        maxAttempts: policy.retry.maxRetries,
        backoff: new ExponentialBackoff({
          initialDelay: policy.retry.initialDelayMs,
          maxDelay: policy.retry.maxDelayMs,
        }),
      },
    );
    retries.onRetry(({ attempt, delay }) => {
      this.counters.retries++;
      trace.getSpan(context.active())?.addEvent(resilienceEvents.retry, {
        [resilienceAttributes.attempt]: attempt + 1,
        [resilienceAttributes.retryDelayMs]: Math.round(delay),
      });
    });

    // Cooperative: the attempt's own signal aborts the request. Not aborted on return: the
    // exchange is over by then, and an abort per call costs a DOMException with a stack.
    const perAttempt = timeout(policy.timeoutMs, {
      strategy: TimeoutStrategy.Cooperative,
      abortOnReturn: false,
    });
    const compartment = bulkhead(policy.bulkhead.maxConcurrent, policy.bulkhead.maxQueue);
    this.idempotent = wrap(compartment, retries, breaker, perAttempt);
    this.once = wrap(compartment, breaker, perAttempt);
  }

  get state(): BreakerStateName {
    return this.breakerState;
  }

  /**
   * Runs `attempt` under the policies; retried only when `retryable` (an idempotent method or
   * an Idempotency-Key). Never throws: a refusal or a failure without an answer is an outcome.
   * `signal` aborts the call when its caller went away.
   */
  async execute(
    retryable: boolean,
    attempt: Attempt<T>,
    signal?: AbortSignal,
  ): Promise<GuardOutcome<T>> {
    this.counters.calls++;
    let attempts = 0;
    const run = async ({ signal: attemptSignal }: { signal: AbortSignal }): Promise<T> => {
      attempts++;
      this.counters.attempts++;
      try {
        const reply = await attempt(attemptSignal, attempts);
        if (reply.status >= 500) this.counters.failures++;
        return reply;
      } catch (error) {
        this.counters.failures++;
        if (!attemptSignal.aborted || signal?.aborted) throw error;
        this.counters.timeouts++;
        trace.getSpan(context.active())?.addEvent(resilienceEvents.timeout, {
          [resilienceAttributes.attempt]: attempts,
        });
        throw new AttemptTimeoutError(this.policy.timeoutMs);
      }
    };
    try {
      const pipeline = retryable ? this.idempotent : this.once;
      const reply = (await pipeline.execute(run, signal)) as T;
      return { kind: 'reply', reply, attempts };
    } catch (error) {
      const reason = rejectionOf(error);
      this.counters.rejections[reason]++;
      trace.getSpan(context.active())?.addEvent(resilienceEvents.rejected, {
        [resilienceAttributes.reason]: reason,
      });
      return { kind: 'rejected', reason, attempts, error };
    }
  }

  stats(): UpstreamGuardStats {
    const { rejections, ...counts } = this.counters;
    return {
      upstream: this.upstream,
      state: this.breakerState,
      ...counts,
      rejections: { ...rejections },
      transitions: this.transitions.map((t) => ({ ...t })),
    };
  }
}

function breakerFor(config: BreakerConfig) {
  if (config.mode === 'consecutive') return new ConsecutiveBreaker(config.consecutiveFailures);
  return new SamplingBreaker({
    threshold: config.failureRatio,
    duration: config.windowMs,
    // cockatiel wants a rate; `minimumCalls` in the window is the same bound, easier to state.
    minimumRps: config.minimumCalls / (config.windowMs / 1000),
  });
}

function rejectionOf(error: unknown): Rejection {
  if (error instanceof BrokenCircuitError) return 'breaker-open';
  if (error instanceof BulkheadRejectedError) return 'bulkhead-full';
  if (error instanceof AttemptTimeoutError) return 'timeout';
  return 'unreachable';
}
