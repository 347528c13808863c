import type { FastifyInstance } from 'fastify';
import {
  breakerAttributes,
  breakerEvents,
  breakerMetrics,
  cqrsAttributes,
  cqrsMetrics,
  faultEvents,
  resilienceAttributes,
  resilienceMetrics,
  sagaAttributes,
} from '../contracts/conventions';
import type { LogRecord } from '../contracts/logs';
import type { MetricPoint } from '../contracts/metrics';
import type { Span, SpanEvent } from '../contracts/traces';
import { TelemetryPipeline } from '../pipeline';
import { at, fixtureSpan } from '../processors/fixture-spans';
import { type ApiServerOptions, createApiServer } from './api-server';
import type { OptionalSources } from './query-source';

/**
 * A query API over a pipeline fed with a small banking fixture. Test code only.
 *
 * TRANSFER (trace T1), a saga that failed and was compensated:
 *   gateway   SERVER   POST /transfer        g1 [0 ─────────────────────────── 100]
 *     gateway   CLIENT   POST /pay             g2  [5 ─────────────────────── 95]
 *       payments  SERVER   POST /pay             p1  [10 ───────────────── 90]
 *         payments  reserve  (saga s1 action)      p2  [12─20]
 *         payments  debit    (saga s1 action) ERROR    p3 [22──40]
 *         payments  release  (saga s1 compensation)        p4 [42─50]  saga.status=compensated
 *         payments  CLIENT call partner-bank                   p5 [52───88]
 *                   events: breaker partner-bank closed->open @60, open->half_open @80
 * ACCOUNT (trace T2):
 *   accounts  SERVER   GET /accounts  a1 [300 ─ 310]  account.tier=gold
 * FAULTS (trace T3): control INTERNAL inject  c1 [0 ─ 400]
 *   events: fault.started f1 @1, fault.ended f1 @200, fault.started f2 @250
 * LOGS: payments INFO "reserving" (T1, p2) @12, payments ERROR "debit refused" (T1, p3) @30,
 *   accounts WARN "slow query" (T2, a1) @305, gateway INFO "started" (no trace) @0
 * METRICS (fixtureMetrics): accounts event store head 100 @500 and 140 @600; projection
 *   `balances` 100 @500 and 120 @600 (lag 20 events); payments breaker partner-bank calls
 *   8 success + 2 failure; payments retries towards partner-bank 3
 */
export const T1 = '0af7651916cd43dd8448eb211c80319c';
export const T2 = '1bf7651916cd43dd8448eb211c80319d';
export const T3 = '2cf7651916cd43dd8448eb211c80319e';

const saga = (step: string, kind: string, extra: Record<string, string> = {}) => ({
  [sagaAttributes.id]: 's1',
  [sagaAttributes.name]: 'transfer',
  [sagaAttributes.step]: step,
  [sagaAttributes.stepKind]: kind,
  ...extra,
});

export const breakerChange = (from: string, to: string, ms: number): SpanEvent => ({
  name: breakerEvents.stateChange,
  timeUnixMs: at(ms),
  attributes: {
    'circuit_breaker.name': 'partner-bank',
    'circuit_breaker.peer': 'partner-bank',
    'circuit_breaker.from': from,
    'circuit_breaker.to': to,
  },
});

const fault = (name: string, id: string, ms: number): SpanEvent => ({
  name,
  timeUnixMs: at(ms),
  attributes: { 'fault.id': id, 'fault.kind': 'latency', 'fault.target': 'payments' },
});

export function fixtureTraffic(): Span[] {
  const t1 = { traceId: T1 };
  return [
    fixtureSpan({
      ...t1,
      id: 'g1',
      service: 'gateway',
      kind: 'server',
      name: 'POST /transfer',
      start: 0,
      end: 100,
    }),
    fixtureSpan({
      ...t1,
      id: 'g2',
      parent: 'g1',
      service: 'gateway',
      kind: 'client',
      name: 'POST /pay',
      start: 5,
      end: 95,
    }),
    fixtureSpan({
      ...t1,
      id: 'p1',
      parent: 'g2',
      service: 'payments',
      kind: 'server',
      name: 'POST /pay',
      start: 10,
      end: 90,
    }),
    fixtureSpan({
      ...t1,
      id: 'p2',
      parent: 'p1',
      service: 'payments',
      name: 'reserve',
      start: 12,
      end: 20,
      attributes: saga('reserve', 'action'),
    }),
    fixtureSpan({
      ...t1,
      id: 'p3',
      parent: 'p1',
      service: 'payments',
      name: 'debit',
      start: 22,
      end: 40,
      status: 'error',
      attributes: saga('debit', 'action'),
    }),
    fixtureSpan({
      ...t1,
      id: 'p4',
      parent: 'p1',
      service: 'payments',
      name: 'release',
      start: 42,
      end: 50,
      attributes: saga('release', 'compensation', { [sagaAttributes.status]: 'compensated' }),
    }),
    fixtureSpan({
      ...t1,
      id: 'p5',
      parent: 'p1',
      service: 'payments',
      kind: 'client',
      name: 'call partner-bank',
      start: 52,
      end: 88,
      attributes: { 'peer.service': 'partner-bank' },
      events: [breakerChange('closed', 'open', 60), breakerChange('open', 'half_open', 80)],
    }),
    fixtureSpan({
      traceId: T2,
      id: 'a1',
      service: 'accounts',
      kind: 'server',
      name: 'GET /accounts',
      start: 300,
      end: 310,
      attributes: { 'account.tier': 'gold' },
    }),
    fixtureSpan({
      traceId: T3,
      id: 'c1',
      service: 'control',
      name: 'inject',
      start: 0,
      end: 400,
      events: [
        fault(faultEvents.started, 'f1', 1),
        fault(faultEvents.ended, 'f1', 200),
        fault(faultEvents.started, 'f2', 250),
      ],
    }),
  ];
}

function log(
  service: string,
  ms: number,
  severityNumber: number,
  body: string,
  traceId = '',
  spanId = '',
): LogRecord {
  const severityText = severityNumber >= 17 ? 'ERROR' : severityNumber >= 13 ? 'WARN' : 'INFO';
  return {
    service,
    timeUnixMs: at(ms),
    severityNumber,
    severityText,
    body,
    attributes: {},
    resourceAttributes: { 'service.name': service },
    traceId,
    spanId,
    eventName: '',
  };
}

export function fixtureLogs(): LogRecord[] {
  return [
    log('gateway', 0, 9, 'started'),
    log('payments', 12, 9, 'reserving', T1, 'p2'),
    log('payments', 30, 17, 'debit refused', T1, 'p3'),
    log('accounts', 305, 13, 'slow query', T2, 'a1'),
  ];
}

function point(
  service: string,
  name: string,
  ms: number,
  value: number,
  attributes: Record<string, string>,
  counter = false,
): MetricPoint {
  const base = {
    service,
    name,
    unit: '',
    attributes,
    resourceAttributes: { 'service.name': service },
    timeUnixMs: at(ms),
  };
  return counter
    ? {
        ...base,
        type: 'sum',
        startTimeUnixMs: at(0),
        value,
        temporality: 'cumulative',
        monotonic: true,
      }
    : { ...base, type: 'gauge', startTimeUnixMs: 0, value };
}

export function fixtureMetrics(): MetricPoint[] {
  const balances = { [cqrsAttributes.projection]: 'balances' };
  const calls = (outcome: string) => ({
    [breakerAttributes.name]: 'partner-bank',
    [breakerAttributes.outcome]: outcome,
  });
  return [
    point('accounts', cqrsMetrics.eventstorePosition, 500, 100, {}),
    point('accounts', cqrsMetrics.projectionPosition, 500, 100, balances),
    point('accounts', cqrsMetrics.eventstorePosition, 600, 140, {}),
    point('accounts', cqrsMetrics.projectionPosition, 600, 120, balances),
    point('payments', breakerMetrics.calls, 600, 8, calls('success'), true),
    point('payments', breakerMetrics.calls, 600, 2, calls('failure'), true),
    point(
      'payments',
      resilienceMetrics.retries,
      600,
      3,
      {
        [resilienceAttributes.target]: 'partner-bank',
      },
      true,
    ),
  ];
}

export interface TestApi {
  app: FastifyInstance;
  baseUrl: string;
  pipeline: TelemetryPipeline;
  clock: { now: number };
  get(path: string): Promise<Response>;
}

/**
 * Starts a query API on 127.0.0.1:0 over a pipeline that ingested `spans` and the fixture's
 * logs and metrics; close `app` after.
 */
export async function startTestApi(
  spans: Span[] = fixtureTraffic(),
  optional: OptionalSources & Pick<ApiServerOptions, 'redHistory'> = {},
): Promise<TestApi> {
  const clock = { now: at(1000) };
  const pipeline = new TelemetryPipeline({ maxSpans: 1000, clock: () => clock.now });
  pipeline.ingestSpans(spans);
  pipeline.ingestLogs(fixtureLogs());
  pipeline.ingestMetrics(fixtureMetrics());
  const app = createApiServer({ source: pipeline, streamIntervalMs: 50, ...optional });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl, pipeline, clock, get: (path) => fetch(`${baseUrl}${path}`) };
}
