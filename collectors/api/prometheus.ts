import { Counter, Gauge, Registry } from 'prom-client';
import type { BreakerView, ResilienceCounters } from '../contracts/breakers';
import type { ConsumerLagSnapshot } from '../contracts/consumer-lag';
import type { CqrsSnapshot } from '../contracts/cqrs';
import type { FaultsSnapshot } from '../contracts/faults';
import type { GraphSnapshot } from '../contracts/graph';
import type { RedSnapshot } from '../contracts/red';
import type { OtlpForwarderStats } from '../forward/otlp-forwarder';
import type { IngestCounters } from '../pipeline';
import type { EdgeTotals } from '../processors/service-graph';
import type { LogStoreStats } from '../store/log-store';
import type { MetricStoreStats } from '../store/metric-store';
import type { SpanStoreStats } from '../store/span-store';
import { registerPatternMetrics } from './prometheus-patterns';
import type { OptionalSources, QuerySource } from './query-source';

/**
 * The derived metrics in Prometheus text format (GET /metrics). One Registry per collectors
 * instance (never prom-client's global one); every metric reads the processors at scrape time
 * through collect(), from one reading of them per scrape. Latencies are in seconds, as
 * Prometheus names them; `quantile` labels carry p50/p95/p99 over the rolling window.
 */

export interface ScrapeData {
  graph: GraphSnapshot;
  edgeTotals: EdgeTotals[];
  red: RedSnapshot;
  breakers: BreakerView[];
  resilience: ResilienceCounters[];
  faults: FaultsSnapshot;
  cqrs: CqrsSnapshot;
  /** null outside Kafka mode. */
  consumerLag: ConsumerLagSnapshot | null;
  ingest: IngestCounters;
  store: SpanStoreStats;
  logStore: LogStoreStats;
  metricStore: MetricStoreStats;
  graphStats: ReturnType<QuerySource['graph']['stats']>;
  /** null when forwarding is off. */
  forwarder: OtlpForwarderStats | null;
}

const EDGE_LABELS = ['client', 'server', 'connection_type'] as const;
const QUANTILES = [
  ['0.5', 'p50'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
] as const;

type Labels = Record<string, string>;
export type Sample = [Labels, number];

/** Declares a metric read from the scrape data at every scrape. */
export type Define = (
  name: string,
  help: string,
  labels: readonly string[],
  read: (d: ScrapeData) => Sample[],
) => unknown;

export interface MetricsExposition {
  readonly registry: Registry;
  /** Reads the processors once and renders every metric. */
  render(): Promise<{ contentType: string; text: string }>;
}

export function createMetricsExposition(
  source: QuerySource,
  optional: OptionalSources = {},
): MetricsExposition {
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
      resilience: source.breakerMetrics.resilience(),
      faults: source.faults.snapshot(),
      cqrs: source.cqrs.snapshot(),
      consumerLag: optional.consumerLag?.snapshot() ?? null,
      ingest: source.ingestCounters(),
      store: source.store.stats(),
      logStore: source.logs.stats(),
      metricStore: source.metrics.stats(),
      graphStats: source.graph.stats(),
      forwarder: optional.forwarder?.stats() ?? null,
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

  registerPatternMetrics({ counter, gauge });

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
  own('store_log_records', 'Log records held.', (d) => d.logStore.records, gauge);
  own('store_metric_series', 'Metric series held.', (d) => d.metricStore.series, gauge);
  own('store_metric_points', 'Metric points held.', (d) => d.metricStore.points, gauge);
  const forwarded = (key: 'forwarded' | 'dropped' | 'failed' | 'retries') => (d: ScrapeData) =>
    d.forwarder ? [[{ outcome: key }, d.forwarder[key]] as Sample] : [];
  counter(
    'patternscope_collector_forward_requests_total',
    'OTLP requests forwarded (outcome forwarded), dropped from the full queue, refused for good by the downstream (failed), and attempts retried.',
    ['outcome'],
    (d) => (['forwarded', 'dropped', 'failed', 'retries'] as const).flatMap((k) => forwarded(k)(d)),
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
