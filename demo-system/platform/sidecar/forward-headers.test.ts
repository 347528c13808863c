import { describe, expect, it } from 'vitest';
import { forwardHeaders } from './forward-headers';

describe('forwardHeaders', () => {
  it('drops hop-by-hop headers and those the Connection header names, keeps trace context', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const out = forwardHeaders({
      host: '127.0.0.1:1234',
      connection: 'keep-alive, X-Private',
      'keep-alive': 'timeout=5',
      'x-private': 'secret',
      'transfer-encoding': 'chunked',
      traceparent,
      tracestate: 'vendor=1',
      'content-length': '12',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(out).toEqual({
      traceparent,
      tracestate: 'vendor=1',
      'content-length': '12',
      'set-cookie': ['a=1', 'b=2'],
    });
  });

  it('drops content-length and named headers on request', () => {
    const out = forwardHeaders(
      { 'content-length': '3', 'x-mesh-peer-identity': 'forged', accept: 'application/json' },
      { dropContentLength: true, drop: ['x-mesh-peer-identity'] },
    );
    expect(out).toEqual({ accept: 'application/json' });
  });
});
