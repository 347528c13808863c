import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forward, type ProxyTarget, upstreamUrl } from './proxy';

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('upstreamUrl', () => {
  const target: ProxyTarget = {
    name: 'collectors',
    baseUrl: 'http://127.0.0.1:4320',
    prefix: '/api/v1',
  };

  it('joins the segments under the prefix and keeps the query', () => {
    expect(upstreamUrl(target, ['traces', 'ab12'], '?limit=5')?.href).toBe(
      'http://127.0.0.1:4320/api/v1/traces/ab12?limit=5',
    );
  });

  it('re-encodes decoded segments', () => {
    expect(upstreamUrl(target, ['traces', 'a b?c'], '')?.pathname).toBe('/api/v1/traces/a%20b%3Fc');
  });

  it('refuses segments that would leave the prefix', () => {
    expect(upstreamUrl(target, ['..', 'health'], '')).toBeNull();
    expect(upstreamUrl(target, ['.'], '')).toBeNull();
    expect(upstreamUrl(target, ['a/../../x'], '')).toBeNull();
    expect(upstreamUrl(target, [''], '')).toBeNull();
  });
});

describe('forward', () => {
  let server: Server;
  let target: ProxyTarget;
  const seen: { method: string; url: string; body: string; lastEventId?: string }[] = [];
  let streamClosed = false;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          body,
          lastEventId: req.headers['last-event-id'] as string | undefined,
        });
        if (req.url === '/api/v1/dying-stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('event: hello\ndata: {"n":1}\n\n');
          setImmediate(() => res.socket?.destroy());
          return;
        }
        if (req.url === '/api/v1/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('event: hello\ndata: {"n":1}\n\n');
          // Never ends on its own: only the client going away closes it.
          res.on('close', () => {
            streamClosed = true;
          });
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'x=1' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    target = { name: 'collectors', baseUrl: `http://127.0.0.1:${port}`, prefix: '/api/v1' };
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('streams an SSE body as it arrives and aborts upstream when the client leaves', async () => {
    const client = new AbortController();
    const request = new Request('http://ui.test/api/v1/stream', {
      signal: client.signal,
      headers: { accept: 'text/event-stream', 'last-event-id': '41', cookie: 'secret=1' },
    });
    const response = await forward(request, target, ['stream']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('event: hello');
    expect(seen.at(-1)?.lastEventId).toBe('41');

    expect(streamClosed).toBe(false);
    client.abort();
    await waitFor(() => streamClosed, 'the upstream stream to close');
    await reader.cancel().catch(() => undefined);
  });

  it('ends an event stream cleanly when the upstream dies mid-stream', async () => {
    const response = await forward(new Request('http://ui.test/api/v1/dying-stream'), target, [
      'dying-stream',
    ]);
    // Reading to the end must not throw: the browser sees a normal close and reconnects.
    const text = await response.text();
    expect(text).toContain('event: hello');
  });

  it('passes method, body, status and content-type through, and drops cookies', async () => {
    const request = new Request('http://ui.test/api/control/faults?dry=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency' }),
    });
    const response = await forward(request, { ...target, prefix: '' }, ['faults']);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/faults?dry=1',
      body: '{"kind":"latency"}',
    });
  });

  it('answers 502 with a JSON error when the upstream is down', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');

    const response = await forward(
      new Request('http://ui.test/api/v1/graph'),
      { name: 'collectors', baseUrl: `http://127.0.0.1:${port}`, prefix: '/api/v1' },
      ['graph'],
    );
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string; details: { cause: string } };
    expect(body.error).toBe('collectors unreachable');
    expect(body.details.cause).toBe('ECONNREFUSED');
  });

  it('answers 400 for a path that would leave the prefix', async () => {
    const response = await forward(new Request('http://ui.test/api/v1/x'), target, [
      '..',
      'health',
    ]);
    expect(response.status).toBe(400);
  });
});
