import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
} from '@opentelemetry/otlp-transformer';
import type { FastifyInstance } from 'fastify';
import { Reader, Writer } from 'protobufjs/minimal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedLogs } from '../log-record';
import type { DecodedMetrics } from '../metric-record';
import { collectSdkLogs } from '../test-support/sdk-logs';
import { collectSdkMetrics } from '../test-support/sdk-metrics';
import { type AcceptedRequest, createOtlpReceiver } from './otlp-receiver';

const MiB = 1024 * 1024;
const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

const metrics: DecodedMetrics[] = [];
const logs: DecodedLogs[] = [];
const accepted: AcceptedRequest[] = [];
let app: FastifyInstance;
let base: string;
let metricsProtobuf: Uint8Array;
let metricsJson: Uint8Array;
let logsProtobuf: Uint8Array;
let logsJson: Uint8Array;

beforeAll(async () => {
  app = createOtlpReceiver({
    maxBodyBytes: 4 * MiB,
    onTraces: () => {},
    onMetrics: (d) => metrics.push(d),
    onLogs: (d) => logs.push(d),
    onAccepted: (r) => accepted.push(r),
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const resourceMetrics = await collectSdkMetrics();
  metricsProtobuf = ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
  metricsJson = JsonMetricsSerializer.serializeRequest(resourceMetrics)!;
  const records = await collectSdkLogs();
  logsProtobuf = ProtobufLogsSerializer.serializeRequest(records)!;
  logsJson = JsonLogsSerializer.serializeRequest(records)!;
});

afterAll(async () => {
  await app.close();
});

function post(
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
  to: string = base,
) {
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  return fetch(`${to}${path}`, { method: 'POST', body: payload, headers });
}

function decodeStatus(bytes: Uint8Array): { code: number; message: string } {
  const reader = Reader.create(bytes);
  const status = { code: 0, message: '' };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) status.code = reader.int32();
    else if (tag >>> 3 === 2) status.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return status;
}

describe('OTLP/HTTP receiver: /v1/metrics and /v1/logs', () => {
  it('accepts metrics as protobuf, JSON and gzip, and hands the points over', async () => {
    for (const [body, headers] of [
      [metricsProtobuf, PROTOBUF],
      [metricsJson, JSON_TYPE],
      [gzipSync(metricsProtobuf), { ...PROTOBUF, 'content-encoding': 'gzip' }],
    ] as const) {
      const response = await post('/v1/metrics', body, headers);
      expect(response.status).toBe(200);
      expect(metrics.at(-1)?.points).toHaveLength(5);
    }
  });

  it('accepts logs and reports a malformed trace id as rejected_log_records', async () => {
    expect((await post('/v1/logs', logsProtobuf, PROTOBUF)).status).toBe(200);
    expect(logs.at(-1)?.records.map((r) => r.eventName)).toEqual([
      'circuit_breaker.state_change',
      '',
    ]);
    const json = JSON.parse(new TextDecoder().decode(logsJson));
    json.resourceLogs[0].scopeLogs[0].logRecords[0].traceId = 'abc';
    const response = await post('/v1/logs', JSON.stringify(json), JSON_TYPE);
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer.partialSuccess.rejectedLogRecords).toBe('1');
    expect(answer.partialSuccess.errorMessage).toMatch(/trace_id/);
    expect(logs.at(-1)?.records).toHaveLength(1);
  });

  it('answers rejected data points in protobuf as ExportMetricsPartialSuccess', async () => {
    const w = Writer.create();
    w.uint32((1 << 3) | 2).fork(); // resource_metrics
    w.uint32((2 << 3) | 2).fork(); // scope_metrics
    w.uint32((2 << 3) | 2).fork(); // metric
    w.uint32((1 << 3) | 2).string('g');
    w.uint32((5 << 3) | 2).fork(); // gauge
    w.uint32((1 << 3) | 2).fork(); // a data point without time or value
    w.ldelim().ldelim().ldelim().ldelim().ldelim();
    const response = await post('/v1/metrics', w.finish(), PROTOBUF);
    expect(response.status).toBe(200);
    const decoded = ProtobufMetricsSerializer.deserializeResponse(
      new Uint8Array(await response.arrayBuffer()),
    );
    expect(Number(decoded.partialSuccess?.rejectedDataPoints)).toBe(1);
    expect(decoded.partialSuccess?.errorMessage).toMatch(/time_unix_nano/);
  });

  it('answers malformed bodies 400, wrong types 415, other methods 405', async () => {
    const bad = await post('/v1/logs', logsProtobuf.subarray(0, 20), PROTOBUF);
    expect(bad.status).toBe(400);
    expect(decodeStatus(new Uint8Array(await bad.arrayBuffer())).code).toBe(3);
    expect((await post('/v1/metrics', '{"resourceMetrics": 1}', JSON_TYPE)).status).toBe(400);
    expect((await post('/v1/metrics', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    const get = await fetch(`${base}/v1/logs`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('passes every accepted request to onAccepted as it arrived, not refused ones', async () => {
    accepted.length = 0;
    const gzipped = gzipSync(logsJson);
    await post('/v1/logs', gzipped, { ...JSON_TYPE, 'content-encoding': 'gzip' });
    await post('/v1/logs', 'not json', JSON_TYPE);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({
      signal: 'logs',
      path: '/v1/logs',
      contentType: 'application/json',
      contentEncoding: 'gzip',
    });
    expect(Buffer.compare(accepted[0]!.body, gzipped)).toBe(0);
  });
});

describe('OTLP/HTTP receiver: over capacity', () => {
  let small: FastifyInstance;
  let smallBase: string;
  const delivered: DecodedMetrics[] = [];

  beforeAll(async () => {
    small = createOtlpReceiver({
      maxBodyBytes: MiB,
      maxInFlightBytes: 100,
      retryAfterSeconds: 3,
      onTraces: () => {},
      onMetrics: (d) => delivered.push(d),
    });
    smallBase = await small.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await small.close();
  });

  it('answers 503 with Retry-After while another request holds the budget, then serves again', async () => {
    // A request that declares 1000 bytes and sends 10: it holds its reservation until it ends.
    const held = httpRequest(`${smallBase}/v1/logs`, {
      method: 'POST',
      headers: { ...PROTOBUF, 'content-length': '1000' },
    });
    const heldStatus = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      held.on('error', reject);
    });
    held.write(Buffer.alloc(10, 0x0a));

    // Empty requests hold no bytes (so the held one is always admitted), but are refused once
    // the held request's reservation fills the budget: poll until that is seen.
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 1000 && !refused; attempt++) {
      const response = await post('/v1/metrics', new Uint8Array(0), PROTOBUF, smallBase);
      if (response.status === 503) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get('retry-after')).toBe('3');
    const status = decodeStatus(new Uint8Array(await refused!.arrayBuffer()));
    expect(status.code).toBe(14);
    expect(status.message).toMatch(/over capacity/);
    const json = await post('/v1/metrics', '{}', JSON_TYPE, smallBase);
    expect(json.status).toBe(503);
    expect((await json.json()).code).toBe(14);

    held.end(Buffer.alloc(990, 0x0a));
    expect(await heldStatus).toBe(400); // its bytes were no valid OTLP
    const before = delivered.length;
    expect((await post('/v1/metrics', metricsProtobuf, PROTOBUF, smallBase)).status).toBe(200);
    expect(delivered).toHaveLength(before + 1);
  });
});
