import type { Span } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import {
  breakerAttributes,
  breakerEvents,
  resilienceAttributes,
  resilienceEvents,
} from '../../../collectors/contracts/conventions';
import { eventually } from '../../testing/http';
import { installContextManager } from '../telemetry';
import { resolveUpstreamPolicy, type UpstreamPolicyInput } from './policy-config';
import { type Attempt, type GuardOutcome, UpstreamGuard } from './upstream-guard';

installContextManager();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('upstream-guard-test');
afterAll(() => provider.shutdown());

interface Reply {
  status: number;
}
const answer =
  (status: number): Attempt<Reply> =>
  async () => ({ status });

function guardFor(policy: UpstreamPolicyInput): UpstreamGuard<Reply> {
  return new UpstreamGuard<Reply>({
    upstream: 'partner-bank',
    policy: resolveUpstreamPolicy(policy),
    tracer,
  });
}

/** One call inside its own active span, as the sidecar makes it; returns outcome and span. */
async function call(
  guard: UpstreamGuard<Reply>,
  attempt: Attempt<Reply>,
  retryable = true,
): Promise<{ outcome: GuardOutcome<Reply>; span: Span }> {
  return tracer.startActiveSpan('mesh.egress', async (span) => {
    const outcome = await guard.execute(retryable, attempt);
    span.end();
    return { outcome, span };
  });
}

function stateChanges() {
  return exporter
    .getFinishedSpans()
    .flatMap((span) => span.events)
    .filter((event) => event.name === breakerEvents.stateChange)
    .map((event) => ({
      name: event.attributes?.[breakerAttributes.name],
      peer: event.attributes?.[breakerAttributes.peer],
      from: event.attributes?.[breakerAttributes.from],
      to: event.attributes?.[breakerAttributes.to],
    }));
}

describe('UpstreamGuard circuit breaker', () => {
  it('opens within its window, half-opens after the wait, closes after a success', async () => {
    exporter.reset();
    const guard = guardFor({
      retry: { maxRetries: 0 },
      breaker: { windowMs: 60_000, minimumCalls: 4, failureRatio: 0.5, halfOpenAfterMs: 50 },
    });
    const outcomes: GuardOutcome<Reply>[] = [];
    for (let i = 0; i < 5; i++) outcomes.push((await call(guard, answer(500))).outcome);

    // Four failures fill the minimum; the fourth opens the breaker; the fifth is refused.
    expect(outcomes.slice(0, 4).map((o) => o.kind)).toEqual(['reply', 'reply', 'reply', 'reply']);
    expect(outcomes[4]).toMatchObject({ kind: 'rejected', reason: 'breaker-open', attempts: 0 });
    expect(stateChanges()).toEqual([
      { name: 'partner-bank', peer: 'partner-bank', from: 'closed', to: 'open' },
    ]);

    // Poll with healthy calls until one is let through (the half-open probe) and succeeds.
    await eventually(async () => {
      const { outcome } = await call(guard, answer(200));
      return outcome.kind === 'reply' ? outcome : undefined;
    }, 5_000);
    expect(stateChanges().map(({ from, to }) => `${from}->${to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
    ]);
    expect(guard.state).toBe('closed');
    expect(guard.stats().rejections['breaker-open']).toBeGreaterThanOrEqual(1);
    expect(guard.stats().transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('opens again when the half-open probe fails (consecutive mode)', async () => {
    exporter.reset();
    const guard = guardFor({
      retry: { maxRetries: 0 },
      breaker: { mode: 'consecutive', consecutiveFailures: 2, halfOpenAfterMs: 50 },
    });
    await call(guard, answer(503));
    await call(guard, answer(503));
    expect(guard.state).toBe('open');
    await eventually(async () => {
      const { outcome } = await call(guard, answer(503));
      return outcome.kind === 'reply' ? outcome : undefined;
    }, 5_000);
    expect(stateChanges().map(({ to }) => to)).toEqual(['open', 'half_open', 'open']);
  });

  it('puts the state change on the span of the call that caused it', async () => {
    exporter.reset();
    const guard = guardFor({
      retry: { maxRetries: 0 },
      breaker: { mode: 'consecutive', consecutiveFailures: 1 },
    });
    const { span } = await call(guard, answer(500));
    const finished = exporter.getFinishedSpans();
    const carrier = finished.find((s) =>
      s.events.some((e) => e.name === breakerEvents.stateChange),
    );
    expect(carrier?.spanContext().spanId).toBe(span.spanContext().spanId);
  });
});

describe('UpstreamGuard retries', () => {
  const policy = { retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 } };

  it('retries an idempotent call on 503 with backoff events, up to maxRetries', async () => {
    exporter.reset();
    const guard = guardFor(policy);
    const { outcome } = await call(guard, answer(503), true);
    expect(outcome).toMatchObject({ kind: 'reply', reply: { status: 503 }, attempts: 3 });
    const retries = exporter
      .getFinishedSpans()
      .flatMap((s) => s.events)
      .filter((e) => e.name === resilienceEvents.retry);
    expect(retries.map((e) => e.attributes?.[resilienceAttributes.attempt])).toEqual([2, 3]);
    expect(guard.stats().retries).toBe(2);
  });

  it('never repeats a call that is not retryable', async () => {
    const guard = guardFor(policy);
    let hits = 0;
    const { outcome } = await call(
      guard,
      async () => {
        hits++;
        throw new Error('connection reset');
      },
      false,
    );
    expect(hits).toBe(1);
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'unreachable', attempts: 1 });
  });

  it('does not retry a 500 or a 4xx', async () => {
    const guard = guardFor(policy);
    expect((await call(guard, answer(500))).outcome.attempts).toBe(1);
    expect((await call(guard, answer(409))).outcome.attempts).toBe(1);
  });
});

describe('UpstreamGuard bulkhead and timeout', () => {
  it('rejects calls over the concurrency limit at once', async () => {
    const guard = guardFor({ bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    let release: () => void = () => undefined;
    const held = new Promise<Reply>((resolve) => {
      release = () => resolve({ status: 200 });
    });
    const first = guard.execute(true, () => held);
    const second = await guard.execute(true, answer(200));
    expect(second).toMatchObject({ kind: 'rejected', reason: 'bulkhead-full', attempts: 0 });
    release();
    expect(await first).toMatchObject({ kind: 'reply', reply: { status: 200 } });
    expect(guard.stats().rejections['bulkhead-full']).toBe(1);
  });

  it('times an attempt out by aborting it, and counts each timeout', async () => {
    exporter.reset();
    const guard = guardFor({ timeoutMs: 20, retry: { maxRetries: 1, initialDelayMs: 1 } });
    const hang: Attempt<Reply> = (signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const { outcome } = await call(guard, hang, true);
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'timeout', attempts: 2 });
    expect(guard.stats().timeouts).toBe(2);
    const events = exporter.getFinishedSpans().flatMap((s) => s.events.map((e) => e.name));
    expect(events.filter((name) => name === resilienceEvents.timeout)).toHaveLength(2);
  });
});
