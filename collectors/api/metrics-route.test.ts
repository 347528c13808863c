import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../contracts/routes';
import { createMetricsExposition } from './prometheus';
import { startTestApi, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

/** Prometheus text format 0.0.4: comments, or `name{labels} value`. */
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? -?[0-9.e+-]+|NaN|[+-]Inf$/;

describe('GET /metrics', () => {
  it('exposes the derived metrics and the ingest counters as Prometheus text', async () => {
    const response = await api.get(apiRoutes.metrics);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const lines = text.split('\n').filter((l) => l !== '');
    for (const line of lines) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(SAMPLE);
    }
    // every sample's metric has a TYPE line
    const typed = new Set(lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]));
    for (const line of lines.filter((l) => !l.startsWith('#'))) {
      expect(typed.has(line.split(/[{ ]/)[0]!)).toBe(true);
    }

    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE patternscope_service_graph_request_total counter',
        'patternscope_service_graph_request_total{client="gateway",server="payments",connection_type="http"} 1',
        'patternscope_service_graph_request_failed_total{client="gateway",server="payments",connection_type="http"} 0',
        // What the gateway waited: its CLIENT span g2 [5..95].
        'patternscope_service_graph_latency_seconds{client="gateway",server="payments",connection_type="http",quantile="0.99"} 0.09',
        'patternscope_red_requests_total{service="gateway"} 1',
        'patternscope_red_request_rate{service="accounts"} 1',
        '# TYPE patternscope_circuit_breaker_state gauge',
        'patternscope_circuit_breaker_state{service="payments",name="partner-bank",peer="partner-bank",state="half_open"} 1',
        'patternscope_circuit_breaker_state{service="payments",name="partner-bank",peer="partner-bank",state="open"} 0',
        'patternscope_faults_active 1',
        'patternscope_fault_active{id="f2",kind="latency",target="payments",service="control"} 1',
        'patternscope_collector_spans_received_total 9',
        'patternscope_collector_spans_rejected_total 0',
        'patternscope_collector_store_spans 9',
        'patternscope_collector_store_traces 3',
        'patternscope_collector_store_evicted_spans_total 0',
        'patternscope_collector_store_log_records 4',
        'patternscope_collector_store_metric_series 5',
        'patternscope_circuit_breaker_error_ratio{service="payments",name="partner-bank",peer="partner-bank"} 0.2',
        'patternscope_resilience_events_total{service="payments",target="partner-bank",kind="retry"} 3',
        '# TYPE patternscope_projection_lag_events gauge',
        'patternscope_projection_lag_events{service="accounts",projection="balances",store="accounts"} 20',
        'patternscope_projection_lag_seconds{service="accounts",projection="balances",store="accounts"} 0.0475',
        'patternscope_projection_throughput{service="accounts",projection="balances",store="accounts"} 200',
      ]),
    );
  });

  it('follows ingest: counters grow with the next batch', async () => {
    api.pipeline.ingestSpans([], 4);
    const text = await (await api.get(apiRoutes.metrics)).text();
    expect(text).toContain('\npatternscope_collector_spans_rejected_total 4\n');
  });

  it('keeps a registry per instance, so several collectors can run in one process', async () => {
    const first = createMetricsExposition(api.pipeline);
    const second = createMetricsExposition(api.pipeline);
    expect(first.registry).not.toBe(second.registry);
    expect((await second.render()).text).toContain('patternscope_faults_active 1');
  });
});
