import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  AggregationTemporality,
  InstrumentType,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { QuietExporter, QuietMetricExporter } from './telemetry-export';

/** An exporter whose answers the test scripts, one per export call. */
function scripted(results: ExportResult[]): SpanExporter {
  return {
    export: (_spans, done) => done(results.shift() ?? { code: ExportResultCode.SUCCESS }),
    shutdown: async () => undefined,
  };
}

const failed = (message: string): ExportResult => ({
  code: ExportResultCode.FAILED,
  error: new Error(message),
});

describe('QuietExporter', () => {
  it('reports an outage once, then its end once, and passes results through', () => {
    const lines: string[] = [];
    const exporter = new QuietExporter(
      scripted([
        failed('ECONNREFUSED'),
        failed('ECONNREFUSED'),
        { code: ExportResultCode.SUCCESS },
      ]),
      'gateway -> http://127.0.0.1:4318/v1/traces',
      (line) => lines.push(line),
    );
    const codes: ExportResultCode[] = [];
    for (let i = 0; i < 4; i++) exporter.export([] as ReadableSpan[], (r) => codes.push(r.code));

    expect(codes).toEqual([
      ExportResultCode.FAILED,
      ExportResultCode.FAILED,
      ExportResultCode.SUCCESS,
      ExportResultCode.SUCCESS,
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('cannot deliver spans (ECONNREFUSED)');
    expect(lines[1]).toContain('delivering spans again');
  });

  it('turns a throwing exporter into a failed result instead of an exception', () => {
    const exporter = new QuietExporter(
      {
        export: () => {
          throw new Error('boom');
        },
        shutdown: async () => undefined,
      },
      'accounts',
      () => undefined,
    );
    let result: ExportResult | undefined;
    expect(() => exporter.export([], (r) => (result = r))).not.toThrow();
    expect(result?.code).toBe(ExportResultCode.FAILED);
  });
});

describe('QuietMetricExporter', () => {
  /** Collects twice through the exporter's temporality choice; the state attribute changes. */
  async function exportedStates(): Promise<string[][]> {
    const exported: string[][] = [];
    const exporter = new QuietMetricExporter(
      new OTLPMetricExporter({ url: 'http://127.0.0.1:1/v1/metrics' }),
      'accounts',
      () => undefined,
    );
    const reader = new (class extends MetricReader {
      protected async onShutdown() {}
      protected async onForceFlush() {}
    })({
      aggregationTemporalitySelector: (type) =>
        exporter.selectAggregationTemporality?.(type) ?? AggregationTemporality.CUMULATIVE,
    });
    const provider = new MeterProvider({ readers: [reader] });
    let state = 'paused';
    provider
      .getMeter('test')
      .createObservableGauge('projection.position')
      .addCallback((o) => o.observe(5, { 'projection.state': state }));
    for (const next of ['running', 'running']) {
      const { resourceMetrics } = await reader.collect();
      const points = resourceMetrics.scopeMetrics
        .flatMap((s) => s.metrics)
        .flatMap((m) => m.dataPoints.map((p) => String(p.attributes['projection.state'])));
      exported.push(points);
      state = next;
    }
    await provider.shutdown();
    return exported;
  }

  it('exports only the attribute sets a gauge observed this time (no stale state series)', async () => {
    expect(await exportedStates()).toEqual([['paused'], ['running']]);
  });

  it('keeps the OTLP exporter’s cumulative choice for counters', () => {
    const exporter = new QuietMetricExporter(
      new OTLPMetricExporter({ url: 'http://127.0.0.1:1/v1/metrics' }),
      'accounts',
      () => undefined,
    );
    expect(exporter.selectAggregationTemporality?.(InstrumentType.COUNTER)).toBe(
      AggregationTemporality.CUMULATIVE,
    );
    expect(exporter.selectAggregationTemporality?.(InstrumentType.OBSERVABLE_GAUGE)).toBe(
      AggregationTemporality.DELTA,
    );
  });
});
