import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** What the three OTLP exporters have in common: export a batch, flush, shut down. */
interface Delivery<T> {
  export(items: T, resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/**
 * Delegates to an OTLP exporter and reports delivery failures once per outage (and once when
 * delivery works again), so a missing collector never floods the log or stops a service. What
 * cannot be delivered is dropped (by the batch processor or the metric reader).
 */
class QuietDelivery<T> {
  private readonly outage: OutageNotes;

  constructor(
    private readonly inner: Delivery<T>,
    label: string,
    what: string,
    warn: (line: string) => void,
  ) {
    this.outage = new OutageNotes(label, what, warn);
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    quietly(this.outage, (done) => this.inner.export(items, done), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown().catch(() => undefined);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.().catch(() => undefined) ?? Promise.resolve();
  }
}

export class QuietExporter extends QuietDelivery<ReadableSpan[]> implements SpanExporter {
  constructor(inner: SpanExporter, label: string, warn: (line: string) => void) {
    super(inner, label, 'spans', warn);
  }
}

export class QuietLogExporter
  extends QuietDelivery<ReadableLogRecord[]>
  implements LogRecordExporter
{
  constructor(inner: LogRecordExporter, label: string, warn: (line: string) => void) {
    super(inner, label, 'logs', warn);
  }
}

export class QuietMetricExporter
  extends QuietDelivery<ResourceMetrics>
  implements PushMetricExporter
{
  selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  selectAggregation?: PushMetricExporter['selectAggregation'];

  constructor(inner: PushMetricExporter, label: string, warn: (line: string) => void) {
    super(inner, label, 'metrics', warn);
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
