import { Counter, Gauge, Registry } from 'prom-client';
import type { BreakerView } from '../contracts/breakers';
import type { FaultsSnapshot } from '../contracts/faults';
import type { GraphSnapshot } from '../contracts/graph';
import type { RedSnapshot } from '../contracts/red';
import type { IngestCounters } from '../pipeline';
import type { EdgeTotals } from '../processors/service-graph';
import type { SpanStoreStats } from '../store/span-store';
import type { QuerySource } from './query-source';

/**
 * The derived metrics in Prometheus text format (GET /metrics). One Registry per collectors
 * instance (never prom-client's global one); every metric reads the processors at scrape time
 * through collect(), from one reading of them per scrape. Latencies are in seconds, as
 * Prometheus names them; `quantile` labels carry p50/p95/p99 over the rolling window.
 */

interface ScrapeData {
  graph: GraphSnapshot;
  edgeTotals: EdgeTotals[];
  red: RedSnapshot;
  breakers: BreakerView[];
  faults: FaultsSnapshot;
  ingest: IngestCounters;
  store: SpanStoreStats;
  graphStats: ReturnType<QuerySource['graph']['stats']>;
}

const EDGE_LABELS = ['client', 'server', 'connection_type'] as const;
const QUANTILES = [
  ['0.5', 'p50'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
] as const;

type Labels = Record<string, string>;
type Sample = [Labels, number];

export interface MetricsExposition {
  readonly registry: Registry;
  /** Reads the processors once and renders every metric. */
  render(): Promise<{ contentType: string; text: string }>;
}

export function createMetricsExposition(source: QuerySource): MetricsExposition {
  const registry = new Registry();
  let current: ScrapeData | undefined;
  const data = (): ScrapeData => {
    if (current) return current;
    const nowMs = source.clock();
    return {
      graph: source.graph.snapshot(nowMs),
      edgeTotals: source.graph.totals(),
      red: source.red.snapshot(nowMs),
      breakers: source.breakers.list(),
      faults: source.faults.snapshot(),
      ingest: source.ingestCounters(),
      store: source.store.stats(),
      graphStats: source.graph.stats(),
    };
  };

  const counter = (
    name: string,
    help: string,
    labels: readonly string[],
    read: (d: ScrapeData) => Sample[],
  ) =>
    new Counter({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      collect() {
        this.reset();
        for (const [l, v] of read(data())) this.inc(l, v);
      },
    });
  const gauge = (
    name: string,
    help: string,
    labels: readonly string[],
    read: (d: ScrapeData) => Sample[],
  ) =>
    new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [registry],
      collect() {
        this.reset();
        for (const [l, v] of read(data())) this.set(l, v);
      },
    });

  const edgeLabels = (e: { source: string; target: string; connectionType: string }) => ({
    client: e.source,
    server: e.target,
    connection_type: e.connectionType,
  });

  counter(
    'patternscope_service_graph_request_total',
    'Requests on a service graph edge since start.',
    EDGE_LABELS,
    (d) => d.edgeTotals.map((e) => [edgeLabels(e), e.requests]),
  );
  counter(
    'patternscope_service_graph_request_failed_total',
    'Failed requests (either half had status ERROR) on a service graph edge since start.',
    EDGE_LABELS,
    (d) => d.edgeTotals.map((e) => [edgeLabels(e), e.errors]),
  );
  gauge(
    'patternscope_service_graph_request_rate',
    'Requests per second on an edge over the rolling window.',
    EDGE_LABELS,
    (d) => d.graph.edges.map((e) => [edgeLabels(e), e.requestRatePerSecond]),
  );
  gauge(
    'patternscope_service_graph_error_ratio',
    "Failed share of an edge's requests over the rolling window.",
    EDGE_LABELS,
    (d) => d.graph.edges.map((e) => [edgeLabels(e), e.errorRate]),
  );
  gauge(
    'patternscope_service_graph_latency_seconds',
    'Latency quantiles of an edge (server side) over the rolling window.',
    [...EDGE_LABELS, 'quantile'],
    (d) =>
      d.graph.edges.flatMap((e) =>
        QUANTILES.map(
          ([q, key]): Sample => [{ ...edgeLabels(e), quantile: q }, e.latencyMs[key] / 1000],
        ),
      ),
  );

  counter(
    'patternscope_red_requests_total',
    'Entry spans (SERVER, CONSUMER) of a service since start.',
    ['service'],
    (d) => d.red.services.map((s) => [{ service: s.service }, s.totalRequests]),
  );
  counter(
    'patternscope_red_errors_total',
    'Failed entry spans of a service since start.',
    ['service'],
    (d) => d.red.services.map((s) => [{ service: s.service }, s.totalErrors]),
  );
  gauge(
    'patternscope_red_request_rate',
    'Entry spans per second of a service over the rolling window.',
    ['service'],
    (d) => d.red.services.map((s) => [{ service: s.service }, s.requestRatePerSecond]),
  );
  gauge(
    'patternscope_red_error_ratio',
    "Failed share of a service's entry spans over the rolling window.",
    ['service'],
    (d) => d.red.services.map((s) => [{ service: s.service }, s.errorRate]),
  );
  gauge(
    'patternscope_red_latency_seconds',
    'Entry span duration quantiles of a service over the rolling window.',
    ['service', 'quantile'],
    (d) =>
      d.red.services.flatMap((s) =>
        QUANTILES.map(
          ([q, key]): Sample => [{ service: s.service, quantile: q }, s.latencyMs[key] / 1000],
        ),
      ),
  );

  gauge(
    'patternscope_circuit_breaker_state',
    'Circuit breaker state: 1 for the current state, 0 for the others.',
    ['service', 'name', 'peer', 'state'],
    (d) =>
      d.breakers.flatMap((b) =>
        (['closed', 'open', 'half_open'] as const).map(
          (state): Sample => [
            { service: b.service, name: b.name, peer: b.peer, state },
            b.state === state ? 1 : 0,
          ],
        ),
      ),
  );
  gauge('patternscope_faults_active', 'Faults active now.', [], (d) => [
    [{}, d.faults.active.length],
  ]);
  gauge(
    'patternscope_fault_active',
    'An active fault (always 1).',
    ['id', 'kind', 'target', 'service'],
    (d) =>
      d.faults.active.map((f) => [
        { id: f.id, kind: f.kind, target: f.target, service: f.service },
        1,
      ]),
  );

  const own = (name: string, help: string, read: (d: ScrapeData) => number, type = counter) =>
    type(`patternscope_collector_${name}`, help, [], (d) => [[{}, read(d)]]);
  own('spans_received_total', 'Valid spans received.', (d) => d.ingest.spansReceived);
  own(
    'spans_rejected_total',
    'Spans refused as invalid (OTLP partial success).',
    (d) => d.ingest.spansRejected,
  );
  own(
    'log_records_received_total',
    'Valid log records received.',
    (d) => d.ingest.logRecordsReceived,
  );
  own(
    'log_records_rejected_total',
    'Log records refused as invalid.',
    (d) => d.ingest.logRecordsRejected,
  );
  own(
    'metric_points_received_total',
    'Valid metric data points received.',
    (d) => d.ingest.metricPointsReceived,
  );
  own(
    'metric_points_rejected_total',
    'Metric data points refused as invalid.',
    (d) => d.ingest.metricPointsRejected,
  );
  own(
    'events_received_total',
    'Pattern events (span events, event logs) seen.',
    (d) => d.ingest.eventsReceived,
  );
  own('store_spans', 'Spans held in the span store.', (d) => d.store.spans, gauge);
  own('store_traces', 'Traces held in the span store.', (d) => d.store.traces, gauge);
  own(
    'store_evicted_spans_total',
    'Spans evicted to stay within the span limit.',
    (d) => d.store.evictedSpans,
  );
  own(
    'store_evicted_traces_total',
    'Traces evicted to stay within the span limit.',
    (d) => d.store.evictedTraces,
  );
  own(
    'graph_pending_halves',
    'Client/server span halves waiting for their partner.',
    (d) => d.graphStats.pending,
    gauge,
  );
  own(
    'graph_dropped_halves_total',
    'Halves dropped because the pending store was full.',
    (d) => d.graphStats.droppedPending,
  );

  // Scrapes run one after the other, so each reads the processors once, consistently.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    registry,
    render() {
      const run = queue.then(async () => {
        current = data();
        try {
          return { contentType: registry.contentType as string, text: await registry.metrics() };
        } finally {
          current = undefined;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
