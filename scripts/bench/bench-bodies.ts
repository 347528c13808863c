import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { recordRealisticSpans } from './realistic-spans';

export type BenchEncoding = 'protobuf' | 'json';
export const BENCH_ENCODINGS: readonly BenchEncoding[] = ['protobuf', 'json'];

export const CONTENT_TYPES: Record<BenchEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/**
 * One pre-encoded ExportTraceServiceRequest, made by the official serializers, with the byte
 * offset of every trace id in it, so each request can carry traces of its own (see stampBody).
 */
export interface BenchBody {
  encoding: BenchEncoding;
  bytes: Buffer;
  spans: number;
  traceIdOffsets: number[];
}

/** Every offset at which `needle` occurs in `haystack`. */
export function findAll(haystack: Buffer, needle: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    offsets.push(at);
  }
  return offsets;
}

/** Serializes real SDK spans once per encoding and locates their trace ids. */
export async function makeBenchBodies(spansPerRequest: number): Promise<BenchBody[]> {
  const spans = await recordRealisticSpans(spansPerRequest);
  const traceIds = [...new Set(spans.map((span) => span.spanContext().traceId))];
  const locate = (bytes: Buffer, encode: (hex: string) => Buffer) =>
    traceIds.flatMap((id) => findAll(bytes, encode(id))).sort((a, b) => a - b);

  const protobuf = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const json = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
  return [
    {
      encoding: 'protobuf',
      bytes: protobuf,
      spans: spans.length,
      traceIdOffsets: locate(protobuf, (hex) => Buffer.from(hex, 'hex')),
    },
    {
      encoding: 'json',
      bytes: json,
      spans: spans.length,
      traceIdOffsets: locate(json, (hex) => Buffer.from(hex, 'latin1')),
    },
  ];
}

/**
 * Overwrites the first 4 bytes of every trace id in `target` (a copy of body.bytes) with
 * `stamp`, so request n carries trace ids no other request has, while client/server pairs
 * inside the request still match. Same length: no re-encoding, a few hundred byte writes.
 */
export function stampBody(body: BenchBody, target: Buffer, stamp: number): void {
  if (body.encoding === 'protobuf') {
    for (const offset of body.traceIdOffsets) target.writeUInt32BE(stamp >>> 0, offset);
  } else {
    const hex = (stamp >>> 0).toString(16).padStart(8, '0');
    for (const offset of body.traceIdOffsets) target.write(hex, offset, 'latin1');
  }
}

/** Writes the bodies into `dir` for the benchmark's child processes. */
export function saveBenchBodies(dir: string, bodies: readonly BenchBody[]): void {
  for (const body of bodies) {
    writeFileSync(join(dir, `${body.encoding}.body`), body.bytes);
    const { encoding, spans, traceIdOffsets } = body;
    writeFileSync(
      join(dir, `${body.encoding}.json`),
      JSON.stringify({ encoding, spans, traceIdOffsets }),
    );
  }
}

export function loadBenchBody(dir: string, encoding: BenchEncoding): BenchBody {
  const meta = JSON.parse(readFileSync(join(dir, `${encoding}.json`), 'utf8')) as Omit<
    BenchBody,
    'bytes'
  >;
  return { ...meta, bytes: readFileSync(join(dir, `${encoding}.body`)) };
}
