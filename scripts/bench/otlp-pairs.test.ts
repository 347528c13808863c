import { describe, expect, it } from 'vitest';
import { spanPairBody } from './otlp-pairs';

describe('spanPairBody', () => {
  it('makes a client span and the server span it caused, in one trace', () => {
    const body = JSON.parse(
      spanPairBody({ caller: 'a', callee: 'b', error: true, endUnixMs: 1_000 }),
    ) as {
      resourceSpans: {
        resource: { attributes: { value: { stringValue: string } }[] };
        scopeSpans: {
          spans: {
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            kind: number;
            status: { code: number };
            endTimeUnixNano: string;
          }[];
        }[];
      }[];
    };
    const [caller, callee] = body.resourceSpans;
    const client = caller!.scopeSpans[0]!.spans[0]!;
    const server = callee!.scopeSpans[0]!.spans[0]!;
    expect(caller!.resource.attributes[0]!.value.stringValue).toBe('a');
    expect(callee!.resource.attributes[0]!.value.stringValue).toBe('b');
    expect([client.kind, server.kind]).toEqual([3, 2]);
    expect(server.traceId).toBe(client.traceId);
    expect(server.parentSpanId).toBe(client.spanId);
    expect(client.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.status.code).toBe(2);
    expect(server.endTimeUnixNano).toBe('1000000000');
  });
});
