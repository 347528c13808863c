import type { TelemetryEvent } from './contracts/events';
import type { LogRecord } from './contracts/logs';
import type { MetricPoint } from './contracts/metrics';
import type { Span } from './contracts/traces';
import { BreakerMetrics, type BreakerMetricsOptions } from './processors/breaker-metrics';
import { BreakerTracker, type BreakerTrackerOptions } from './processors/breakers';
import { CqrsTracker, type CqrsTrackerOptions } from './processors/cqrs';
import { FaultTracker, type FaultTrackerOptions } from './processors/faults';
import { RedMetrics, type RedMetricsOptions } from './processors/red-metrics';
import { SagaTracker, type SagaTrackerOptions } from './processors/sagas';
import { ServiceDirectory } from './processors/service-directory';
import { ServiceGraph, type ServiceGraphOptions } from './processors/service-graph';
import { extractTelemetryEvents, logRecordToTelemetryEvent } from './processors/telemetry-events';
import { TraceIndex } from './processors/trace-index';
import { DEFAULT_MAX_LOGS, LogStore } from './store/log-store';
import { MetricStore, type MetricStoreOptions } from './store/metric-store';
import { SpanCompactor } from './store/span-compactor';
import { SpanStore } from './store/span-store';

/**
 * The one place decoded telemetry enters the collectors' derived state. Spans go to the span
 * store (and its trace index), the service graph, RED metrics and saga tracker; their span
 * events, and log records that name an event, become TelemetryEvents for the breaker, fault
 * and CQRS trackers. Log records go to the log store; metric points to the metric store, the
 * CQRS tracker (positions) and, through BreakerMetrics, the breaker tracker (calls, state) and
 * the resilience counters. Every processor sees the same clock reading per batch. The query API
 * and the Prometheus exposition read the processors through this object's read-only fields.
 */

export interface PipelineOptions {
  /** Spans kept in the store; the oldest traces are evicted beyond it. */
  maxSpans: number;
  graph?: Omit<ServiceGraphOptions, 'clock'>;
  red?: RedMetricsOptions;
  sagas?: SagaTrackerOptions;
  breakers?: BreakerTrackerOptions;
  faults?: FaultTrackerOptions;
  cqrs?: CqrsTrackerOptions;
  breakerMetrics?: BreakerMetricsOptions;
  /** Log records kept (the oldest evicted first). */
  maxLogs?: number;
  metrics?: Partial<MetricStoreOptions>;
  maxServices?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  /**
   * Where raw logs and metric points go besides the processors (the log and metric stores,
   * a forwarder). Called with every accepted batch.
   */
  sinks?: {
    logs?: (records: readonly LogRecord[]) => void;
    metrics?: (points: readonly MetricPoint[]) => void;
  };
}

/** The collectors' own ingest counters since start (Prometheus `patternscope_collector_*`). */
export interface IngestCounters {
  spansReceived: number;
  spansRejected: number;
  logRecordsReceived: number;
  logRecordsRejected: number;
  metricPointsReceived: number;
  metricPointsRejected: number;
  /** TelemetryEvents (span events and event logs) seen, and those a tracker applied. */
  eventsReceived: number;
  eventsApplied: number;
}

export class TelemetryPipeline {
  readonly clock: () => number;
  readonly store: SpanStore;
  readonly traces: TraceIndex;
  readonly graph: ServiceGraph;
  readonly red: RedMetrics;
  readonly sagas: SagaTracker;
  readonly breakers: BreakerTracker;
  readonly faults: FaultTracker;
  readonly cqrs: CqrsTracker;
  readonly breakerMetrics: BreakerMetrics;
  readonly logs: LogStore;
  readonly metrics: MetricStore;
  readonly services: ServiceDirectory;
  private readonly sinks: NonNullable<PipelineOptions['sinks']>;
  /** Shares repeated strings of retained spans (bounded). */
  private readonly compactor = new SpanCompactor();
  private readonly counters: IngestCounters = {
    spansReceived: 0,
    spansRejected: 0,
    logRecordsReceived: 0,
    logRecordsRejected: 0,
    metricPointsReceived: 0,
    metricPointsRejected: 0,
    eventsReceived: 0,
    eventsApplied: 0,
  };

  constructor(options: PipelineOptions) {
    this.clock = options.clock ?? Date.now;
    this.store = new SpanStore(options.maxSpans, {
      onEvictTrace: (traceId) => this.traces.remove(traceId),
    });
    this.traces = new TraceIndex((traceId) => this.store.getSpans(traceId));
    this.graph = new ServiceGraph({ ...options.graph, clock: this.clock });
    this.red = new RedMetrics(options.red);
    this.sagas = new SagaTracker(options.sagas);
    this.breakers = new BreakerTracker(options.breakers);
    this.faults = new FaultTracker(options.faults);
    this.cqrs = new CqrsTracker(options.cqrs);
    this.breakerMetrics = new BreakerMetrics(options.breakerMetrics);
    this.logs = new LogStore(options.maxLogs ?? DEFAULT_MAX_LOGS);
    this.metrics = new MetricStore(options.metrics);
    this.services = new ServiceDirectory(options.maxServices);
    this.sinks = options.sinks ?? {};
  }

  /**
   * The valid spans of one OTLP request; `rejected` counts the spans the decoder refused. The
   * pipeline takes the spans over: it compacts them in place (values unchanged) and keeps them.
   */
  ingestSpans(spans: readonly Span[], rejected = 0): void {
    const nowMs = this.clock();
    this.counters.spansReceived += spans.length;
    this.counters.spansRejected += rejected;
    for (const span of spans) {
      this.compactor.compact(span);
      // Index first: the store may evict this very trace to make room, and then tells the index.
      this.traces.add(span);
      this.store.addOne(span);
    }
    this.noteServices(spans, nowMs, true);
    this.graph.consume(spans);
    this.red.recordAll(spans, nowMs);
    this.sagas.recordAll(spans, nowMs);
    this.ingestEvents(extractTelemetryEvents(spans));
  }

  /** Pattern events from any carrier; returns how many a tracker applied. */
  ingestEvents(events: Iterable<TelemetryEvent>): number {
    let applied = 0;
    for (const event of events) {
      this.counters.eventsReceived++;
      // Each event is for one tracker at most; each checks the name first.
      if (
        this.breakers.recordEvent(event) ||
        this.faults.recordEvent(event) ||
        this.cqrs.recordEvent(event)
      ) {
        applied++;
      }
    }
    this.counters.eventsApplied += applied;
    return applied;
  }

  /** The valid log records of one OTLP request; those naming an event feed the trackers. */
  ingestLogs(records: readonly LogRecord[], rejected = 0): number {
    this.counters.logRecordsReceived += records.length;
    this.counters.logRecordsRejected += rejected;
    this.noteServices(records, this.clock(), false);
    this.logs.add(records);
    this.sinks.logs?.(records);
    const events: TelemetryEvent[] = [];
    for (const record of records) {
      const event = logRecordToTelemetryEvent(record);
      if (event) events.push(event);
    }
    return this.ingestEvents(events);
  }

  /** The valid data points of one OTLP request: stored, and read by the CQRS and breaker views. */
  ingestMetrics(points: readonly MetricPoint[], rejected = 0): void {
    this.counters.metricPointsReceived += points.length;
    this.counters.metricPointsRejected += rejected;
    this.noteServices(points, this.clock(), false);
    this.metrics.add(points);
    this.cqrs.recordPoints(points);
    for (const update of this.breakerMetrics.record(points)) this.breakers.recordCounters(update);
    this.sinks.metrics?.(points);
  }

  /** Periodic work that must happen even while nobody reads: unmatched graph halves expire. */
  tick(): void {
    this.graph.expire(this.clock());
  }

  ingestCounters(): IngestCounters {
    return { ...this.counters };
  }

  private noteServices(items: readonly { service: string }[], nowMs: number, spans: boolean) {
    let current = '';
    let count = 0;
    // Batches come grouped by resource: count runs of one service instead of every item.
    for (const item of items) {
      if (item.service !== current) {
        if (count > 0) this.services.seen(current, nowMs, spans ? count : 0);
        current = item.service;
        count = 0;
      }
      count++;
    }
    if (count > 0) this.services.seen(current, nowMs, spans ? count : 0);
  }
}
