import { z } from 'zod';
import {
  apiRoutes,
  BreakersResponse,
  CqrsSnapshot,
  FaultsSnapshot,
  GraphSnapshot,
  LogsResponse,
  RedSnapshot,
  ResilienceResponse,
  SagaListResponse,
  TraceSearchResponse,
} from '../../../collectors/contracts';
import type { Expectation } from './types';

/**
 * Check evaluation, pure: `checkSource` names the URL a check reads (through the dashboard's
 * proxies), `evaluateCheck` decides from that answer. The runner polls both until the check
 * passes or its timeout ends.
 */

export interface CheckContext {
  /** Unix ms when the step was entered; "after the step began" means at or after this. */
  since: number;
  /** Trace id of the step's last bank request, when there was one. */
  traceId?: string;
}

export interface CheckOutcome {
  passed: boolean;
  /** What was observed, in words (shown beside the check). */
  observed: string;
}

/** Slack for clocks and export delays: records up to this much before the step count. */
export const SINCE_SLACK_MS = 2_000;

/** The control plane's invariant answer, as far as a check needs it. */
export const InvariantAnswer = z.object({
  ok: z.boolean(),
  violations: z.array(z.object({ rule: z.string(), detail: z.unknown().optional() })).default([]),
});

/** The URL to read for a check, or null when it cannot be read yet (no trace id). */
export function checkSource(expect: Expectation, context: CheckContext): string | null {
  const since = Math.max(0, Math.floor(context.since - SINCE_SLACK_MS));
  switch (expect.type) {
    case 'edge-traffic':
    case 'edge-errors':
    case 'edge-healthy':
    case 'edge-latency':
    case 'node-count':
      return apiRoutes.graph;
    case 'breaker-state':
    case 'breaker-opened':
      return apiRoutes.breakers;
    case 'resilience':
      return apiRoutes.resilience;
    case 'saga':
      return `${apiRoutes.sagas}?limit=200`;
    case 'projection':
      return apiRoutes.cqrs;
    case 'fault':
      return apiRoutes.faults;
    case 'traces': {
      const params = new URLSearchParams({ startUnixMs: String(since), limit: '200' });
      if (expect.service) params.set('service', expect.service);
      if (expect.status) params.set('status', expect.status);
      if (expect.minDurationMs !== undefined)
        params.set('minDurationMs', String(expect.minDurationMs));
      for (const attribute of expect.attributes ?? []) params.append('attribute', attribute);
      return `${apiRoutes.traces}?${params}`;
    }
    case 'trace-services': {
      if (!context.traceId) return null;
      // A search, not GET /traces/:id: a trace not yet exported is an empty list, not a 404.
      return `${apiRoutes.traces}?${new URLSearchParams({ startUnixMs: String(since), limit: '1000' })}`;
    }
    case 'logs': {
      const params = new URLSearchParams({ fromUnixMs: String(since), limit: '500' });
      if (expect.service) params.set('service', expect.service);
      return `${apiRoutes.logs}?${params}`;
    }
    case 'red':
      return `${apiRoutes.red}?${new URLSearchParams({ service: expect.service })}`;
    case 'invariant':
      return '/api/control/invariant';
  }
}

const fail = (observed: string): CheckOutcome => ({ passed: false, observed });
const pass = (observed: string): CheckOutcome => ({ passed: true, observed });
const verdict = (passed: boolean, observed: string): CheckOutcome => ({ passed, observed });

function parse<T>(schema: z.ZodType<T>, body: unknown): T | string {
  const result = schema.safeParse(body);
  return result.success ? result.data : 'the answer does not match its contract';
}

/** Decides a check from the answer of its source. */
export function evaluateCheck(
  expect: Expectation,
  body: unknown,
  context: CheckContext,
): CheckOutcome {
  const since = context.since - SINCE_SLACK_MS;
  switch (expect.type) {
    case 'edge-traffic':
    case 'edge-errors':
    case 'edge-healthy':
    case 'edge-latency': {
      const graph = parse(GraphSnapshot, body);
      if (typeof graph === 'string') return fail(graph);
      const edge = graph.edges.find((e) => e.id === expect.edge);
      if (!edge) return fail(`no edge ${expect.edge} in the last ${graph.windowSeconds} s`);
      if (expect.type === 'edge-traffic')
        return verdict(edge.requestCount >= expect.minRequests, `${edge.requestCount} requests`);
      if (expect.type === 'edge-errors')
        return verdict(edge.errorCount >= expect.minErrors, `${edge.errorCount} failed requests`);
      if (expect.type === 'edge-latency')
        return verdict(
          edge.latencyMs.p95 >= expect.minP95Ms,
          `p95 ${Math.round(edge.latencyMs.p95)} ms`,
        );
      const percent = Math.round(edge.errorRate * 1000) / 10;
      return verdict(
        edge.requestCount >= expect.minRequests && edge.errorRate <= expect.maxErrorRate,
        `${edge.requestCount} requests, ${percent} % errors`,
      );
    }
    case 'node-count': {
      const graph = parse(GraphSnapshot, body);
      if (typeof graph === 'string') return fail(graph);
      const count = graph.nodes.filter((n) => n.kind === expect.kind).length;
      return verdict(count >= expect.min, `${count} ${expect.kind} nodes`);
    }
    case 'breaker-state':
    case 'breaker-opened': {
      const breakers = parse(BreakersResponse, body);
      if (typeof breakers === 'string') return fail(breakers);
      const breaker = breakers.breakers.find((b) => b.key === expect.key);
      if (!breaker) return fail(`no breaker ${expect.key} reported yet`);
      if (expect.type === 'breaker-state')
        return verdict(expect.states.includes(breaker.state), `${breaker.state}`);
      const opened = breaker.transitions.some((t) => t.to === 'open' && t.timeUnixMs >= since);
      return verdict(opened, opened ? `opened (now ${breaker.state})` : `${breaker.state}`);
    }
    case 'resilience': {
      const response = parse(ResilienceResponse, body);
      if (typeof response === 'string') return fail(response);
      const counters = response.counters.find((c) => c.key === expect.key);
      if (!counters) return fail(`no counters for ${expect.key} yet`);
      const value = counters.recent[expect.counter];
      return verdict(value >= expect.min, `${value} ${expect.counter} in the window`);
    }
    case 'saga': {
      const list = parse(SagaListResponse, body);
      if (typeof list === 'string') return fail(list);
      const matching = list.sagas.filter(
        (saga) =>
          saga.lastUpdateUnixMs >= since &&
          (expect.name === undefined || saga.name === expect.name) &&
          (expect.coordination === undefined || saga.coordination === expect.coordination) &&
          expect.statuses.includes(saga.status),
      );
      return verdict(
        matching.length >= expect.min,
        `${matching.length} matching saga${matching.length === 1 ? '' : 's'} since the step began`,
      );
    }
    case 'projection': {
      const cqrs = parse(CqrsSnapshot, body);
      if (typeof cqrs === 'string') return fail(cqrs);
      const projection = cqrs.projections.find((p) => p.key === expect.key);
      if (!projection) return fail(`no projection ${expect.key} reported yet`);
      const lag = projection.lagEvents;
      const observed = `${projection.state}, lag ${lag ?? '?'} events`;
      if (!expect.states.includes(projection.state)) return fail(observed);
      if (expect.minLagEvents !== undefined && (lag === null || lag < expect.minLagEvents))
        return fail(observed);
      if (expect.maxLagEvents !== undefined && (lag === null || lag > expect.maxLagEvents))
        return fail(observed);
      if (
        expect.changedSinceStep &&
        // No slack here: the change must come from this step's own action, not the last one.
        (projection.stateSinceUnixMs === null || projection.stateSinceUnixMs < context.since)
      )
        return fail(`${observed}; no state change since the step began`);
      return pass(observed);
    }
    case 'fault': {
      const faults = parse(FaultsSnapshot, body);
      if (typeof faults === 'string') return fail(faults);
      const same = (f: { kind: string; target: string }) =>
        f.kind === expect.kind && f.target === expect.target;
      if (expect.state === 'active') {
        const active = faults.active.some(same);
        return verdict(active, active ? 'active' : 'not active');
      }
      // Ended at any time: a fault whose TTL ran out before the user got here counts too.
      const ended = faults.history.some((f) => same(f) && f.endedAtUnixMs !== null);
      const active = faults.active.some(same);
      return verdict(ended && !active, active ? 'still active' : ended ? 'ended' : 'not seen');
    }
    case 'traces': {
      const search = parse(TraceSearchResponse, body);
      if (typeof search === 'string') return fail(search);
      const count = search.traces.filter(
        (t) => t.startUnixMs >= since && t.durationMs >= (expect.minDurationMs ?? 0),
      ).length;
      return verdict(count >= expect.min, `${count} matching trace${count === 1 ? '' : 's'}`);
    }
    case 'trace-services': {
      const search = parse(TraceSearchResponse, body);
      if (typeof search === 'string') return fail(search);
      const trace = search.traces.find((t) => t.traceId === context.traceId);
      if (!trace) return fail('the trace has not reached the collectors yet');
      const missing = expect.services.filter((s) => !trace.services.includes(s));
      return verdict(
        missing.length === 0,
        missing.length === 0
          ? `${trace.spanCount} spans across ${trace.services.join(', ')}`
          : `missing ${missing.join(', ')}`,
      );
    }
    case 'logs': {
      const logs = parse(LogsResponse, body);
      if (typeof logs === 'string') return fail(logs);
      const count = logs.logs.filter(
        (record) =>
          record.timeUnixMs >= since &&
          (expect.eventName === undefined || record.eventName === expect.eventName),
      ).length;
      return verdict(count >= expect.min, `${count} log record${count === 1 ? '' : 's'}`);
    }
    case 'red': {
      const red = parse(RedSnapshot, body);
      if (typeof red === 'string') return fail(red);
      const series = red.services.find((s) => s.service === expect.service);
      if (!series) return fail(`no RED series for ${expect.service}`);
      return verdict(
        series.requestCount >= expect.minRequests,
        `${series.requestCount} requests, ${Math.round(series.latencyMs.p95)} ms p95`,
      );
    }
    case 'invariant': {
      const invariant = parse(InvariantAnswer, body);
      if (typeof invariant === 'string') return fail(invariant);
      return verdict(
        invariant.ok,
        invariant.ok
          ? 'the money adds up'
          : `violated: ${invariant.violations.map((v) => v.rule).join(', ')}`,
      );
    }
  }
}
