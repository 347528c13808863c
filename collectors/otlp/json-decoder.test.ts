import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './decode-error';
import { decodeTraceRequestJson } from './json-decoder';
import { decodeTraceRequestProtobuf } from './protobuf-decoder';
import { recordSdkSpans } from './test-support/sdk-spans';

const TRACE_ID = '5B8EFFF798038103D269B633813FC60C';
const SPAN_ID = 'EEE19B7EC3C1B174';

function requestWith(span: Record<string, unknown>, resource: unknown[] = []): string {
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans: [span] }] }],
  });
}

describe('decodeTraceRequestJson', () => {
  it('decodes the official JSON serializer output to the same spans as its protobuf output', async () => {
    const sdkSpans = await recordSdkSpans();
    const fromJson = decodeTraceRequestJson(JsonTraceSerializer.serializeRequest(sdkSpans)!);
    const fromProtobuf = decodeTraceRequestProtobuf(
      ProtobufTraceSerializer.serializeRequest(sdkSpans)!,
    );
    expect(fromJson.spans).toHaveLength(2);
    expect(fromJson).toEqual(fromProtobuf);
  });

  it('maps the OTLP/JSON forms: hex ids in any case, int64 as string, enums as ints', () => {
    const body = requestWith(
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: '',
        name: 'charge',
        kind: 4,
        startTimeUnixNano: '1700000000000000000',
        endTimeUnixNano: 1_700_000_000_250_000_000,
        attributes: [
          { key: 'n', value: { intValue: '-42' } },
          { key: 'd', value: { doubleValue: 1.5 } },
          { key: 'b', value: { bytesValue: 'AQI=' } },
          {
            key: 'nested',
            value: { kvlistValue: { values: [{ key: 'x', value: { boolValue: true } }] } },
          },
          { key: 'empty', value: {} },
        ],
        status: { code: 2, message: 'declined' },
        unknownField: 'ignored',
      },
      [{ key: 'service.name', value: { stringValue: 'payments' } }],
    );
    const { spans, rejectedSpans } = decodeTraceRequestJson(body);
    expect(rejectedSpans).toBe(0);
    expect(spans[0]).toMatchObject({
      traceId: TRACE_ID.toLowerCase(),
      spanId: SPAN_ID.toLowerCase(),
      parentSpanId: '',
      kind: 'producer',
      service: 'payments',
      startTimeUnixMs: 1_700_000_000_000,
      statusCode: 'error',
      statusMessage: 'declined',
      attributes: { n: -42, d: 1.5, b: 'AQI=', nested: '{"x":true}', empty: null },
    });
    // a JSON number this large is only exact to ~256 ns
    expect(spans[0]!.durationMs).toBeCloseTo(250, 3);
  });

  it('rejects spans with invalid ids as partial success', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: TRACE_ID, spanId: SPAN_ID },
                { traceId: 'abc', spanId: SPAN_ID },
                { traceId: TRACE_ID, spanId: '' },
                { traceId: '0'.repeat(32), spanId: SPAN_ID },
              ],
            },
          ],
        },
      ],
    });
    const result = decodeTraceRequestJson(body);
    expect(result.spans).toHaveLength(1);
    expect(result.rejectedSpans).toBe(3);
    expect(result.errorMessage).toMatch(/^3 span\(s\) rejected/);
  });

  it('throws OtlpDecodeError for invalid JSON, a wrong shape, bad timestamps or bad UTF-8', () => {
    const bad: (string | Uint8Array)[] = [
      '{"resourceSpans": [',
      '',
      'null',
      '{"resourceSpans": 5}',
      '{"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": "SERVER"}]}]}]}',
      requestWith({ traceId: TRACE_ID, spanId: SPAN_ID, startTimeUnixNano: '-1' }),
      requestWith({
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        startTimeUnixNano: '99999999999999999999',
      }),
      Uint8Array.of(0x7b, 0xff, 0x7d),
    ];
    for (const body of bad) {
      expect(() => decodeTraceRequestJson(body), String(body)).toThrow(OtlpDecodeError);
    }
  });

  it('accepts an empty request', () => {
    expect(decodeTraceRequestJson('{}').spans).toEqual([]);
  });
});
