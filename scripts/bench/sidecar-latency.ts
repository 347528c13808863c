import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Pool } from 'undici';
import { openDevPki } from '../../demo-system/platform/pki/dev-pki';
import { closeServer, listenOn } from '../../demo-system/platform/sidecar/http-io';
import { startSidecar } from '../../demo-system/platform/sidecar/sidecar';

/**
 * Latency the sidecar path adds per hop: p50/p99 of a GET to a tiny upstream called directly,
 * next to the same GET through the caller's sidecar (loopback HTTP) → mTLS → the upstream's
 * sidecar → the upstream, measured in the same run and process, alternating in rounds so both
 * see the same machine state. One hop = one client-and-server proxy pair (what Istio publishes:
 * +0.23 ms p90). Sidecar spans are really recorded and batched; the exporter discards them.
 * Sequential calls on keep-alive connections; bounded by `budgetMs` (about 20 s in all).
 *
 *   node --import tsx scripts/bench/sidecar-latency.ts
 */

export interface LatencyQuantiles {
  p50: number;
  p99: number;
}

export interface SidecarLatencyFigures {
  samples: { direct: number; mesh: number };
  directMs: LatencyQuantiles;
  meshMs: LatencyQuantiles;
  /** meshMs minus directMs, per quantile: what one proxy pair adds. */
  addedPerHopMs: LatencyQuantiles;
  /** The issue's aim for addedPerHopMs.p50. */
  targetP50Ms: number;
}

export interface SidecarLatencyOptions {
  /** Time spent measuring, after warm-up. Default 16 s. */
  budgetMs?: number;
  warmupCalls?: number;
  log?: (line: string) => void;
}

const ROUND_CALLS = 200;
const TARGET_P50_MS = 1;

export async function measureSidecarLatency(
  options: SidecarLatencyOptions = {},
): Promise<SidecarLatencyFigures> {
  const budgetMs = options.budgetMs ?? 16_000;
  const warmupCalls = options.warmupCalls ?? 1_000;
  const log = options.log ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'patternscope-sidecar-bench-'));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench' }),
    spanProcessors: [
      new BatchSpanProcessor({
        export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
        shutdown: async () => undefined,
      }),
    ],
  });
  const tracer = provider.getTracer('sidecar-bench');
  const payload = JSON.stringify({ id: 'acc_1', balanceCents: 12_345, currency: 'EUR' });
  const upstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(payload);
  });
  const closers: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  try {
    const upstreamPort = await listenOn(upstream, '127.0.0.1', 0);
    closers.unshift(() => closeServer(upstream));
    const pki = await openDevPki({ dir });
    const server = await startSidecar({
      service: 'accounts',
      tracer,
      credentials: await pki.issue('accounts'),
      appUrl: `http://127.0.0.1:${upstreamPort}`,
    });
    closers.unshift(() => server.close());
    const client = await startSidecar({
      service: 'gateway',
      tracer,
      credentials: await pki.issue('gateway'),
      ingress: false,
      upstreams: [{ name: 'accounts', url: server.meshUrl! }],
    });
    closers.unshift(() => client.close());

    const direct = timedGet(`http://127.0.0.1:${upstreamPort}`);
    const mesh = timedGet(client.upstreamUrl('accounts'));
    closers.unshift(
      () => direct.close(),
      () => mesh.close(),
    );

    log(`warming up (${warmupCalls} calls each)`);
    for (let i = 0; i < warmupCalls; i++) {
      await direct.call();
      await mesh.call();
    }
    const samples = { direct: [] as number[], mesh: [] as number[] };
    const deadline = performance.now() + budgetMs;
    let round = 0;
    while (performance.now() < deadline) {
      // Alternate which path goes first, so neither always follows the other.
      const order = round++ % 2 === 0 ? [direct, mesh] : [mesh, direct];
      for (const path of order) {
        const into = path === direct ? samples.direct : samples.mesh;
        for (let i = 0; i < ROUND_CALLS; i++) into.push(await path.call());
      }
    }
    const directMs = quantiles(samples.direct);
    const meshMs = quantiles(samples.mesh);
    return {
      samples: { direct: samples.direct.length, mesh: samples.mesh.length },
      directMs,
      meshMs,
      addedPerHopMs: { p50: meshMs.p50 - directMs.p50, p99: meshMs.p99 - directMs.p99 },
      targetP50Ms: TARGET_P50_MS,
    };
  } finally {
    for (const close of closers) await close().catch(() => undefined);
    await provider.shutdown();
  }
}

/** A keep-alive GET client; call() resolves to the milliseconds the exchange took. */
function timedGet(baseUrl: string) {
  const pool = new Pool(baseUrl, { connections: 1, keepAliveTimeout: 30_000 });
  return {
    call: async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const response = await pool.request({ path: '/accounts/acc_1', method: 'GET' });
      await response.body.text();
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.statusCode !== 200)
        throw new Error(`bench call answered ${response.statusCode}`);
      return elapsed;
    },
    close: () => pool.close(),
  };
}

function quantiles(values: number[]): LatencyQuantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

export function formatSidecarLatency(f: SidecarLatencyFigures): string {
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  return [
    `sidecar latency (${f.samples.direct} direct / ${f.samples.mesh} mesh calls, sequential)`,
    `  direct               p50 ${ms(f.directMs.p50)}   p99 ${ms(f.directMs.p99)}`,
    `  via 2 sidecars+mTLS  p50 ${ms(f.meshMs.p50)}   p99 ${ms(f.meshMs.p99)}`,
    `  added per hop        p50 ${ms(f.addedPerHopMs.p50)}   p99 ${ms(f.addedPerHopMs.p99)}` +
      `   (aim: p50 < ${f.targetP50Ms} ms; Istio publishes +0.23 ms p90)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measureSidecarLatency({ log: (line) => console.error(`bench: ${line}`) });
  console.log(formatSidecarLatency(figures));
}
