import { randomUUID } from 'node:crypto';
import {
  type Context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { sagaAttributes } from '../../../collectors/contracts/conventions';
import type { EventEnvelope } from '../../platform/events/envelope';
import { emitLog } from '../../platform/service-log';
import { traceContextPropagator } from '../../platform/telemetry';
import { withSpan } from '../../platform/with-span';
import { sagaLogLine } from './saga-log';
import { isTerminal, type SagaInstance, stepKind } from './saga-state';
import type { SqlSagaStore } from './sql-saga-store';
import {
  advance,
  beginAttempt,
  DEFAULT_TIMINGS,
  type SagaTimings,
  type StepResult,
  type Transition,
} from './transfer-flow';

/**
 * Runs transfer sagas step by step, persisting the saga after every step. A runner runs only
 * sagas it has claimed (sql-saga-store.ts), so two runners (two processes, or a new one after
 * a crash) never run one saga at once; a runner whose claim was taken over stops at its next
 * write. `resumeDue` (at start and from the sweeper) picks up every saga that is due,
 * including those a dead runner left mid-step: their step runs again with the same
 * idempotency key, so nothing is applied twice.
 *
 * Telemetry: one span per attempt of a step or compensation (`transfer.<step>`, saga.* and
 * saga.step.outcome), and per run the saga's own span (`transfer.saga`, saga.status), all
 * children of the trace context stored with the saga: a saga resumed later, by another
 * process, stays in the trace of the request that started it.
 */
export type RunEnd = 'terminal' | 'parked' | 'lost' | 'stopped';

export interface SagaRunnerOptions {
  store: SqlSagaStore;
  tracer: Tracer;
  execute(saga: SagaInstance): Promise<StepResult>;
  /** The outcome event to append when the saga completes or ends compensated. */
  eventOf(saga: SagaInstance, type: NonNullable<Transition['emit']>): EventEnvelope;
  /** Told after an outcome event was committed (wakes the outbox relay). */
  onEvent?: () => void;
  timings?: SagaTimings;
  /** Longest a single step call may take before its outcome counts as unknown. */
  callTimeoutMs?: number;
  owner?: string;
  log?: (line: string) => void;
  /** Where compensations and saga ends are logged (OTLP), in the step's span. */
  logger?: Logger;
}

export class SagaRunner {
  readonly owner: string;
  private readonly running = new Map<string, Promise<RunEnd>>();
  private closing = false;
  private readonly timings: SagaTimings;

  constructor(private readonly options: SagaRunnerOptions) {
    this.owner = options.owner ?? `payments-${randomUUID()}`;
    this.timings = options.timings ?? DEFAULT_TIMINGS;
  }

  get store(): SqlSagaStore {
    return this.options.store;
  }

  /** Runs a saga this runner holds the claim of; resolves when it ends, parks or is lost. */
  run(saga: SagaInstance): Promise<RunEnd> {
    const existing = this.running.get(saga.id);
    // Claimed again while still running here (a step outlived the lease): the old run can no
    // longer write (the claim bumped the version), so this claim goes on once it stopped.
    const run = (existing ? existing.catch(() => 'lost' as const) : Promise.resolve())
      .then(() => this.loop(saga))
      .finally(() => {
        if (this.running.get(saga.id) === run) this.running.delete(saga.id);
      });
    this.running.set(saga.id, run);
    return run;
  }

  /** Claims the sagas that are due (up to `limit`) and runs them; how many were claimed. */
  async resumeDue(limit = 20): Promise<number> {
    if (this.closing) return 0;
    const claimed = await this.options.store.claimDue(this.owner, limit);
    await Promise.all(claimed.map((saga) => this.run(saga)));
    return claimed.length;
  }

  /** Stops between steps: every run gives its claim up (or ends) before this resolves. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.running.values()]);
  }

  private async loop(initial: SagaInstance): Promise<RunEnd> {
    const { store, tracer } = this.options;
    const parent = parentContext(initial.traceContext);
    const startTime = Date.now();
    let saga = initial;
    let end: RunEnd = 'stopped';
    try {
      for (;;) {
        if (isTerminal(saga.status)) {
          end = 'terminal';
          break;
        }
        if (this.closing) {
          await store.release(saga, this.owner);
          end = 'stopped';
          break;
        }
        const waitMs = saga.nextAttemptAt.getTime() - Date.now();
        if (waitMs > 0) {
          await sleep(waitMs);
          continue;
        }
        const begun = await store.save(beginAttempt(saga, new Date()), this.owner);
        if (!begun) {
          end = 'lost';
          break;
        }
        const attempted = await this.attempt(begun, parent);
        if (!attempted) {
          end = 'lost';
          break;
        }
        saga = attempted.saga;
        if (attempted.parked) {
          end = 'parked';
          break;
        }
      }
    } catch (error) {
      this.options.log?.(`payments: saga ${saga.id} stopped: ${(error as Error).message}`);
      throw error;
    } finally {
      tracer
        .startSpan(
          'transfer.saga',
          {
            startTime,
            attributes: {
              [sagaAttributes.name]: saga.name,
              [sagaAttributes.id]: saga.id,
              // A runner that lost its claim no longer knows the status: it reports none.
              ...(end === 'lost' ? {} : { [sagaAttributes.status]: saga.status }),
              'payments.saga.run_end': end,
            },
          },
          parent,
        )
        .end();
    }
    return end;
  }

  /** One attempt of the current step: call, decide, persist (with its event), in one span. */
  private attempt(
    saga: SagaInstance,
    parent: Context,
  ): Promise<{ saga: SagaInstance; parked: boolean } | undefined> {
    const { tracer, store } = this.options;
    const step = saga.step;
    return withSpan(
      tracer,
      `transfer.${step}`,
      {
        [sagaAttributes.name]: saga.name,
        [sagaAttributes.id]: saga.id,
        [sagaAttributes.step]: step,
        [sagaAttributes.stepKind]: stepKind(step),
        'payments.saga.attempt': saga.steps[step]?.attempts ?? 1,
      },
      async (span) => {
        const result = await this.execute(saga);
        span.setAttribute('saga.step.outcome', result.outcome);
        if (result.kind !== 'done') {
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.reason });
        }
        const transition = advance(saga, result, new Date(), this.timings);
        const events = transition.emit
          ? [this.options.eventOf(transition.saga, transition.emit)]
          : [];
        const release = transition.park || isTerminal(transition.saga.status);
        const saved = await store.save(transition.saga, this.owner, { events, release });
        if (!saved) {
          span.addEvent('saga claim lost: another runner holds it');
          return undefined;
        }
        if (events.length > 0) this.options.onEvent?.();
        const line = sagaLogLine(saga, saved);
        if (line) emitLog(this.options.logger, line);
        return { saga: saved, parked: transition.park };
      },
      { parent },
    );
  }

  /** The step's call under its timeout; a timeout or an unexpected error is an unknown outcome. */
  private async execute(saga: SagaInstance): Promise<StepResult> {
    const timeoutMs = this.options.callTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StepResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'unknown', outcome: 'timeout', reason: 'step_timeout' }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([
        this.options.execute(saga).catch((error: unknown): StepResult => {
          this.options.log?.(
            `payments: saga ${saga.id} step ${saga.step} failed: ${(error as Error).message}`,
          );
          return { kind: 'unknown', outcome: 'error', reason: 'step_error' };
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function parentContext(carrier: Record<string, string>): Context {
  return traceContextPropagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
