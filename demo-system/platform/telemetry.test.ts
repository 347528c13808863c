import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { QuietExporter } from './telemetry';

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
