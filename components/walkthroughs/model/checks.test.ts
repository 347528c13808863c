import { describe, expect, it } from 'vitest';
import { checkSource, evaluateCheck, SINCE_SLACK_MS } from './checks';

const since = 1_000_000;
const ctx = { since };

const graph = {
  generatedAtUnixMs: since,
  windowSeconds: 60,
  nodes: [
    { id: 'payments', label: 'payments', kind: 'service', requestRatePerSecond: 1, errorRate: 0 },
    { id: 'accounts', label: 'accounts', kind: 'service', requestRatePerSecond: 1, errorRate: 0 },
    {
      id: 'topic:payments.events',
      label: 'payments.events',
      kind: 'topic',
      requestRatePerSecond: 0,
      errorRate: 0,
    },
  ],
  edges: [
    {
      id: 'payments->accounts',
      source: 'payments',
      target: 'accounts',
      connectionType: 'http',
      requestCount: 40,
      errorCount: 4,
      requestRatePerSecond: 1,
      errorRate: 0.1,
      latencyMs: { p50: 100, p95: 420, p99: 500 },
      totalRequests: 400,
    },
  ],
};

const breaker = (transitions: { to: string; timeUnixMs: number }[], state = 'closed') => ({
  breakers: [
    {
      key: 'payments/partner-bank',
      service: 'payments',
      name: 'partner-bank',
      peer: 'partner-bank',
      state,
      lastChangeUnixMs: null,
      transitions: transitions.map((t) => ({ from: null, traceId: 't', spanId: 's', ...t })),
      counters: null,
    },
  ],
});

describe('checkSource', () => {
  it('reads traces after the step began (with slack), with the filters', () => {
    const url = checkSource(
      { type: 'traces', service: 'gateway', attributes: ['http.response.status_code=401'], min: 1 },
      ctx,
    );
    const params = new URL(url ?? '', 'http://x').searchParams;
    expect(params.get('startUnixMs')).toBe(String(since - SINCE_SLACK_MS));
    expect(params.get('service')).toBe('gateway');
    expect(params.getAll('attribute')).toEqual(['http.response.status_code=401']);
  });

  it('cannot read a trace check before a request gave a trace id', () => {
    expect(checkSource({ type: 'trace-services', services: ['gateway'] }, ctx)).toBeNull();
    expect(
      checkSource({ type: 'trace-services', services: ['gateway'] }, { since, traceId: 'ab' }),
    ).toMatch(/^\/api\/v1\/traces\?/);
  });

  it('reads the invariant from the control plane', () => {
    expect(checkSource({ type: 'invariant' }, ctx)).toBe('/api/control/invariant');
  });
});

describe('evaluateCheck', () => {
  it('judges edges by traffic, errors, health and latency', () => {
    expect(
      evaluateCheck(
        { type: 'edge-traffic', edge: 'payments->accounts', minRequests: 41 },
        graph,
        ctx,
      ).passed,
    ).toBe(false);
    expect(
      evaluateCheck(
        { type: 'edge-traffic', edge: 'payments->accounts', minRequests: 40 },
        graph,
        ctx,
      ).passed,
    ).toBe(true);
    expect(
      evaluateCheck({ type: 'edge-errors', edge: 'payments->accounts', minErrors: 4 }, graph, ctx)
        .passed,
    ).toBe(true);
    expect(
      evaluateCheck(
        { type: 'edge-healthy', edge: 'payments->accounts', minRequests: 1, maxErrorRate: 0.05 },
        graph,
        ctx,
      ),
    ).toEqual({ passed: false, observed: '40 requests, 10 % errors' });
    expect(
      evaluateCheck({ type: 'edge-latency', edge: 'payments->accounts', minP95Ms: 400 }, graph, ctx)
        .passed,
    ).toBe(true);
    expect(
      evaluateCheck({ type: 'edge-latency', edge: 'payments->accounts', minP95Ms: 421 }, graph, ctx)
        .passed,
    ).toBe(false);
    expect(
      evaluateCheck({ type: 'edge-traffic', edge: 'gateway->kyc', minRequests: 1 }, graph, ctx),
    ).toEqual({
      passed: false,
      observed: 'no edge gateway->kyc in the last 60 s',
    });
  });

  it('counts nodes of a kind', () => {
    expect(evaluateCheck({ type: 'node-count', kind: 'service', min: 2 }, graph, ctx).passed).toBe(
      true,
    );
    expect(evaluateCheck({ type: 'node-count', kind: 'service', min: 3 }, graph, ctx).passed).toBe(
      false,
    );
  });

  it('fails on an answer that breaks its contract', () => {
    expect(
      evaluateCheck({ type: 'node-count', kind: 'service', min: 0 }, { nodes: 'x' }, ctx),
    ).toEqual({
      passed: false,
      observed: 'the answer does not match its contract',
    });
  });

  it('sees a breaker open only when it opened after the step began', () => {
    const expect_ = { type: 'breaker-opened', key: 'payments/partner-bank' } as const;
    const before = breaker([{ to: 'open', timeUnixMs: since - SINCE_SLACK_MS - 1 }]);
    const after = breaker([{ to: 'open', timeUnixMs: since + 5 }], 'half_open');
    expect(evaluateCheck(expect_, before, ctx).passed).toBe(false);
    expect(evaluateCheck(expect_, after, ctx)).toEqual({
      passed: true,
      observed: 'opened (now half_open)',
    });
    expect(
      evaluateCheck(
        { type: 'breaker-state', key: 'payments/partner-bank', states: ['closed'] },
        before,
        ctx,
      ).passed,
    ).toBe(true);
    expect(
      evaluateCheck(
        { type: 'breaker-state', key: 'wealth/partner-bank', states: ['closed'] },
        before,
        ctx,
      ).passed,
    ).toBe(false);
  });

  it('counts sagas updated since the step began with the wanted name and status', () => {
    const saga = (
      name: string,
      status: string,
      lastUpdateUnixMs: number,
      coordination = 'orchestrated',
    ) => ({
      id: `${name}-${lastUpdateUnixMs}`,
      name,
      status,
      statusSource: 'reported',
      startUnixMs: lastUpdateUnixMs - 10,
      durationMs: 10,
      coordination,
      services: ['payments'],
      steps: [],
      droppedSteps: 0,
      lastUpdateUnixMs,
    });
    const body = {
      sagas: [
        saga('transfer', 'completed', since - 60_000),
        saga('transfer', 'compensated', since + 10),
        saga('loan_disbursement', 'completed', since + 20, 'choreographed'),
      ],
    };
    expect(
      evaluateCheck({ type: 'saga', name: 'transfer', statuses: ['completed'], min: 1 }, body, ctx)
        .passed,
    ).toBe(false);
    expect(
      evaluateCheck(
        { type: 'saga', name: 'transfer', statuses: ['compensated'], min: 1 },
        body,
        ctx,
      ).passed,
    ).toBe(true);
    expect(
      evaluateCheck(
        { type: 'saga', coordination: 'choreographed', statuses: ['completed'], min: 1 },
        body,
        ctx,
      ).passed,
    ).toBe(true);
    expect(
      evaluateCheck(
        { type: 'saga', coordination: 'orchestrated', statuses: ['completed'], min: 1 },
        body,
        ctx,
      ).passed,
    ).toBe(false);
  });

  it('judges a projection by state, lag bounds and a state change since the step', () => {
    const cqrs = (state: string, lagEvents: number | null, stateSinceUnixMs: number | null) => ({
      updatedAtUnixMs: since,
      windowSeconds: 60,
      stores: [],
      projections: [
        {
          key: 'accounts/balances',
          service: 'accounts',
          name: 'balances',
          store: 'accounts',
          state,
          stateSinceUnixMs,
          position: 10,
          headPosition: 10 + (lagEvents ?? 0),
          lagEvents,
          lagMs: 0,
          lagMsSource: null,
          throughputPerSecond: null,
          lastUpdateUnixMs: since,
          history: [],
        },
      ],
    });
    const paused = {
      type: 'projection',
      key: 'accounts/balances',
      states: ['paused'],
      minLagEvents: 1,
    } as const;
    expect(evaluateCheck(paused, cqrs('paused', 0, since), ctx).passed).toBe(false);
    expect(evaluateCheck(paused, cqrs('paused', 3, since), ctx)).toEqual({
      passed: true,
      observed: 'paused, lag 3 events',
    });
    expect(evaluateCheck(paused, cqrs('running', 3, since), ctx).passed).toBe(false);
    const caughtUp = {
      type: 'projection',
      key: 'accounts/balances',
      states: ['running'],
      maxLagEvents: 5,
      changedSinceStep: true,
    } as const;
    expect(evaluateCheck(caughtUp, cqrs('running', 2, since + 1), ctx).passed).toBe(true);
    expect(evaluateCheck(caughtUp, cqrs('running', 2, null), ctx).passed).toBe(false);
    // A change just before the step (the previous step's resume) does not count.
    expect(evaluateCheck(caughtUp, cqrs('running', 2, since - 500), ctx).passed).toBe(false);
    expect(evaluateCheck(caughtUp, cqrs('running', 9, since + 1), ctx).passed).toBe(false);
    expect(evaluateCheck(caughtUp, cqrs('running', null, since + 1), ctx).passed).toBe(false);
  });

  it('tells an active fault from an ended one', () => {
    const window = (endedAtUnixMs: number | null) => ({
      id: 'f1',
      kind: 'crash',
      target: 'kyc',
      service: 'control-plane',
      startedAtUnixMs: since - 10_000,
      endedAtUnixMs,
    });
    const active = { active: [window(null)], history: [] };
    const ended = { active: [], history: [window(since + 100)] };
    const endedLongAgo = { active: [], history: [window(since - 60_000)] };
    const never = { active: [], history: [] };
    const activeCheck = { type: 'fault', kind: 'crash', target: 'kyc', state: 'active' } as const;
    const endedCheck = { ...activeCheck, state: 'ended' } as const;
    expect(evaluateCheck(activeCheck, active, ctx).passed).toBe(true);
    expect(evaluateCheck(activeCheck, ended, ctx).passed).toBe(false);
    expect(evaluateCheck(endedCheck, ended, ctx).passed).toBe(true);
    expect(evaluateCheck(endedCheck, active, ctx)).toEqual({
      passed: false,
      observed: 'still active',
    });
    expect(evaluateCheck(endedCheck, endedLongAgo, ctx).passed).toBe(true);
    expect(evaluateCheck(endedCheck, never, ctx)).toEqual({ passed: false, observed: 'not seen' });
  });

  it('counts traces started after the step and finds the request’s own trace', () => {
    const summary = (traceId: string, startUnixMs: number, services: string[]) => ({
      traceId,
      rootService: 'gateway',
      rootOperation: 'POST /v1/transfers',
      startUnixMs,
      durationMs: 5,
      spanCount: 9,
      errorCount: 0,
      status: 'unset',
      services,
      operations: [],
    });
    const body = {
      traces: [
        summary('a'.repeat(32), since + 1, ['gateway', 'payments']),
        summary('b'.repeat(32), since - 9_000, ['gateway']),
      ],
    };
    expect(evaluateCheck({ type: 'traces', min: 1 }, body, ctx).passed).toBe(true);
    expect(evaluateCheck({ type: 'traces', min: 2 }, body, ctx).passed).toBe(false);
    const services = { type: 'trace-services', services: ['gateway', 'payments'] } as const;
    expect(evaluateCheck(services, body, { since, traceId: 'a'.repeat(32) }).passed).toBe(true);
    expect(evaluateCheck(services, body, { since, traceId: 'b'.repeat(32) })).toEqual({
      passed: false,
      observed: 'missing payments',
    });
    expect(evaluateCheck(services, body, { since, traceId: 'c'.repeat(32) }).passed).toBe(false);
  });

  it('reads resilience counters of the recent window', () => {
    const counts = (retries: number) => ({
      retries,
      timeouts: 0,
      bulkheadRejections: 0,
      rateLimitRejections: 0,
    });
    const body = {
      counters: [
        {
          key: 'payments/accounts',
          service: 'payments',
          target: 'accounts',
          total: counts(50),
          recent: counts(0),
          windowSeconds: 60,
          updatedAtUnixMs: since,
        },
      ],
    };
    const check = {
      type: 'resilience',
      key: 'payments/accounts',
      counter: 'retries',
      min: 1,
    } as const;
    expect(evaluateCheck(check, body, ctx).passed).toBe(false);
    body.counters[0]!.recent = counts(3);
    expect(evaluateCheck(check, body, ctx).passed).toBe(true);
  });

  it('counts log records by event name after the step', () => {
    const record = (eventName: string, timeUnixMs: number) => ({
      service: 'control-plane',
      timeUnixMs,
      severityNumber: 9,
      severityText: 'INFO',
      body: '',
      attributes: {},
      resourceAttributes: {},
      traceId: '',
      spanId: '',
      eventName,
    });
    const check = {
      type: 'logs',
      service: 'control-plane',
      eventName: 'fault.started',
      min: 1,
    } as const;
    expect(evaluateCheck(check, { logs: [record('fault.ended', since + 1)] }, ctx).passed).toBe(
      false,
    );
    expect(
      evaluateCheck(check, { logs: [record('fault.started', since - 60_000)] }, ctx).passed,
    ).toBe(false);
    expect(evaluateCheck(check, { logs: [record('fault.started', since + 1)] }, ctx).passed).toBe(
      true,
    );
  });

  it('passes the invariant only when it holds', () => {
    expect(evaluateCheck({ type: 'invariant' }, { ok: true, violations: [] }, ctx).passed).toBe(
      true,
    );
    expect(
      evaluateCheck(
        { type: 'invariant' },
        { ok: false, violations: [{ rule: 'balances_add_up' }] },
        ctx,
      ),
    ).toEqual({ passed: false, observed: 'violated: balances_add_up' });
  });
});
