import { describe, expect, it } from 'vitest';
import type { SagaInstance, SagaStep } from './saga-state';
import {
  advance,
  beginAttempt,
  DEFAULT_TIMINGS,
  type StepResult,
  type Transition,
  transferOutcomeOf,
} from './transfer-flow';
import { newTransferSaga } from './transfer-saga';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const done = (
  outcome = 'applied',
  data?: Extract<StepResult, { kind: 'done' }>['data'],
): StepResult => ({
  kind: 'done',
  outcome,
  ...(data ? { data } : {}),
});
const refused = (reason: string): StepResult => ({ kind: 'refused', outcome: 'rejected', reason });
const unknown = (reason = 'accounts_unavailable'): StepResult => ({
  kind: 'unknown',
  outcome: 'unknown',
  reason,
});

function saga(external: boolean): SagaInstance {
  return newTransferSaga(
    {
      id: 'trf_1',
      fromAccountId: 'acc_a',
      ...(external
        ? { toExternal: { iban: 'DE89370400440532013000', name: 'Ada' } }
        : { toAccountId: 'acc_b' }),
      amountCents: 500,
      status: 'pending',
      createdAt: T0.toISOString(),
    },
    {},
    DEFAULT_TIMINGS,
    T0,
  );
}

/** Runs the current step's attempt at `now` with `result`; returns the transition. */
function step(current: SagaInstance, result: StepResult, now = T0): Transition {
  return advance(beginAttempt(current, now), result, now);
}

/** Feeds results in order, one attempt each, and lists the steps visited. */
function drive(start: SagaInstance, results: StepResult[]) {
  let current = start;
  const visited: SagaStep[] = [];
  const emitted: string[] = [];
  for (const result of results) {
    visited.push(current.step);
    const t = step(current, result);
    if (t.emit) emitted.push(t.emit);
    current = t.saga;
  }
  return { saga: current, visited, emitted };
}

describe('transfer saga state machine', () => {
  it('completes an internal transfer: debit, check, credit, notify (completed event)', () => {
    const {
      saga: end,
      visited,
      emitted,
    } = drive(saga(false), [
      done('applied', { currency: 'EUR' }),
      done('passed'),
      done('applied'),
      done('appended'),
    ]);
    expect(visited).toEqual(['debit', 'check', 'credit', 'notify']);
    expect(end).toMatchObject({ status: 'completed', reason: null, compensations: [] });
    expect(end.data.currency).toBe('EUR');
    expect(emitted).toEqual(['transfer.completed']);
    expect(transferOutcomeOf(end)).toEqual({ status: 'completed' });
  });

  it('completes an external transfer through send_external', () => {
    const { saga: end, visited } = drive(saga(true), [
      done('applied', { currency: 'EUR' }),
      done('passed'),
      done('accepted', { partnerTransferId: 'ext_1' }),
      done('appended'),
    ]);
    expect(visited).toEqual(['debit', 'check', 'send_external', 'notify']);
    expect(end.status).toBe('completed');
    expect(end.data.partnerTransferId).toBe('ext_1');
  });

  it('ends compensated with nothing to undo when the debit is refused', () => {
    const t = step(saga(false), refused('insufficient_funds'));
    expect(t.saga).toMatchObject({ status: 'compensated', reason: 'insufficient_funds' });
    expect(t.emit).toBe('transfer.compensated');
    expect(transferOutcomeOf(t.saga)).toEqual({ status: 'rejected', reason: 'insufficient_funds' });
  });

  it('releases the funds when the check fails', () => {
    const {
      saga: end,
      visited,
      emitted,
    } = drive(saga(false), [
      done(),
      { kind: 'refused', outcome: 'refused', reason: 'daily_limit_exceeded' },
      done('applied'),
    ]);
    expect(visited).toEqual(['debit', 'check', 'release']);
    expect(end).toMatchObject({
      status: 'compensated',
      reason: 'daily_limit_exceeded',
      compensations: ['release'],
    });
    expect(emitted).toEqual(['transfer.compensated']);
  });

  it('releases the funds when partner-bank refuses the order', () => {
    const { saga: end, visited } = drive(saga(true), [
      done(),
      done('passed'),
      { kind: 'refused', outcome: 'refused', reason: 'invalid_iban' },
      done(),
    ]);
    expect(visited).toEqual(['debit', 'check', 'send_external', 'release']);
    expect(end).toMatchObject({ status: 'compensated', compensations: ['release'] });
    expect(transferOutcomeOf(end)).toEqual({ status: 'rejected', reason: 'invalid_iban' });
  });

  it('refunds the source when the internal credit is refused', () => {
    const { saga: end, visited } = drive(saga(false), [
      done(),
      done('passed'),
      refused('account_not_found'),
      done(),
    ]);
    expect(visited).toEqual(['debit', 'check', 'credit', 'refund']);
    expect(end).toMatchObject({ status: 'compensated', compensations: ['refund'] });
  });

  it('retries an unavailable partner (parked, same step) and reverses then releases past the deadline', () => {
    let current = drive(saga(true), [done(), done('passed')]).saga;
    const unavailable: StepResult = {
      kind: 'unknown',
      outcome: 'unavailable',
      reason: 'partner_bank_breaker_open',
    };
    const held = step(current, unavailable);
    expect(held.park).toBe(true);
    expect(held.saga).toMatchObject({ status: 'running', step: 'send_external' });
    expect(held.saga.nextAttemptAt.getTime()).toBe(T0.getTime() + DEFAULT_TIMINGS.holdBaseMs);
    expect(transferOutcomeOf(held.saga)).toEqual({
      status: 'held',
      reason: 'partner_bank_breaker_open',
    });
    current = held.saga;
    const deadline = current.stepDeadline?.getTime() ?? 0;
    const late = step(current, unavailable, new Date(deadline));
    expect(late.saga).toMatchObject({ status: 'compensating', step: 'reverse' });
    const reversed = step(late.saga, done('reversed'));
    expect(reversed.saga).toMatchObject({ step: 'release', compensations: ['reverse'] });
    const released = step(reversed.saga, done());
    expect(released.saga).toMatchObject({
      status: 'compensated',
      compensations: ['reverse', 'release'],
      reason: 'partner_bank_breaker_open',
    });
  });

  it('never waits past a step deadline between retries', () => {
    const current = drive(saga(true), [done(), done('passed')]).saga;
    const deadline = current.stepDeadline?.getTime() ?? 0;
    const nearEnd = new Date(deadline - 10);
    const t = step(current, { kind: 'unknown', outcome: 'unavailable', reason: 'x' }, nearEnd);
    expect(t.saga.nextAttemptAt.getTime()).toBe(deadline);
  });

  it('retries an unknown debit in-process, then releases it past the deadline', () => {
    const first = step(saga(false), unknown());
    expect(first.park).toBe(false);
    expect(first.saga).toMatchObject({ status: 'running', step: 'debit' });
    expect(first.saga.nextAttemptAt).toEqual(at(DEFAULT_TIMINGS.retryBaseMs));
    const late = step(first.saga, unknown(), at(DEFAULT_TIMINGS.deadlinesMs.debit));
    expect(late.saga).toMatchObject({ status: 'compensating', step: 'release' });
    // The release found the debit never applied: nothing moved, nothing listed.
    const end = step(late.saga, { kind: 'done', outcome: 'nothing_to_release', moved: false });
    expect(end.saga).toMatchObject({ status: 'compensated', compensations: [] });
  });

  it('keeps retrying an unknown internal credit past its deadline (never a blind refund)', () => {
    const current = drive(saga(false), [done(), done('passed')]).saga;
    const late = step(current, unknown(), at(DEFAULT_TIMINGS.deadlinesMs.credit + 1));
    expect(late.saga).toMatchObject({ status: 'running', step: 'credit' });
    expect(late.park).toBe(true);
  });

  it('fails when a compensation is refused or stays unknown past its deadline', () => {
    const compensating = drive(saga(false), [done(), refused('suspected_fraud')]).saga;
    expect(compensating.step).toBe('release');
    expect(step(compensating, refused('account_not_found')).saga).toMatchObject({
      status: 'failed',
      reason: 'compensation_failed',
    });
    const retried = step(compensating, unknown());
    expect(retried.saga).toMatchObject({ status: 'compensating', step: 'release' });
    const late = step(retried.saga, unknown(), at(DEFAULT_TIMINGS.deadlinesMs.release + 1));
    expect(late.saga).toMatchObject({ status: 'failed', reason: 'compensation_timeout' });
    expect(late.emit).toBeUndefined();
  });

  it('counts attempts per step', () => {
    let current = saga(false);
    for (let i = 0; i < 3; i++) current = step(current, unknown()).saga;
    expect(current.steps.debit?.attempts).toBe(3);
    expect(current.steps.debit?.outcome).toBe('unknown');
  });
});
