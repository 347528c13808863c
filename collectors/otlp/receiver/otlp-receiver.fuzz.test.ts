import { gzipSync } from 'node:zlib';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSdkLogs } from '../test-support/sdk-logs';
import { collectSdkMetrics } from '../test-support/sdk-metrics';
import { recordSdkSpans } from '../test-support/sdk-spans';
import { Fuzz, prng } from './fuzz-bodies';
import { createOtlpReceiver } from './otlp-receiver';

/**
 * Fuzz: CASES random or mutated bodies (bit flips, truncations, splices and insertions into the
 * official serializers' bodies, random bytes, random and mutated JSON, deep nesting, gzip of all
 * of these or of garbage, random content types and encodings) against a live receiver, across
 * the three endpoints, several at a time. The receiver must answer every one with a status the
 * OTLP/HTTP specification allows, and still accept valid requests afterwards.
 * Reproduce a failure with FUZZ_SEED=<seed printed in the failure message>.
 */
const CASES = 1500;
const CONCURRENCY = 8;
const MAX_BODY = 256 * 1024;
const ALLOWED = new Set([200, 400, 413, 415, 429, 503]);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const PATHS = ['/v1/traces', '/v1/metrics', '/v1/logs'] as const;

let app: FastifyInstance;
let base: string;
let delivered = 0;
const valid: Record<(typeof PATHS)[number], { protobuf: Uint8Array; json: Uint8Array }> =
  {} as never;

beforeAll(async () => {
  app = createOtlpReceiver({
    maxBodyBytes: MAX_BODY,
    maxInFlightBytes: 512 * 1024,
    onTraces: () => delivered++,
    onMetrics: () => delivered++,
    onLogs: () => delivered++,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const spans = await recordSdkSpans();
  const metrics = await collectSdkMetrics();
  const logs = await collectSdkLogs();
  valid['/v1/traces'] = {
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    json: JsonTraceSerializer.serializeRequest(spans)!,
  };
  valid['/v1/metrics'] = {
    protobuf: ProtobufMetricsSerializer.serializeRequest(metrics)!,
    json: JsonMetricsSerializer.serializeRequest(metrics)!,
  };
  valid['/v1/logs'] = {
    protobuf: ProtobufLogsSerializer.serializeRequest(logs)!,
    json: JsonLogsSerializer.serializeRequest(logs)!,
  };
});

afterAll(async () => {
  await app.close();
});

interface FuzzCase {
  path: string;
  body: Uint8Array;
  headers: Record<string, string>;
}

function makeCase(fuzz: Fuzz): FuzzCase {
  const all = Object.values(valid);
  const path = fuzz.pick(PATHS);
  const headers: Record<string, string> = {};
  if (fuzz.random() < 0.02) {
    // a gzip bomb: small on the wire, past the body limit once inflated
    headers['content-type'] = 'application/x-protobuf';
    headers['content-encoding'] = 'gzip';
    return { path, body: gzipSync(new Uint8Array(MAX_BODY * 4)), headers };
  }
  if (fuzz.random() < 0.02) {
    headers['content-type'] = 'application/json';
    return { path, body: new Uint8Array(MAX_BODY + 1 + fuzz.int(1000)), headers };
  }
  const body = fuzz.body(
    all.flatMap((v) => [v.protobuf, v.json]),
    all.map((v) => v.json),
  );
  const contentType = fuzz.contentType();
  if (contentType !== undefined) headers['content-type'] = contentType;
  const { encoding, sent } = fuzz.encode(body);
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  return { path, body: sent, headers };
}

async function send({ path, body, headers }: FuzzCase): Promise<number> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers,
  });
  await response.arrayBuffer();
  return response.status;
}

describe(`OTLP/HTTP receiver fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`answers ${CASES} random or mutated requests with allowed statuses`, async () => {
    const fuzz = new Fuzz(prng(SEED));
    const cases = Array.from({ length: CASES }, () => makeCase(fuzz));
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        const testCase = cases[index]!;
        const where = `FUZZ_SEED=${SEED} case ${index} ${testCase.path} ${JSON.stringify(testCase.headers)}`;
        let status: number;
        try {
          status = await send(testCase);
        } catch (error) {
          throw new Error(`request failed (${where}): ${String(error)}`, { cause: error });
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(ALLOWED.has(status), `status ${status} (${where})`).toBe(true);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // The mix exercised more than one path through the receiver.
    expect(statuses.get(200), `FUZZ_SEED=${SEED}`).toBeGreaterThan(0);
    expect(statuses.get(400), `FUZZ_SEED=${SEED}`).toBeGreaterThan(0);
    expect(statuses.get(415), `FUZZ_SEED=${SEED}`).toBeGreaterThan(0);

    // Still serving: each endpoint accepts a valid protobuf and JSON request.
    for (const path of PATHS) {
      for (const [body, type] of [
        [valid[path].protobuf, 'application/x-protobuf'],
        [valid[path].json, 'application/json'],
      ] as const) {
        const before = delivered;
        expect(await send({ path, body, headers: { 'content-type': type } })).toBe(200);
        expect(delivered).toBe(before + 1);
      }
    }
  }, 120_000);
});
