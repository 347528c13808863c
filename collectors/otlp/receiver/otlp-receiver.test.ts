import { gzipSync } from 'node:zlib';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { FastifyInstance } from 'fastify';
import { Reader, Writer } from 'protobufjs/minimal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedTraces } from '../span-record';
import { recordSdkSpans } from '../test-support/sdk-spans';
import { createOtlpReceiver } from './otlp-receiver';

const MiB = 1024 * 1024;
const received: DecodedTraces[] = [];
let app: FastifyInstance;
let url: string;
let validProtobuf: Uint8Array;
let validJson: Uint8Array;

beforeAll(async () => {
  app = createOtlpReceiver({ maxBodyBytes: 20 * MiB, onTraces: (d) => received.push(d) });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  url = `${address}/v1/traces`;
  const spans = await recordSdkSpans();
  validProtobuf = ProtobufTraceSerializer.serializeRequest(spans)!;
  validJson = JsonTraceSerializer.serializeRequest(spans)!;
});

afterAll(async () => {
  await app.close();
});

function post(body: Uint8Array | string, headers: Record<string, string>) {
  const payload = typeof body === 'string' ? body : new Uint8Array(body); // an ArrayBuffer-backed copy
  return fetch(url, { method: 'POST', body: payload, headers });
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_UTF8 = { 'content-type': 'application/json; charset=utf-8' };

/** google.rpc.Status{1 code, 2 message} from a protobuf error body. */
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

/** One request, two spans: the first with a 15-byte trace id (invalid), the second valid. */
function requestWithShortTraceId(): Uint8Array {
  const w = Writer.create();
  w.uint32((1 << 3) | 2).fork(); // resource_spans
  w.uint32((2 << 3) | 2).fork(); // scope_spans
  for (const traceIdLength of [15, 16]) {
    w.uint32((2 << 3) | 2).fork(); // span
    w.uint32((1 << 3) | 2).bytes(new Uint8Array(traceIdLength).fill(1));
    w.uint32((2 << 3) | 2).bytes(new Uint8Array(8).fill(2));
    w.ldelim();
  }
  w.ldelim().ldelim();
  return w.finish();
}

async function expectStillServing(): Promise<void> {
  const before = received.length;
  const response = await post(validProtobuf, PROTOBUF);
  expect(response.status).toBe(200);
  expect(received.length).toBe(before + 1);
}

describe('OTLP/HTTP receiver: valid requests', () => {
  it('accepts protobuf and answers an empty ExportTraceServiceResponse', async () => {
    const response = await post(validProtobuf, PROTOBUF);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    expect(received.at(-1)?.spans).toHaveLength(2);
  });

  it('accepts JSON with a charset and answers {}', async () => {
    const response = await post(validJson, JSON_UTF8);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(received.at(-1)?.spans).toHaveLength(2);
  });

  it('accepts gzip bodies', async () => {
    const response = await post(gzipSync(validProtobuf), {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(received.at(-1)?.spans).toHaveLength(2);
  });

  it('reports rejected spans as partial success, readable by the official client', async () => {
    const json = JSON.parse(new TextDecoder().decode(validJson));
    json.resourceSpans[0].scopeSpans[0].spans[0].traceId = 'not-hex';
    const jsonResponse = await post(JSON.stringify(json), JSON_UTF8);
    expect(jsonResponse.status).toBe(200);
    const answer = await jsonResponse.json();
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).toMatch(/trace_id/);

    const protoResponse = await post(requestWithShortTraceId(), PROTOBUF);
    expect(protoResponse.status).toBe(200);
    const decoded = ProtobufTraceSerializer.deserializeResponse(
      new Uint8Array(await protoResponse.arrayBuffer()),
    );
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(1);
    expect(decoded.partialSuccess?.errorMessage).toMatch(/trace_id/);
    expect(received.at(-1)?.spans).toHaveLength(1);
  });
});

describe('OTLP/HTTP receiver: malformed input, and it keeps serving', () => {
  it('truncated protobuf -> 400 with a protobuf google.rpc.Status', async () => {
    const response = await post(validProtobuf.subarray(0, validProtobuf.length - 3), PROTOBUF);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    const status = decodeStatus(new Uint8Array(await response.arrayBuffer()));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/invalid OTLP protobuf/);
    await expectStillServing();
  });

  it('invalid JSON -> 400 with a JSON google.rpc.Status', async () => {
    const response = await post('{"resourceSpans": [', JSON_UTF8);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/invalid OTLP\/JSON/);
    await expectStillServing();
  });

  it('text/plain -> 415, unknown content encoding -> 415', async () => {
    expect((await post('hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(validProtobuf, { ...PROTOBUF, 'content-encoding': 'br' })).status).toBe(415);
    await expectStillServing();
  });

  it('a body over 20 MiB -> 413', async () => {
    const response = await post(new Uint8Array(20 * MiB + 1), PROTOBUF);
    expect(response.status).toBe(413);
    await expectStillServing();
  });

  it('a gzip bomb (inflates past 20 MiB) -> 413', async () => {
    const bomb = gzipSync(Buffer.alloc(24 * MiB), { level: 9 });
    expect(bomb.length).toBeLessThan(MiB);
    const response = await post(bomb, { ...PROTOBUF, 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(decodeStatus(new Uint8Array(await response.arrayBuffer())).code).toBe(8);
    await expectStillServing();
  });

  it('bad gzip -> 400', async () => {
    const response = await post(Buffer.from('definitely not gzip'), {
      ...PROTOBUF,
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(400);
    expect(decodeStatus(new Uint8Array(await response.arrayBuffer())).message).toMatch(/gzip/);
    await expectStillServing();
  });

  it('GET -> 405 with Allow: POST; unknown path -> 404', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await fetch(url.replace('/v1/traces', '/v1/nothing'))).status).toBe(404);
    await expectStillServing();
  });
});
