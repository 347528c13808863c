import { parseCollectorsConfig } from '../../collectors/config';
import { decodeTraceRequestJson } from '../../collectors/otlp/json-decoder';
import { decodeTraceRequestProtobuf } from '../../collectors/otlp/protobuf-decoder';
import type { DecodedTraces } from '../../collectors/otlp/span-record';
import { TelemetryPipeline } from '../../collectors/pipeline';
import { pipelineOptions } from '../../collectors/start-collectors';
import { type BenchEncoding, loadBenchBody, stampBody } from './bench-bodies';
import { serveRpc } from './rpc';

/**
 * In-process baselines, no HTTP, on the same bodies the load client sends:
 * - decode: the collectors' decoder alone;
 * - pipeline: decode, then TelemetryPipeline.ingestSpans exactly as start-collectors wires it
 *   (default retention: span store, trace index, service graph, RED, sagas, events), each
 *   request with trace ids of its own.
 */
export interface DecodeBenchRequest {
  bodiesDir: string;
  encoding: BenchEncoding;
  mode: 'decode' | 'pipeline';
  warmupMs: number;
  /** Spans to process before measuring (pipeline: enough to fill the store). */
  warmupSpans: number;
  warmupCapMs: number;
  durationMs: number;
}

export interface DecodeBenchResult {
  iterations: number;
  elapsedMs: number;
  /** CPU time (user + system) of this process during the measured window. */
  cpuMicros: number;
  spansPerRequest: number;
}

function bench(request: DecodeBenchRequest): DecodeBenchResult {
  const body = loadBenchBody(request.bodiesDir, request.encoding);
  const decode: (bytes: Uint8Array) => DecodedTraces =
    request.encoding === 'protobuf' ? decodeTraceRequestProtobuf : decodeTraceRequestJson;
  const bytes = Buffer.from(body.bytes);
  let stamp = 0;
  let step = (): void => {
    if (decode(bytes).spans.length !== body.spans) throw new Error('decoded the wrong span count');
  };
  if (request.mode === 'pipeline') {
    const pipeline = new TelemetryPipeline(pipelineOptions(parseCollectorsConfig({})));
    step = () => {
      stampBody(body, bytes, ++stamp);
      const { spans, rejectedSpans } = decode(bytes);
      pipeline.ingestSpans(spans, rejectedSpans);
    };
  }
  const run = (done: (elapsedMs: number, iterations: number) => boolean) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let iterations = 0;
    let now = start;
    while (!done(now - start, iterations)) {
      step();
      iterations++;
      now = performance.now();
    }
    const { user, system } = process.cpuUsage(cpu);
    return { iterations, elapsedMs: now - start, cpuMicros: user + system };
  };
  run(
    (ms, n) =>
      (ms >= request.warmupMs && n * body.spans >= request.warmupSpans) ||
      ms >= request.warmupCapMs,
  );
  return { ...run((ms) => ms >= request.durationMs), spansPerRequest: body.spans };
}

serveRpc({ bench });
