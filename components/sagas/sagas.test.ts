import { describe, expect, it } from 'vitest';
import type { SagaStep, SagaTimeline, Trace } from '../../collectors/contracts';
import { ganttEvents, ganttModel, MIN_BAR_PCT, niceStep, sagaTraceIds } from './gantt';
import {
  parseStatusFilter,
  sagaListUrl,
  stepStatus,
  stepTraceHref,
  summarize,
} from './saga-status';

const step = (
  name: string,
  start: number,
  duration: number,
  extra: Partial<SagaStep> = {},
): SagaStep => ({
  name,
  kind: 'action',
  service: 'payments',
  traceId: 't1',
  spanId: `s-${name}`,
  startUnixMs: start,
  durationMs: duration,
  status: 'unset',
  ...extra,
});

// A transfer whose partner credit fails and is compensated; the request span encloses all:
//
//   POST /transfers  [0 ──────────────────────── 200]
//   reserve          [0 ── 40]
//   debit                       [60 ── 100]
//   credit                           [100 ─ 150] error
//   refund (comp.)                                [170 ── 200]
const steps = [
  step('debit', 1_060, 40),
  step('POST /transfers', 1_000, 200),
  step('reserve', 1_000, 40),
  step('credit', 1_100, 50, { status: 'error' }),
  step('refund', 1_170, 30, { kind: 'compensation', traceId: 't2' }),
];

describe('ganttModel', () => {
  const model = ganttModel(steps, 4);

  it('orders bars by start, the enclosing step first, on a scale of the whole saga', () => {
    expect(model.bars.map((b) => b.step.name)).toEqual([
      'POST /transfers',
      'reserve',
      'debit',
      'credit',
      'refund',
    ]);
    expect(model.spanMs).toBe(200);
    const debit = model.bars[2];
    expect(debit?.leftPct).toBe(30);
    expect(debit?.widthPct).toBe(20);
  });

  it('finds the waits between steps even inside an enclosing step', () => {
    expect(model.gaps.map((g) => [g.fromUnixMs, g.toUnixMs])).toEqual([
      [1_040, 1_060],
      [1_150, 1_170],
    ]);
    expect(model.gaps[0]?.leftPct).toBe(20);
    expect(model.gaps[0]?.widthPct).toBe(10);
  });

  it('keeps instant steps visible and puts ticks on round numbers', () => {
    const instant = ganttModel([step('a', 0, 1_000), step('b', 1_000, 0)]);
    expect(instant.bars[1]?.widthPct).toBe(MIN_BAR_PCT);
    expect(instant.bars[1]?.leftPct).toBe(100 - MIN_BAR_PCT);
    expect(model.ticks.map((t) => t.offsetMs)).toEqual([0, 50, 100, 150, 200]);
    expect(niceStep(37)).toBe(50);
    expect(niceStep(0.3)).toBe(0.5);
  });

  it('collects span events and messages inside the saga, in time order', () => {
    const trace: Trace = {
      traceId: 't1',
      spans: [
        {
          traceId: 't1',
          spanId: 's-credit',
          parentSpanId: '',
          name: 'credit',
          kind: 'internal',
          service: 'payments',
          startTimeUnixMs: 1_100,
          durationMs: 50,
          statusCode: 'error',
          statusMessage: '',
          attributes: {},
          resourceAttributes: {},
          events: [
            {
              name: 'resilience.retry',
              timeUnixMs: 1_120,
              attributes: { 'resilience.attempt': 2 },
            },
            { name: 'too late', timeUnixMs: 5_000, attributes: {} },
          ],
          links: [],
        },
        {
          traceId: 't1',
          spanId: 'p1',
          parentSpanId: '',
          name: 'publish',
          kind: 'producer',
          service: 'payments',
          startTimeUnixMs: 1_045,
          durationMs: 1,
          statusCode: 'unset',
          statusMessage: '',
          attributes: { 'messaging.destination.name': 'transfers' },
          resourceAttributes: {},
          events: [],
          links: [],
        },
      ],
    };
    const events = ganttEvents([trace], model);
    expect(events.map((e) => [e.name, e.pct, e.detail])).toEqual([
      ['message published', 22.5, 'messaging.destination.name=transfers'],
      ['resilience.retry', 60, 'resilience.attempt=2'],
    ]);
  });

  it('lists the traces with the most steps first', () => {
    expect(sagaTraceIds(steps, 5)).toEqual(['t1', 't2']);
    expect(sagaTraceIds(steps, 1)).toEqual(['t1']);
  });
});

describe('saga status helpers', () => {
  it('reads the status filter from the URL, ignoring unknown values', () => {
    expect(parseStatusFilter('compensated')).toBe('compensated');
    expect(parseStatusFilter('bogus')).toBeNull();
    expect(sagaListUrl('/api/v1/sagas', 'failed', 100)).toBe(
      '/api/v1/sagas?limit=100&status=failed',
    );
    expect(sagaListUrl('/api/v1/sagas', null, 10)).toBe('/api/v1/sagas?limit=10');
  });

  it('names step outcomes and links each step to its span', () => {
    expect(stepStatus({ status: 'error', kind: 'action' })).toEqual({
      label: 'failed',
      tone: 'critical',
    });
    expect(stepStatus({ status: 'unset', kind: 'compensation' }).label).toBe('done');
    expect(stepTraceHref({ traceId: 'abc', spanId: 'def' })).toBe('/traces/abc?span=def');
  });

  it('summarizes a timeline with step and compensation counts', () => {
    const saga: SagaTimeline = {
      id: 'x',
      name: 'transfer',
      status: 'compensated',
      statusSource: 'reported',
      startUnixMs: 1_000,
      durationMs: 200,
      coordination: 'orchestrated',
      services: ['payments'],
      steps,
      droppedSteps: 2,
      lastUpdateUnixMs: 1_200,
    };
    const summary = summarize(saga);
    expect(summary.stepCount).toBe(7);
    expect(summary.compensationCount).toBe(1);
    expect('steps' in summary).toBe(false);
  });
});
