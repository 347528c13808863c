import { ExportResultCode } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../contracts/logs';
import type { MetricPoint } from '../../contracts/metrics';
import { emitSdkLogs, LOG_SPAN_ID, LOG_TRACE_ID } from '../test-support/sdk-logs';
import { METRIC_RESOURCE, recordSdkMetrics } from '../test-support/sdk-metrics';
import { createOtlpReceiver } from './otlp-receiver';

/**
 * The official OpenTelemetry JS exporters (OTLP/HTTP protobuf, 0.223.0) send to a receiver on
 * port 0; the decoded records must be what the SDK recorded, and every export must succeed.
 */
const points: MetricPoint[] = [];
const records: LogRecord[] = [];
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = createOtlpReceiver({
    maxBodyBytes: 4 * 1024 * 1024,
    onTraces: () => {},
    onMetrics: (decoded) => points.push(...decoded.points),
    onLogs: (decoded) => records.push(...decoded.records),
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
});

/** Wraps an exporter's export() to record each ExportResult code. */
function recordingResults<
  E extends { export(items: never, done: (r: { code: number }) => void): void },
>(exporter: E, codes: number[]): E {
  const original = exporter.export.bind(exporter);
  exporter.export = ((items: never, done: (r: { code: number }) => void) =>
    original(items, (result) => {
      codes.push(result.code);
      done(result);
    })) as E['export'];
  return exporter;
}

describe('official OTLP/HTTP protobuf exporters -> receiver', () => {
  it('metrics: a counter, a gauge and histograms arrive decoded', async () => {
    const codes: number[] = [];
    const exporter = recordingResults(new OTLPMetricExporter({ url: `${base}/v1/metrics` }), codes);
    await recordSdkMetrics(
      new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 }),
    );
    expect(codes).toContain(ExportResultCode.SUCCESS);
    expect(codes).not.toContain(ExportResultCode.FAILED);
    const byName = (name: string) => points.filter((p) => p.name === name);
    expect(
      byName('payments.processed').map((p) => [p.attributes.outcome, p.type === 'sum' && p.value]),
    ).toEqual(
      expect.arrayContaining([
        ['ok', 3],
        ['declined', 1],
      ]),
    );
    expect(byName('payments.processed')[0]).toMatchObject({
      service: 'payments',
      resourceAttributes: expect.objectContaining(METRIC_RESOURCE),
      temporality: 'cumulative',
      monotonic: true,
    });
    expect(byName('queue.depth')[0]).toMatchObject({ type: 'gauge', value: 7 });
    expect(byName('payment.duration')[0]).toMatchObject({
      type: 'histogram',
      count: 3,
      sum: 325,
      bucketCounts: [1, 1, 1],
      explicitBounds: [10, 100],
    });
    expect(byName('payment.size')[0]).toMatchObject({ type: 'exponential_histogram', count: 3 });
  });

  it('logs: an event with trace context and a plain line arrive decoded', async () => {
    const codes: number[] = [];
    const exporter = recordingResults(new OTLPLogExporter({ url: `${base}/v1/logs` }), codes);
    await emitSdkLogs(new SimpleLogRecordProcessor({ exporter }));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === ExportResultCode.SUCCESS)).toBe(true);
    const event = records.find((r) => r.eventName === 'circuit_breaker.state_change');
    expect(event).toMatchObject({
      service: 'accounts',
      traceId: LOG_TRACE_ID,
      spanId: LOG_SPAN_ID,
      severityNumber: 13,
      severityText: 'WARN',
      timeUnixMs: 1_700_000_000_250,
      body: '{"from":"closed","to":"open"}',
      attributes: { 'circuit_breaker.name': 'payments->ledger', attempts: 3 },
    });
    expect(records.find((r) => r.body === 'transfer accepted')).toMatchObject({
      severityNumber: 9,
      traceId: '',
      eventName: '',
    });
  });
});
