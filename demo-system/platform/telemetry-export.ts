import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Delegates to the OTLP exporter and reports delivery failures once per outage (and once
 * when delivery works again), so a missing collector never floods the log or stops a service.
 * Spans that cannot be delivered are dropped by the batch processor.
 */
export class QuietExporter implements SpanExporter {
  private readonly outage: OutageNotes;

  constructor(
    private readonly inner: SpanExporter,
    label: string,
    warn: (line: string) => void,
  ) {
    this.outage = new OutageNotes(label, 'spans', warn);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    quietly(this.outage, (done) => this.inner.export(spans, done), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.().catch(() => undefined) ?? Promise.resolve();
  }
}

/** The same for metrics: one line per outage; a failed collection is simply dropped. */
export class QuietMetricExporter implements PushMetricExporter {
  private readonly outage: OutageNotes;

  constructor(
    private readonly inner: PushMetricExporter,
    label: string,
    warn: (line: string) => void,
  ) {
    this.outage = new OutageNotes(label, 'metrics', warn);
    // Keep the OTLP exporter's temporality (cumulative) and aggregation choices, except for
    // gauges: OTLP gauges carry no temporality, and under a cumulative reader the SDK keeps
    // re-exporting every attribute set a gauge ever reported, so a state held in an attribute
    // (projection.state) would be reported as paused and running at once after a resume.
    const innerTemporality = inner.selectAggregationTemporality?.bind(inner);
    this.selectAggregationTemporality = (type) =>
      type === InstrumentType.GAUGE || type === InstrumentType.OBSERVABLE_GAUGE
        ? AggregationTemporality.DELTA
        : (innerTemporality?.(type) ?? AggregationTemporality.CUMULATIVE);
    if (inner.selectAggregation) this.selectAggregation = inner.selectAggregation.bind(inner);
  }

  selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  selectAggregation?: PushMetricExporter['selectAggregation'];

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    quietly(this.outage, (done) => this.inner.export(metrics, done), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush().catch(() => undefined);
  }
}

/** The same for log records: one line per outage; records that cannot be delivered are dropped. */
export class QuietLogExporter implements LogRecordExporter {
  private readonly outage: OutageNotes;

  constructor(
    private readonly inner: LogRecordExporter,
    label: string,
    warn: (line: string) => void,
  ) {
    this.outage = new OutageNotes(label, 'logs', warn);
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    quietly(this.outage, (done) => this.inner.export(logs, done), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.().catch(() => undefined) ?? Promise.resolve();
  }
}

class OutageNotes {
  private failing = false;

  constructor(
    private readonly label: string,
    private readonly what: string,
    private readonly warn: (line: string) => void,
  ) {}

  note(result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failing) this.warn(`telemetry: ${this.label}: delivering ${this.what} again`);
      this.failing = false;
      return;
    }
    if (this.failing) return;
    this.failing = true;
    const reason = result.error?.message ?? 'unknown error';
    this.warn(
      `telemetry: ${this.label}: cannot deliver ${this.what} (${reason}); dropping them quietly`,
    );
  }
}

function quietly(
  outage: OutageNotes,
  run: (done: (result: ExportResult) => void) => void,
  resultCallback: (result: ExportResult) => void,
): void {
  try {
    run((result) => {
      outage.note(result);
      resultCallback(result);
    });
  } catch (error) {
    const result = { code: ExportResultCode.FAILED, error: asError(error) };
    outage.note(result);
    resultCallback(result);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
