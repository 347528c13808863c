import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type AcceptedRequest, createOtlpReceiver } from '../otlp/receiver/otlp-receiver';
import { collectSdkLogs } from '../otlp/test-support/sdk-logs';
import { OtlpForwarder, parseRetryAfter } from './otlp-forwarder';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A receiver on 127.0.0.1 (port 0 unless given) that records what it accepts. */
async function startReceiver(port = 0, onAccepted?: (request: AcceptedRequest) => void) {
  const accepted: AcceptedRequest[] = [];
  const app: FastifyInstance = createOtlpReceiver({
    maxBodyBytes: 1024 * 1024,
    onTraces: () => {},
    onAccepted: (request) => {
      accepted.push(request);
      onAccepted?.(request);
    },
  });
  const url = await app.listen({ host: '127.0.0.1', port });
  cleanups.push(() => app.close());
  return { app, url, accepted, port: (app.server.address() as AddressInfo).port };
}

function forwarder(
  endpoint: string,
  options: Partial<ConstructorParameters<typeof OtlpForwarder>[0]> = {},
) {
  const instance = new OtlpForwarder({
    endpoint,
    initialBackoffMs: 10,
    maxBackoffMs: 50,
    ...options,
  });
  cleanups.push(() => instance.close());
  return instance;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition(), what).toBe(true);
}

function request(path: string, body: Uint8Array, contentEncoding = ''): AcceptedRequest {
  return {
    signal: 'logs',
    path,
    contentType: 'application/x-protobuf',
    contentEncoding,
    body: Buffer.from(body),
  };
}

describe('OtlpForwarder', () => {
  it('re-sends accepted requests as received: path, content type, encoding and bytes', async () => {
    const downstream = await startReceiver();
    const forward = forwarder(downstream.url);
    const upstream = await startReceiver(0, (r) => forward.enqueue(r));
    const gzipped = gzipSync(ProtobufLogsSerializer.serializeRequest(await collectSdkLogs())!);
    const response = await fetch(`${upstream.url}/v1/logs`, {
      method: 'POST',
      body: new Uint8Array(gzipped),
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    await until(() => forward.stats().forwarded === 1, 'the downstream accepted the request');
    expect(downstream.accepted).toHaveLength(1);
    expect(downstream.accepted[0]).toMatchObject({
      path: '/v1/logs',
      contentType: 'application/x-protobuf',
      contentEncoding: 'gzip',
    });
    expect(Buffer.compare(downstream.accepted[0]!.body, gzipped)).toBe(0);
    expect(forward.stats()).toEqual({
      forwarded: 1,
      dropped: 0,
      failed: 0,
      retries: 0,
      queuedBytes: 0,
    });
  });

  it('retries while the downstream is down and delivers once it comes up', async () => {
    const probe = await startReceiver();
    const { port } = probe;
    await probe.app.close(); // nothing listens on `port` now
    const forward = forwarder(`http://127.0.0.1:${port}`);
    forward.enqueue(request('/v1/logs', new Uint8Array(0)));
    forward.enqueue(request('/v1/traces', new Uint8Array(0)));
    await until(() => forward.stats().retries >= 2, 'connection failures were retried');
    const downstream = await startReceiver(port);
    await until(() => forward.stats().forwarded === 2, 'both requests arrived');
    expect(downstream.accepted.map((r) => r.path)).toEqual(['/v1/logs', '/v1/traces']);
  });

  it("honours the downstream's Retry-After over its own backoff", async () => {
    let calls = 0;
    const server: Server = createServer((req, res) => {
      req.resume();
      calls++;
      if (calls === 1) res.writeHead(503, { 'retry-after': '0' }).end();
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    // Its own backoff would wait an hour: only Retry-After: 0 lets the request through.
    const forward = forwarder(`http://127.0.0.1:${port}`, {
      initialBackoffMs: 3_600_000,
      maxBackoffMs: 3_600_000,
    });
    forward.enqueue(request('/v1/metrics', new Uint8Array(4)));
    await until(() => forward.stats().forwarded === 1, 'delivered after Retry-After');
    expect(forward.stats().retries).toBe(1);
  });

  it('drops the oldest queued requests when the queue is full, and counts them', async () => {
    const probe = await startReceiver();
    await probe.app.close();
    const forward = forwarder(`http://127.0.0.1:${probe.port}`, { maxQueueBytes: 1000 });
    for (let i = 0; i < 10; i++) forward.enqueue(request('/v1/logs', new Uint8Array(300)));
    // The first is in flight (retrying); of the nine queued, three fit in 1000 bytes.
    expect(forward.stats()).toMatchObject({ dropped: 6, queuedBytes: 900 });
    forward.enqueue(request('/v1/logs', new Uint8Array(2000))); // larger than the whole queue
    expect(forward.stats()).toMatchObject({ dropped: 7, queuedBytes: 900 });
  });

  it('gives up on non-retryable answers and counts them as failed', async () => {
    const downstream = await startReceiver();
    const forward = forwarder(downstream.url);
    forward.enqueue(request('/v1/nothing', new Uint8Array(0))); // 404
    forward.enqueue(request('/v1/logs', Uint8Array.of(0xff))); // 400
    await until(() => forward.stats().failed === 2, 'both refused');
    expect(forward.stats().retries).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, capped', () => {
    expect(parseRetryAfter('3', 60_000)).toBe(3000);
    expect(parseRetryAfter('999', 60_000)).toBe(60_000);
    expect(parseRetryAfter(null, 60_000)).toBeUndefined();
    expect(parseRetryAfter('soon', 60_000)).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds, 60_000)).toBeGreaterThan(8_000);
  });
});
