import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { Writer } from 'protobufjs/minimal';
import { beforeAll, describe, expect, it } from 'vitest';
import { Span } from '../contracts/traces';
import { OtlpDecodeError } from './decode-error';
import { decodeTraceRequestProtobuf } from './protobuf-decoder';
import type { DecodedTraces } from './span-record';
import { ROOT_ATTRIBUTES, recordSdkSpans } from './test-support/sdk-spans';

let officialBytes: Uint8Array;
let decoded: DecodedTraces;

beforeAll(async () => {
  const sdkSpans = await recordSdkSpans();
  officialBytes = ProtobufTraceSerializer.serializeRequest(sdkSpans)!;
  decoded = decodeTraceRequestProtobuf(officialBytes);
});

describe('decodeTraceRequestProtobuf on bytes of the official serializer', () => {
  it('decodes every span into the contract shape', () => {
    expect(decoded.rejectedSpans).toBe(0);
    expect(decoded.errorMessage).toBe('');
    expect(decoded.spans).toHaveLength(2);
    for (const span of decoded.spans) expect(Span.parse(span)).toEqual(span);
  });

  it('round-trips ids, kind, parent, attributes, events, timestamps', () => {
    const root = decoded.spans.find((s) => s.name === 'GET /transfer')!;
    const client = decoded.spans.find((s) => s.name === 'POST /accounts')!;
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(root.parentSpanId).toBe('');
    expect(root.kind).toBe('server');
    expect(root.service).toBe('gateway');
    expect(root.resourceAttributes).toMatchObject({
      'service.name': 'gateway',
      'deployment.environment': 'test',
    });
    expect(root.attributes).toEqual(ROOT_ATTRIBUTES);
    // 1_700_000_000.123456789 s -> ms; duration exactly 1.100000001 s
    expect(root.startTimeUnixMs - 1_700_000_000_123).toBeCloseTo(0.456789, 3);
    expect(root.durationMs).toBe(1_100_000_001 / 1e6);
    expect(root.events).toEqual([
      {
        name: 'validated',
        timeUnixMs: 1_700_000_000_500,
        attributes: { 'rule.count': 2, 'rule.name': 'limits' },
      },
    ]);
    expect(client.kind).toBe('client');
    expect(client.traceId).toBe(root.traceId);
    expect(client.parentSpanId).toBe(root.spanId);
    expect(client.durationMs).toBe(700);
  });

  it('round-trips status and links', () => {
    const root = decoded.spans.find((s) => s.name === 'GET /transfer')!;
    const client = decoded.spans.find((s) => s.name === 'POST /accounts')!;
    expect(root.statusCode).toBe('unset');
    expect(client.statusCode).toBe('error');
    expect(client.statusMessage).toBe('boom');
    expect(client.links).toEqual([
      { traceId: root.traceId, spanId: root.spanId, attributes: { 'link.reason': 'retry' } },
    ]);
  });
});

/** Builds an ExportTraceServiceRequest by hand: one resource, one scope, the given spans. */
function request(spans: ((w: Writer) => void)[]): Uint8Array {
  const w = Writer.create();
  w.uint32((1 << 3) | 2).fork(); // resource_spans
  w.uint32((2 << 3) | 2).fork(); // scope_spans
  for (const writeSpan of spans) {
    w.uint32((2 << 3) | 2).fork();
    writeSpan(w);
    w.ldelim();
  }
  w.ldelim().ldelim();
  return w.finish();
}

function ids(traceIdBytes: number, spanIdBytes: number) {
  return (w: Writer) => {
    w.uint32((1 << 3) | 2).bytes(new Uint8Array(traceIdBytes).fill(0xab));
    w.uint32((2 << 3) | 2).bytes(new Uint8Array(spanIdBytes).fill(0xcd));
  };
}

function expectDecodeError(bytes: Uint8Array): void {
  expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(OtlpDecodeError);
}

describe('decodeTraceRequestProtobuf on malformed input', () => {
  it('refuses every truncation of a valid request', () => {
    for (let length = 1; length < officialBytes.length; length++) {
      expectDecodeError(officialBytes.subarray(0, length));
    }
  });

  it('refuses bad wire types, lengths past the end and field number 0', () => {
    expectDecodeError(Uint8Array.of(0x0f)); // field 1, wire type 7
    expectDecodeError(Uint8Array.of(0x0c)); // field 1, wire type 4 (end group)
    expectDecodeError(Uint8Array.of(0x08, 0x01)); // resource_spans as varint
    expectDecodeError(Uint8Array.of(0x0a, 0x10, 0x00)); // length 16, 1 byte left
    expectDecodeError(Uint8Array.of(0x02, 0x00)); // field number 0
    expectDecodeError(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f)); // 4 GiB length
  });

  it('never escapes with anything but OtlpDecodeError on random bytes', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 2000; i++) {
      const bytes = officialBytes.slice();
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      try {
        decodeTraceRequestProtobuf(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('refuses values nested deeper than the limit', () => {
    const bytes = request([
      (w) => {
        ids(16, 8)(w);
        w.uint32((9 << 3) | 2).fork(); // attribute
        w.uint32((1 << 3) | 2).string('deep');
        w.uint32((2 << 3) | 2).fork(); // KeyValue.value
        // AnyValue.array_value -> ArrayValue.values -> AnyValue ... 40 levels
        for (let i = 0; i < 40; i++)
          w.uint32((5 << 3) | 2)
            .fork()
            .uint32((1 << 3) | 2)
            .fork();
        for (let i = 0; i < 40; i++) w.ldelim().ldelim();
        w.ldelim().ldelim();
      },
    ]);
    expectDecodeError(bytes);
  });
});

describe('decodeTraceRequestProtobuf partial success and unknown fields', () => {
  it('rejects spans with invalid ids and keeps the valid ones', () => {
    const result = decodeTraceRequestProtobuf(request([ids(15, 8), ids(16, 0), ids(16, 8)]));
    expect(result.spans).toHaveLength(1);
    expect(result.spans[0]!.traceId).toBe('ab'.repeat(16));
    expect(result.spans[0]!.service).toBe('unknown_service');
    expect(result.rejectedSpans).toBe(2);
    expect(result.errorMessage).toMatch(/trace_id/);
    expect(result.errorMessage).toMatch(/span_id/);
  });

  it('skips fields it does not know', () => {
    const bytes = request([
      (w) => {
        ids(16, 8)(w);
        w.uint32((99 << 3) | 2).string('from the future');
        w.uint32((98 << 3) | 0).uint64(123);
        w.uint32((5 << 3) | 2).string('named');
      },
    ]);
    const result = decodeTraceRequestProtobuf(bytes);
    expect(result.spans.map((s) => s.name)).toEqual(['named']);
  });

  it('decodes an empty request to no spans', () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0))).toEqual({
      spans: [],
      rejectedSpans: 0,
      errorMessage: '',
    });
  });
});
