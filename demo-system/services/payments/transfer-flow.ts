import type {
  ActionStep,
  CompensationStep,
  SagaInstance,
  SagaName,
  SagaStep,
  StepRecord,
  TransferSagaData,
} from './saga-state';
import { backoffMs, type TransferOutcome } from './transfer';

/**
 * The transfer saga's state machine, pure: given the saga as persisted and the result of its
 * current step, the saga to persist next. The runner (saga-runner.ts) executes steps and
 * persists what this returns.
 *
 * - a step that is `done` moves on (the next action, the next compensation, or the end);
 * - a step that is `refused` (a definite no) starts the compensations that undo what was done:
 *   release after a refused check or order, refund after a refused internal credit;
 * - a step whose outcome is `unknown` is retried with the same idempotency key until its
 *   deadline. Never compensated blindly: past the deadline an unknown debit or check is
 *   released (the release first resolves the debit by re-sending it), an unknown order is
 *   reversed at partner-bank and then released, and an unknown internal credit keeps being
 *   retried (only going forward is safe: a refund could create money).
 */
export type StepResult =
  | { kind: 'done'; outcome: string; data?: Partial<TransferSagaData>; moved?: boolean }
  | { kind: 'refused'; outcome: string; reason: string }
  | { kind: 'unknown'; outcome: string; reason: string };

export interface SagaTimings {
  /** How long each step may take to reach a known outcome, from its first attempt. */
  deadlinesMs: Record<SagaStep, number>;
  /** Retries the runner waits for in-process (accounts, the check): doubling from base. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Retries the runner parks the saga for (partner-bank unavailable, a late credit). */
  holdBaseMs: number;
  holdMaxMs: number;
}

export const DEFAULT_TIMINGS: SagaTimings = {
  deadlinesMs: {
    debit: 8_000,
    check: 5_000,
    send_external: 120_000,
    credit: 8_000,
    notify: 10_000,
    release: 3_600_000,
    refund: 3_600_000,
    reverse: 3_600_000,
  },
  retryBaseMs: 100,
  retryMaxMs: 1_000,
  holdBaseMs: 1_000,
  holdMaxMs: 30_000,
};

export interface Transition {
  saga: SagaInstance;
  /** Release the claim and leave the next attempt to the sweeper (a long wait). */
  park: boolean;
  /** The outcome event to append in the same transaction. */
  emit?: 'transfer.completed' | 'transfer.compensated';
}

const FORWARD: Record<SagaName, readonly ActionStep[]> = {
  transfer: ['debit', 'check', 'credit', 'notify'],
  external_transfer: ['debit', 'check', 'send_external', 'notify'],
};

export function firstStep(): ActionStep {
  return 'debit';
}

/** The saga after one more attempt of its current step begins. */
export function beginAttempt(saga: SagaInstance, now: Date): SagaInstance {
  const record = saga.steps[saga.step] ?? { attempts: 0 };
  return withStep(saga, saga.step, {
    ...record,
    attempts: record.attempts + 1,
    startedAt: record.startedAt ?? now.toISOString(),
  });
}

export function advance(
  saga: SagaInstance,
  result: StepResult,
  now: Date,
  timings: SagaTimings = DEFAULT_TIMINGS,
): Transition {
  const step = saga.step;
  const record: StepRecord = {
    attempts: saga.steps[step]?.attempts ?? 1,
    ...(saga.steps[step]?.startedAt ? { startedAt: saga.steps[step]?.startedAt } : {}),
    outcome: result.outcome,
    ...(result.kind === 'done' ? {} : { detail: result.reason }),
    finishedAt: now.toISOString(),
  };
  let next = withStep(saga, step, record);
  if (result.kind === 'done' && result.data)
    next = { ...next, data: { ...next.data, ...result.data } };
  return saga.status === 'compensating'
    ? compensationResult(next, step as CompensationStep, result, now, timings)
    : actionResult(next, step as ActionStep, result, now, timings);
}

function actionResult(
  saga: SagaInstance,
  step: ActionStep,
  result: StepResult,
  now: Date,
  timings: SagaTimings,
): Transition {
  if (result.kind === 'done') {
    if (step === 'notify') return end(saga, 'completed', null, 'transfer.completed');
    const order = FORWARD[saga.name];
    const following = order[order.indexOf(step) + 1] ?? 'notify';
    return { saga: enter({ ...saga, reason: null }, following, now, timings), park: false };
  }
  if (result.kind === 'refused') {
    switch (step) {
      case 'debit':
        // Nothing moved: the saga ends without anything to undo.
        return end(saga, 'compensated', result.reason, 'transfer.compensated');
      case 'credit':
        return compensate(saga, 'refund', result.reason, now, timings);
      default:
        return compensate(saga, 'release', result.reason, now, timings);
    }
  }
  const pastDeadline = saga.stepDeadline !== null && now >= saga.stepDeadline;
  if (!pastDeadline) {
    const parked = step === 'send_external';
    return retry(saga, result.reason, now, timings, parked);
  }
  switch (step) {
    case 'debit':
    case 'check':
      return compensate(saga, 'release', result.reason, now, timings);
    case 'send_external':
      return compensate(saga, 'reverse', result.reason, now, timings);
    default:
      // credit, notify: forward recovery; the saga stays running, parked between attempts.
      return retry(saga, result.reason, now, timings, true);
  }
}

function compensationResult(
  saga: SagaInstance,
  step: CompensationStep,
  result: StepResult,
  now: Date,
  timings: SagaTimings,
): Transition {
  if (result.kind === 'done') {
    const ran =
      result.moved === false ? saga : { ...saga, compensations: [...saga.compensations, step] };
    if (step === 'reverse') {
      return { saga: enter(ran, 'release', now, timings), park: false };
    }
    return end(ran, 'compensated', saga.reason, 'transfer.compensated');
  }
  if (result.kind === 'refused') {
    return end({ ...saga, reason: 'compensation_failed' }, 'failed', 'compensation_failed');
  }
  if (saga.stepDeadline !== null && now >= saga.stepDeadline) {
    return end(saga, 'failed', 'compensation_timeout');
  }
  const held = retry(saga, saga.reason ?? result.reason, now, timings, step === 'reverse');
  return held;
}

function compensate(
  saga: SagaInstance,
  step: CompensationStep,
  reason: string,
  now: Date,
  timings: SagaTimings,
): Transition {
  return {
    saga: enter({ ...saga, status: 'compensating', reason }, step, now, timings),
    park: false,
  };
}

function retry(
  saga: SagaInstance,
  reason: string,
  now: Date,
  timings: SagaTimings,
  parked: boolean,
): Transition {
  const attempts = saga.steps[saga.step]?.attempts ?? 1;
  const delay = parked
    ? backoffMs(attempts - 1, timings.holdBaseMs, timings.holdMaxMs)
    : backoffMs(attempts - 1, timings.retryBaseMs, timings.retryMaxMs);
  let at = now.getTime() + delay;
  // The attempt at the deadline decides what follows; a retry never waits past it.
  const deadline = saga.stepDeadline?.getTime();
  if (deadline !== undefined && deadline > now.getTime()) at = Math.min(at, deadline);
  return { saga: { ...saga, reason, nextAttemptAt: new Date(at) }, park: parked };
}

function enter(saga: SagaInstance, step: SagaStep, now: Date, timings: SagaTimings): SagaInstance {
  const entered = { ...saga, step, nextAttemptAt: now };
  return {
    ...withStep(entered, step, saga.steps[step] ?? { attempts: 0 }),
    stepDeadline: new Date(now.getTime() + timings.deadlinesMs[step]),
  };
}

function end(
  saga: SagaInstance,
  status: 'completed' | 'compensated' | 'failed',
  reason: string | null,
  emit?: Transition['emit'],
): Transition {
  return {
    saga: { ...saga, status, reason, stepDeadline: null },
    park: false,
    ...(emit ? { emit } : {}),
  };
}

function withStep(saga: SagaInstance, step: SagaStep, record: StepRecord): SagaInstance {
  return { ...saga, steps: { ...saga.steps, [step]: record } };
}

/** What a saga means for its transfer (the `transfers` row and the HTTP answer). */
export function transferOutcomeOf(saga: SagaInstance): TransferOutcome | { status: 'pending' } {
  switch (saga.status) {
    case 'completed':
      return { status: 'completed' };
    case 'compensated':
      return { status: 'rejected', reason: saga.reason ?? 'rejected' };
    case 'failed':
      return { status: 'failed', reason: saga.reason ?? 'failed' };
    case 'running': {
      const last = saga.steps[saga.step];
      const waiting = last?.finishedAt !== undefined && saga.reason !== null;
      return waiting ? { status: 'held', reason: saga.reason ?? '' } : { status: 'pending' };
    }
    case 'compensating':
      return { status: 'pending' };
  }
}
