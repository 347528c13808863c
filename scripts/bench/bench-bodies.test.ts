import { beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../collectors/contracts/traces';
import { decodeTraceRequestJson } from '../../collectors/otlp/json-decoder';
import { decodeTraceRequestProtobuf } from '../../collectors/otlp/protobuf-decoder';
import {
  BENCH_ENCODINGS,
  type BenchBody,
  type BenchEncoding,
  makeBenchBodies,
  stampBody,
} from './bench-bodies';

const decode = (encoding: BenchEncoding, bytes: Buffer) =>
  encoding === 'protobuf' ? decodeTraceRequestProtobuf(bytes) : decodeTraceRequestJson(bytes);

function traces(spans: readonly Span[]): Map<string, Span[]> {
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  return byTrace;
}

describe('benchmark bodies', () => {
  let bodies: BenchBody[] = [];
  beforeAll(async () => {
    bodies = await makeBenchBodies(512);
  });
  const body = (encoding: BenchEncoding) => bodies.find((b) => b.encoding === encoding)!;

  it.each(BENCH_ENCODINGS)(
    '%s: 512 spans in traces of 5-10 spans over 4 services, with client/server pairs',
    (encoding) => {
      const { bytes } = body(encoding);
      const { spans, rejectedSpans } = decode(encoding, bytes);
      expect(rejectedSpans).toBe(0);
      expect(spans).toHaveLength(512);
      expect(new Set(spans.map((s) => s.service))).toEqual(
        new Set(['gateway', 'accounts', 'payments', 'notifications']),
      );
      for (const trace of traces(spans).values()) {
        expect(trace.length).toBeGreaterThanOrEqual(5);
        expect(trace.length).toBeLessThanOrEqual(10);
        const ids = new Set(trace.map((s) => s.spanId));
        // Every server span's parent is a client span of the same trace, in the same body.
        for (const server of trace.filter((s) => s.kind === 'server' && s.parentSpanId)) {
          expect(ids.has(server.parentSpanId)).toBe(true);
        }
      }
    },
  );

  it.each(BENCH_ENCODINGS)(
    '%s: each stamp gives every trace a new id and keeps the traces whole',
    (encoding) => {
      const template = body(encoding);
      const original = traces(decode(encoding, template.bytes).spans);
      const copy = Buffer.from(template.bytes);
      stampBody(template, copy, 0x0000002a);
      const first = traces(decode(encoding, copy).spans);
      stampBody(template, copy, 0xfffffffe);
      const second = traces(decode(encoding, copy).spans);

      expect(first.size).toBe(original.size);
      expect([...first.keys()].every((id) => id.startsWith('0000002a'))).toBe(true);
      expect([...second.keys()].every((id) => id.startsWith('fffffffe'))).toBe(true);
      const sizes = (m: Map<string, Span[]>) => [...m.values()].map((t) => t.length);
      expect(sizes(first)).toEqual(sizes(original));
      expect(sizes(second)).toEqual(sizes(original));
    },
  );
});
