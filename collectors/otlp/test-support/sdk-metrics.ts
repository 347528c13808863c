import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationType,
  MeterProvider,
  type MetricReader,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** What recordSdkMetrics() records, so tests can assert on it. */
export const METRIC_RESOURCE = { 'service.name': 'payments', 'deployment.environment': 'test' };

/**
 * Records real SDK metrics on a MeterProvider and exports them once through `reader`:
 * - `payments.processed` counter (sum, monotonic): 3 with outcome=ok, 1 with outcome=declined
 * - `queue.depth` gauge: 7
 * - `payment.duration` histogram (ms): 5, 20, 300 with explicit buckets [10, 100]
 * - `payment.size` histogram with the exponential aggregation: 2, 4, 8
 */
export async function recordSdkMetrics(reader: MetricReader): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes(METRIC_RESOURCE),
    readers: [reader],
    views: [
      {
        instrumentName: 'payment.size',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const meter = provider.getMeter('patternscope-test', '1.0.0');
  const counter = meter.createCounter('payments.processed', { unit: '{payment}' });
  counter.add(2, { outcome: 'ok' });
  counter.add(1, { outcome: 'ok' });
  counter.add(1, { outcome: 'declined' });
  meter.createGauge('queue.depth', { unit: '{message}' }).record(7, { queue: 'payments' });
  const histogram = meter.createHistogram('payment.duration', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100] },
  });
  for (const value of [5, 20, 300]) histogram.record(value);
  const sizes = meter.createHistogram('payment.size', { unit: 'By' });
  for (const value of [2, 4, 8]) sizes.record(value);
  await provider.forceFlush();
  await provider.shutdown();
}

/** The ResourceMetrics the SDK exports for recordSdkMetrics(), captured in memory. */
export async function collectSdkMetrics(): Promise<ResourceMetrics> {
  const exported: ResourceMetrics[] = [];
  const exporter: PushMetricExporter = {
    export: (metrics, done) => {
      exported.push(metrics);
      done({ code: 0 });
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  await recordSdkMetrics(
    new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 }),
  );
  const first = exported[0];
  if (!first) throw new Error('the SDK exported no metrics');
  return first;
}
