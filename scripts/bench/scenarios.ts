import { setTimeout as sleep } from 'node:timers/promises';
import { GraphSnapshot } from '../../collectors/contracts/graph';
import type { BenchEncoding } from './bench-bodies';
import type { DecodeBenchRequest, DecodeBenchResult } from './decode-child';
import type { LoadMark, LoadResult, LoadStart } from './load-client';
import type { ProcessUsage } from './process-usage';
import type { ServerReady } from './server-child';
import { type BenchChild, type CpuPlan, startChild } from './spawn-child';

export type ServerKind = 'collectors' | 'sink';

export interface ThroughputResult {
  spansPerSecond: number;
  requestsPerSecond: number;
  measuredMs: number;
  /** Spans sent before the measured window (warm-up). */
  warmupSpans: number;
  /** CPU time of the process under test / wall time of the measured window (1 = one core busy). */
  serverCpuBusy: number;
  /** CPU time of the process under test per span in the window: its cost even when not saturated. */
  serverCpuMicrosPerSpan: number | null;
  statuses: Record<string, number>;
  firstFailure: string | null;
  /** Collectors only: edges and requests on the service graph afterwards (a sanity check). */
  graph: { edges: number; totalRequests: number } | null;
}

export interface InProcessResult {
  spansPerSecond: number;
  cpuMicrosPerSpan: number;
  /** CPU time / wall time of the measured window (below 1: the process waited for the CPU). */
  cpuBusy: number;
}

export interface MemoryResult {
  spansSent: number;
  requests: number;
  elapsedMs: number;
  completedAll: boolean;
  baselineRssBytes: number;
  /** VmHWM of the collectors (exact peak) when /proc exists, else the highest sample. */
  peakRssBytes: number;
  peakSource: 'VmHWM' | 'sampled';
  /** Highest of the RSS samples taken every 100 ms (for comparison with VmHWM). */
  sampledPeakRssBytes: number;
  finalRssBytes: number;
  finalHeapUsedBytes: number;
  statuses: Record<string, number>;
  firstFailure: string | null;
}

/** The environment of a server child: the collectors' defaults, except loopback and ports 0. */
function serverEnv(kind: ServerKind): Record<string, string | undefined> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('COLLECTORS_')),
  );
  return {
    ...env,
    BENCH_SERVER: kind,
    COLLECTORS_HOST: '127.0.0.1',
    COLLECTORS_OTLP_PORT: '0',
    COLLECTORS_API_PORT: '0',
  };
}

async function startServer(kind: ServerKind, plan: CpuPlan) {
  const child = startChild('./server-child.ts', plan.serverCpu, serverEnv(kind));
  try {
    const ready = await child.rpc.nextEvent<ServerReady>('ready', 30_000);
    return { child, ready };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function graphSummary(apiUrl: string | null): Promise<ThroughputResult['graph']> {
  if (!apiUrl) return null;
  const response = await fetch(`${apiUrl}/api/v1/graph`);
  const graph = GraphSnapshot.parse(await response.json());
  const totalRequests = graph.edges.reduce((sum, edge) => sum + edge.totalRequests, 0);
  return { edges: graph.edges.length, totalRequests };
}

/** The in-process baselines, each in a fresh process on the server's CPU. */
export async function measureDecode(
  plan: CpuPlan,
  request: DecodeBenchRequest,
): Promise<InProcessResult> {
  const child = startChild('./decode-child.ts', plan.serverCpu);
  try {
    const result = await child.rpc.call<DecodeBenchResult>('bench', request);
    const spans = result.iterations * result.spansPerRequest;
    return {
      spansPerSecond: (spans * 1000) / result.elapsedMs,
      cpuMicrosPerSpan: result.cpuMicros / spans,
      cpuBusy: result.cpuMicros / 1000 / result.elapsedMs,
    };
  } finally {
    await child.stop();
  }
}

/** Timing of a throughput run: warm up until both minimums are met (or the cap), then measure. */
export interface WarmupAndWindow {
  warmupMs: number;
  /** Spans to send before measuring, e.g. enough to fill the span store (steady state). */
  warmupSpans: number;
  warmupCapMs: number;
  durationMs: number;
}

/**
 * Throughput over HTTP: a fresh server process; the load client posts until the warm-up is
 * over, then for `durationMs` (client-side count of completed requests, server-side CPU time).
 */
export async function measureThroughput(
  plan: CpuPlan,
  client: BenchChild,
  kind: ServerKind,
  options: WarmupAndWindow & {
    bodiesDir: string;
    encoding: BenchEncoding;
    spansPerRequest: number;
    concurrency: number;
  },
): Promise<ThroughputResult> {
  const { child, ready } = await startServer(kind, plan);
  try {
    const start: LoadStart = {
      otlpUrl: ready.otlpUrl,
      encoding: options.encoding,
      bodiesDir: options.bodiesDir,
      concurrency: options.concurrency,
    };
    await client.rpc.call('start', start);
    const startedAt = performance.now();
    for (;;) {
      await sleep(100);
      const elapsed = performance.now() - startedAt;
      const { completed } = await client.rpc.call<LoadMark>('mark');
      const warm =
        elapsed >= options.warmupMs && completed * options.spansPerRequest >= options.warmupSpans;
      if (warm || elapsed >= options.warmupCapMs) break;
    }
    const [from, usageFrom] = await Promise.all([
      client.rpc.call<LoadMark>('mark'),
      child.rpc.call<ProcessUsage>('usage'),
    ]);
    await sleep(options.durationMs);
    const [to, usageTo] = await Promise.all([
      client.rpc.call<LoadMark>('mark'),
      child.rpc.call<ProcessUsage>('usage'),
    ]);
    const result = await client.rpc.call<LoadResult>('stop');
    const measuredMs = to.atMs - from.atMs;
    const requests = to.completed - from.completed;
    const spans = requests * result.spansPerRequest;
    const cpuMicros = usageTo.cpuMicros - usageFrom.cpuMicros;
    return {
      spansPerSecond: (spans * 1000) / measuredMs,
      requestsPerSecond: (requests * 1000) / measuredMs,
      measuredMs,
      warmupSpans: from.completed * result.spansPerRequest,
      serverCpuBusy: cpuMicros / 1000 / measuredMs,
      serverCpuMicrosPerSpan: spans > 0 ? cpuMicros / spans : null,
      statuses: result.statuses,
      firstFailure: result.firstFailure,
      graph: await graphSummary(ready.apiUrl),
    };
  } finally {
    await child.stop();
  }
}

/**
 * Peak RSS of the collectors while `totalSpans` spans (protobuf) go through them with the
 * default retention; RSS sampled every 100 ms, the peak read from VmHWM at the end.
 */
export async function measureMemory(
  plan: CpuPlan,
  client: BenchChild,
  options: {
    bodiesDir: string;
    spansPerRequest: number;
    totalSpans: number;
    concurrency: number;
    timeLimitMs: number;
  },
): Promise<MemoryResult> {
  const { child, ready } = await startServer('collectors', plan);
  try {
    const baseline = await child.rpc.call<ProcessUsage>('usage');
    const requests = Math.ceil(options.totalSpans / options.spansPerRequest);
    const startedAt = performance.now();
    await client.rpc.call('start', {
      otlpUrl: ready.otlpUrl,
      encoding: 'protobuf',
      bodiesDir: options.bodiesDir,
      concurrency: options.concurrency,
      maxRequests: requests,
    } satisfies LoadStart);
    let sampledPeak = baseline.rssBytes;
    let done: LoadResult | undefined;
    const finished = client.rpc.call<LoadResult>('finish').then((result) => {
      done = result;
    });
    while (!done && performance.now() - startedAt < options.timeLimitMs) {
      const usage = await child.rpc.call<ProcessUsage>('usage');
      sampledPeak = Math.max(sampledPeak, usage.rssBytes);
      await Promise.race([sleep(100), finished]);
    }
    const completedAll = done !== undefined;
    const result = done ?? (await client.rpc.call<LoadResult>('stop'));
    await finished.catch(() => {});
    const elapsedMs = performance.now() - startedAt;
    const final = await child.rpc.call<ProcessUsage>('usage');
    sampledPeak = Math.max(sampledPeak, final.rssBytes);
    return {
      spansSent: result.completed * result.spansPerRequest,
      requests: result.completed,
      elapsedMs,
      completedAll,
      baselineRssBytes: baseline.rssBytes,
      peakRssBytes: final.peakRssBytes ?? sampledPeak,
      peakSource: final.peakRssBytes === null ? 'sampled' : 'VmHWM',
      sampledPeakRssBytes: sampledPeak,
      finalRssBytes: final.rssBytes,
      finalHeapUsedBytes: final.heapUsedBytes,
      statuses: result.statuses,
      firstFailure: result.firstFailure,
    };
  } finally {
    await child.stop();
  }
}
