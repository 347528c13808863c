import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCollectorsConfig } from '../../collectors/config';
import {
  BENCH_ENCODINGS,
  type BenchEncoding,
  makeBenchBodies,
  saveBenchBodies,
} from './bench-bodies';
import {
  type BenchReport,
  type EncodingFigures,
  formatReport,
  OTEL_COLLECTOR_PUBLISHED,
} from './report';
import { measureDecode, measureMemory, measureThroughput } from './scenarios';
import { formatSidecarLatency, measureSidecarLatency } from './sidecar-latency';
import { planCpus, startChild } from './spawn-child';
import { formatUiReport, measureUi } from './ui-bench';

/**
 * `npm run bench`: ingest throughput of the collectors on one core (protobuf and JSON) next to
 * baselines measured in the same run, peak RSS while 1M spans go through them, and the latency
 * one sidecar hop adds (p50/p99, against a direct call in the same run; sidecar-latency.ts),
 * and the dashboard's freshness and graph load in Chromium (ui-bench.ts; `npm run bench --
 * --ui` runs that part alone, about 70 s). Prints the tables; writes the figures as JSON to
 * BENCH_OUTPUT (default /tmp/patternscope-bench.json). Everything talks to 127.0.0.1 only and
 * is bounded (about 170 s on 2 cores).
 */
const SPANS_PER_REQUEST = 512;
const CONCURRENCY = 4;
/** Runs that store spans are measured once the store is full and evicting (steady state). */
const STEADY_STATE_SPANS = Math.round(parseCollectorsConfig({}).maxSpans * 1.1);
const WARMUP_CAP_MS = 15_000;
const HTTP_MEASURE_MS = 3000;
const SINK_MEASURE_MS = 2000;
const DECODE_MEASURE_MS = 1500;
const MEMORY_SPANS = 1_000_000;
const MEMORY_TIME_LIMIT_MS = 45_000;

const log = (message: string) => console.error(`bench: ${message}`);
const us = (micros: number | null) => (micros === null ? 'n/a' : micros.toFixed(2));

async function uiOnly(): Promise<void> {
  const output = process.env.BENCH_OUTPUT || '/tmp/patternscope-bench-ui.json';
  const figures = await measureUi((line) => log(`ui: ${line}`));
  console.log(formatUiReport(figures));
  writeFileSync(
    output,
    `${JSON.stringify({ startedAt: new Date().toISOString(), ui: figures }, null, 2)}\n`,
  );
  console.log(`JSON: ${output}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--ui')) return uiOnly();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const output = process.env.BENCH_OUTPUT || '/tmp/patternscope-bench.json';
  const loadAtStart = loadavg()[0]!;
  const plan = planCpus();
  log(plan.note);
  const dir = mkdtempSync(join(tmpdir(), 'patternscope-bench-'));
  const client = startChild('./load-client.ts', plan.clientCpu);
  try {
    const bodies = await makeBenchBodies(SPANS_PER_REQUEST);
    saveBenchBodies(dir, bodies);
    const throughput = {} as Record<BenchEncoding, EncodingFigures>;
    for (const encoding of BENCH_ENCODINGS) {
      const http = {
        bodiesDir: dir,
        encoding,
        spansPerRequest: SPANS_PER_REQUEST,
        concurrency: CONCURRENCY,
        warmupCapMs: WARMUP_CAP_MS,
      };
      const decode = {
        bodiesDir: dir,
        encoding,
        warmupCapMs: WARMUP_CAP_MS,
        durationMs: DECODE_MEASURE_MS,
      };
      log(`${encoding}: C decode only`);
      const decodeOnly = await measureDecode(plan, {
        ...decode,
        mode: 'decode',
        warmupMs: 500,
        warmupSpans: 0,
      });
      log(
        `${encoding}: D decode + pipeline (warm-up: ${STEADY_STATE_SPANS} spans to fill the store)`,
      );
      const pipeline = await measureDecode(plan, {
        ...decode,
        mode: 'pipeline',
        warmupMs: 500,
        warmupSpans: STEADY_STATE_SPANS,
      });
      log(`${encoding}: B HTTP round trip (sink)`);
      const httpOnly = await measureThroughput(plan, client, 'sink', {
        ...http,
        warmupMs: 1000,
        warmupSpans: 0,
        durationMs: SINK_MEASURE_MS,
      });
      log(
        `${encoding}: A end to end (collectors; warm-up: ${STEADY_STATE_SPANS} spans to fill the store)`,
      );
      const endToEnd = await measureThroughput(plan, client, 'collectors', {
        ...http,
        warmupMs: 1500,
        warmupSpans: STEADY_STATE_SPANS,
        durationMs: HTTP_MEASURE_MS,
      });
      log(
        `${encoding}: CPU µs/span A ${us(endToEnd.serverCpuMicrosPerSpan)}, B ${us(httpOnly.serverCpuMicrosPerSpan)}, ` +
          `C ${us(decodeOnly.cpuMicrosPerSpan)}, D ${us(pipeline.cpuMicrosPerSpan)}`,
      );
      throughput[encoding] = {
        bodyBytes: bodies.find((b) => b.encoding === encoding)!.bytes.length,
        endToEnd,
        httpOnly,
        decodeOnly,
        decodeStoreGraph: pipeline,
      };
    }
    log(`memory: ${MEMORY_SPANS.toLocaleString('en-US')} spans into the collectors`);
    const memory = await measureMemory(plan, client, {
      bodiesDir: dir,
      spansPerRequest: SPANS_PER_REQUEST,
      totalSpans: MEMORY_SPANS,
      concurrency: CONCURRENCY,
      timeLimitMs: MEMORY_TIME_LIMIT_MS,
    });
    log('sidecar latency: direct vs through two sidecars (mTLS), sequential');
    const sidecarLatency = await measureSidecarLatency({ log: (line) => log(`sidecar: ${line}`) });
    log('dashboard: freshness and graph load in Chromium');
    const ui = await measureUi((line) => log(`ui: ${line}`));
    const report: BenchReport = {
      startedAt,
      node: process.versions.node,
      cpuPlacement: plan.note,
      loadAverage: { start: loadAtStart, end: loadavg()[0]! },
      spansPerRequest: SPANS_PER_REQUEST,
      concurrency: CONCURRENCY,
      steadyStateSpans: STEADY_STATE_SPANS,
      throughput,
      reference: OTEL_COLLECTOR_PUBLISHED,
      memory: { ...memory, maxSpans: parseCollectorsConfig({}).maxSpans },
      durationSeconds: (performance.now() - started) / 1000,
    };
    console.log(formatReport(report));
    console.log('');
    console.log(formatSidecarLatency(sidecarLatency));
    console.log('');
    console.log(formatUiReport(ui));
    console.log('');
    console.log(`Total benchmark time ${report.durationSeconds.toFixed(0)} s (all parts above)`);
    writeFileSync(output, `${JSON.stringify({ ...report, sidecarLatency, ui }, null, 2)}\n`);
    console.log(`JSON: ${output}`);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exit(1);
});
