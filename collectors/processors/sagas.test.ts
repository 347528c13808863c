import { describe, expect, it } from 'vitest';
import { sagaAttributes as A } from '../contracts/conventions';
import { SagaTimeline } from '../contracts/sagas';
import type { StatusCode } from '../contracts/traces';
import { at, fixtureSpan } from './fixture-spans';
import { SagaTracker } from './sagas';

const NOW = at(10_000);

function step(
  id: string,
  sagaId: string,
  service: string,
  start: number,
  end: number,
  extra: { kind?: string; status?: StatusCode; sagaStatus?: string; name?: string } = {},
) {
  return fixtureSpan({
    id,
    service,
    name: `span ${id}`,
    start,
    end,
    status: extra.status ?? 'ok',
    attributes: {
      [A.id]: sagaId,
      [A.name]: extra.name ?? 'transfer',
      [A.step]: id,
      ...(extra.kind ? { [A.stepKind]: extra.kind } : {}),
      ...(extra.sagaStatus ? { [A.status]: extra.sagaStatus } : {}),
    },
  });
}

describe('SagaTracker', () => {
  it('builds an orchestrated saga whose status the latest step reports', () => {
    /*
     * payments (orchestrator) saga s1
     *   reserve  [0 ── 10]                        saga.status=running
     *   debit          [12 ── 30]
     *   credit               [32 ──── 50]         saga.status=completed   (arrives first)
     */
    const sagas = new SagaTracker();
    sagas.record(step('credit', 's1', 'payments', 32, 50, { sagaStatus: 'completed' }), NOW);
    sagas.record(step('reserve', 's1', 'payments', 0, 10, { sagaStatus: 'running' }), NOW);
    sagas.record(step('debit', 's1', 'payments', 12, 30), NOW);
    const saga = sagas.get('s1', NOW)!;
    expect(SagaTimeline.parse(saga)).toEqual(saga);
    expect(saga).toMatchObject({
      id: 's1',
      name: 'transfer',
      status: 'completed',
      statusSource: 'reported',
      startUnixMs: at(0),
      durationMs: 50,
      coordination: 'orchestrated',
      services: ['payments'],
      droppedSteps: 0,
    });
    expect(saga.steps.map((s) => [s.name, s.kind, s.spanId])).toEqual([
      ['reserve', 'action', 'reserve'],
      ['debit', 'action', 'debit'],
      ['credit', 'action', 'credit'],
    ]);
  });

  it('infers compensating, then compensated, for a choreographed saga without status', () => {
    /*
     * saga s2 across services
     *   payments  debit        [0 ── 10]
     *   accounts  credit            [15 ── 20] ERROR
     *   payments  refund                   [25 ── 40]  kind=compensation
     */
    const sagas = new SagaTracker({ settleMs: 5_000 });
    sagas.recordAll(
      [
        step('debit', 's2', 'payments', 0, 10),
        step('credit', 's2', 'accounts', 15, 20, { status: 'error' }),
        step('refund', 's2', 'payments', 25, 40, { kind: 'compensation' }),
        fixtureSpan({ id: 'unrelated', start: 0, end: 1 }),
      ],
      NOW,
    );
    expect(sagas.size).toBe(1);
    const early = sagas.get('s2', NOW + 1_000)!;
    expect(early).toMatchObject({
      status: 'compensating',
      statusSource: 'inferred',
      coordination: 'choreographed',
      services: ['accounts', 'payments'],
    });
    expect(early.steps.map((s) => `${s.service}:${s.kind}:${s.status}`)).toEqual([
      'payments:action:ok',
      'accounts:action:error',
      'payments:compensation:ok',
    ]);
    expect(sagas.get('s2', NOW + 5_000)!.status).toBe('compensated');
  });

  it('infers failed for a failed compensation, and for a failure nothing compensated', () => {
    const sagas = new SagaTracker({ settleMs: 5_000 });
    sagas.record(
      step('undo', 's3', 'payments', 0, 5, { kind: 'compensation', status: 'error' }),
      NOW,
    );
    sagas.record(step('first', 's4', 'payments', 0, 5, { status: 'error' }), NOW);
    sagas.record(step('ok', 's5', 'payments', 0, 5), NOW);
    expect(sagas.get('s3', NOW)!.status).toBe('failed');
    expect(sagas.get('s4', NOW)!.status).toBe('running');
    expect(sagas.get('s4', NOW + 5_000)!.status).toBe('failed');
    expect(sagas.get('s5', NOW)!.status).toBe('running');
    expect(sagas.get('s5', NOW + 5_000)!.status).toBe('completed');
  });

  it("takes the saga's own span (no saga.step) for its status and name, not as a step", () => {
    /*
     * payments  POST /transfers  [0 ─────────── 50]   saga.id=s9 saga.status=completed
     *             debit  [5 ── 20]
     *             credit        [25 ── 45]
     */
    const tracker = new SagaTracker();
    const own = fixtureSpan({
      id: 'root',
      service: 'payments',
      name: 'POST /transfers',
      start: 0,
      end: 50,
      attributes: { [A.id]: 's9', [A.name]: 'transfer', [A.status]: 'completed' },
    });
    tracker.recordAll(
      [own, step('d', 's9', 'payments', 5, 20), step('c', 's9', 'payments', 25, 45)],
      NOW,
    );
    const saga = tracker.get('s9', NOW)!;
    expect(saga.steps.map((s) => s.name)).toEqual(['d', 'c']);
    expect(saga).toMatchObject({ name: 'transfer', status: 'completed', statusSource: 'reported' });
  });

  it('ignores unknown reported statuses and duplicate spans', () => {
    const sagas = new SagaTracker();
    const span = step('a', 's6', 'payments', 0, 5, { sagaStatus: 'bogus' });
    sagas.record(span, NOW);
    sagas.record(span, NOW);
    const saga = sagas.get('s6', NOW)!;
    expect(saga.statusSource).toBe('inferred');
    expect(saga.steps).toHaveLength(1);
  });

  it('keeps at most maxSagas (least recently updated evicted) and caps steps', () => {
    const sagas = new SagaTracker({ maxSagas: 2, maxStepsPerSaga: 2 });
    sagas.record(step('a1', 'a', 'x', 0, 1), NOW);
    sagas.record(step('b1', 'b', 'x', 10, 11), NOW);
    sagas.record(step('a2', 'a', 'y', 2, 3), NOW); // a becomes the most recent
    sagas.record(step('c1', 'c', 'x', 20, 21), NOW); // evicts b
    expect(sagas.list(NOW).map((s) => s.id)).toEqual(['c', 'a']);
    sagas.record(step('a0', 'a', 'x', -5, -4), NOW); // third step: the earliest is dropped
    const a = sagas.get('a', NOW)!;
    expect(a.steps.map((s) => s.spanId)).toEqual(['a1', 'a2']);
    expect(a).toMatchObject({
      droppedSteps: 1,
      startUnixMs: at(-5),
      coordination: 'choreographed',
    });
    expect(sagas.list(NOW, 1).map((s) => s.id)).toEqual(['c']);
  });
  it('lists by status (inferred ones as of now) and counts sagas per status', () => {
    const sagas = new SagaTracker({ settleMs: 1000 });
    sagas.record(step('a1', 'done', 'payments', 0, 10, { sagaStatus: 'completed' }), NOW);
    sagas.record(step('b1', 'undone', 'payments', 20, 30), NOW);
    sagas.record(step('b2', 'undone', 'payments', 40, 50, { kind: 'compensation' }), NOW);
    sagas.record(step('c1', 'busy', 'accounts', 60, 70), NOW + 900);
    expect(sagas.list(NOW + 900, 10, 'compensating').map((s) => s.id)).toEqual(['undone']);
    expect(sagas.countByStatus(NOW + 900)).toEqual({
      running: 1,
      compensating: 1,
      completed: 1,
      compensated: 0,
      failed: 0,
    });
    // once settled, the compensating saga is compensated and the busy one completed
    expect(sagas.list(NOW + 5000, 10, 'compensated').map((s) => s.id)).toEqual(['undone']);
    expect(sagas.list(NOW + 5000, 1, 'completed').map((s) => s.id)).toEqual(['busy']);
  });
});
