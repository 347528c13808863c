import type { BenchEncoding } from './bench-bodies';
import type { InProcessResult, MemoryResult, ThroughputResult } from './scenarios';

/** The OpenTelemetry Collector's published figure: a reference, never measured here. */
export const OTEL_COLLECTOR_PUBLISHED = {
  spansPerSecondPerCore: { low: 12_000, high: 15_000 },
  note: 'published figure for the OpenTelemetry Collector (~12-15K spans/s per core); NOT measured by this benchmark',
} as const;

export interface EncodingFigures {
  bodyBytes: number;
  endToEnd: ThroughputResult;
  httpOnly: ThroughputResult;
  decodeOnly: InProcessResult;
  decodeStoreGraph: InProcessResult;
}

export interface BenchReport {
  startedAt: string;
  node: string;
  cpuPlacement: string;
  /** 1-minute load average of the machine at start and end (other processes compete for CPUs). */
  loadAverage: { start: number; end: number };
  spansPerRequest: number;
  concurrency: number;
  /** Spans sent before A and D are measured (the store's limit plus 10 %). */
  steadyStateSpans: number;
  throughput: Record<BenchEncoding, EncodingFigures>;
  reference: typeof OTEL_COLLECTOR_PUBLISHED;
  memory: MemoryResult & { maxSpans: number };
  durationSeconds: number;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const percent = (share: number) => `${Math.round(share * 100)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}

function statusLine(label: string, result: ThroughputResult): string | undefined {
  const bad = Object.entries(result.statuses).filter(([status]) => status !== '200');
  if (bad.length === 0) return undefined;
  return `  ! ${label}: non-200 answers ${JSON.stringify(Object.fromEntries(bad))}, first: ${result.firstFailure}`;
}

/** A row of the throughput table: wall-clock rate and the process's CPU time per span. */
interface Stage {
  label: string;
  spansPerSecond: number;
  cpuMicrosPerSpan: number;
  cpuBusy: number;
}

function stages(f: EncodingFigures): Record<'a' | 'b' | 'c' | 'd', Stage> {
  const http = (label: string, r: ThroughputResult): Stage => ({
    label,
    spansPerSecond: r.spansPerSecond,
    cpuMicrosPerSpan: r.serverCpuMicrosPerSpan ?? Number.POSITIVE_INFINITY,
    cpuBusy: r.serverCpuBusy,
  });
  const local = (label: string, r: InProcessResult): Stage => ({ label, ...r });
  return {
    a: http('A  end to end: HTTP receiver -> decode -> pipeline', f.endToEnd),
    b: http('B  baseline: HTTP round trip, body read and discarded', f.httpOnly),
    c: local('C  baseline: decode only, no HTTP', f.decodeOnly),
    d: local('D  baseline: decode + pipeline (TelemetryPipeline), no HTTP', f.decodeStoreGraph),
  };
}

function encodingTable(
  encoding: BenchEncoding,
  f: EncodingFigures,
  steadyStateSpans: number,
): string[] {
  const { a, b, c, d } = stages(f);
  const rows = [a, b, c, d].map((stage) => [
    stage.label,
    int(stage.spansPerSecond),
    int(1e6 / stage.cpuMicrosPerSpan),
    stage.cpuMicrosPerSpan.toFixed(2),
    percent(stage.cpuBusy),
  ]);
  const part = (x: number) => `${x.toFixed(2)} (${Math.round((x / a.cpuMicrosPerSpan) * 100)}%)`;
  const storeGraph = d.cpuMicrosPerSpan - c.cpuMicrosPerSpan;
  const rest = a.cpuMicrosPerSpan - b.cpuMicrosPerSpan - d.cpuMicrosPerSpan;
  const graph = f.endToEnd.graph;
  return [
    table([
      [
        `${encoding} (${int(f.bodyBytes)} B/request)`,
        'spans/s (wall)',
        'spans per CPU-s',
        'CPU µs/span',
        'CPU busy',
      ],
      ...rows,
    ]),
    `   where the time goes (CPU µs/span): HTTP ${part(b.cpuMicrosPerSpan)} + decode ${part(c.cpuMicrosPerSpan)} ` +
      `+ pipeline ${part(storeGraph)} + rest ${part(rest)} = ${a.cpuMicrosPerSpan.toFixed(2)}`,
    `   service graph after A (sanity check): ${graph?.edges ?? 0} edges, ${int(graph?.totalRequests ?? 0)} requests`,
    ...(f.endToEnd.warmupSpans < steadyStateSpans
      ? [
          `  ! A was measured after ${int(f.endToEnd.warmupSpans)} spans: the warm-up hit its time cap before the store was full`,
        ]
      : []),
  ];
}

function formatThroughput(report: BenchReport): string[] {
  const { protobuf, json } = report.throughput;
  const { low, high } = report.reference.spansPerSecondPerCore;
  const reference = (low + high) / 2;
  const perCore = (f: EncodingFigures) => 1e6 / stages(f).a.cpuMicrosPerSpan;
  const failures = [
    statusLine('A protobuf', protobuf.endToEnd),
    statusLine('A json', json.endToEnd),
    statusLine('B protobuf', protobuf.httpOnly),
    statusLine('B json', json.httpOnly),
  ].filter((line): line is string => line !== undefined);
  return [
    'Ingest throughput on ONE core',
    '  spans/s (wall): spans completed per second of the measured window.',
    '  spans per CPU-s: spans per second of CPU time of the process under test = what one fully busy core does;',
    '    it is the figure to read when "CPU busy" is below ~95% (the load client was the limit, or other',
    '    processes took the core), and equals spans/s when the process is saturated.',
    `  A and D are measured in steady state, after ${int(report.steadyStateSpans)} spans: the span store is full and evicting.`,
    '',
    ...encodingTable('protobuf', protobuf, report.steadyStateSpans),
    '',
    ...encodingTable('json', json, report.steadyStateSpans),
    '',
    `R  reference, PUBLISHED (not measured here): OpenTelemetry Collector ~${int(low)}-${int(high)} spans/s per core`,
    `   A per CPU-s / R (midpoint ${int(reference)}): protobuf x${(perCore(protobuf) / reference).toFixed(1)}, json x${(perCore(json) / reference).toFixed(1)}`,
    ...failures,
  ];
}

function formatMemory(memory: BenchReport['memory']): string[] {
  const bad = Object.entries(memory.statuses).filter(([status]) => status !== '200');
  return [
    `Memory: ${int(memory.spansSent)} spans (protobuf, ${int(memory.requests)} requests) into the collectors with default retention (COLLECTORS_MAX_SPANS=${int(memory.maxSpans)})`,
    table([
      ['', 'RSS'],
      ['baseline: collectors started, idle', mib(memory.baselineRssBytes)],
      [`peak while ingesting (${memory.peakSource})`, mib(memory.peakRssBytes)],
      ['highest 100 ms sample', mib(memory.sampledPeakRssBytes)],
      ['after ingest', mib(memory.finalRssBytes)],
    ]),
    `   peak - baseline: ${mib(memory.peakRssBytes - memory.baselineRssBytes)}; heap used after ingest ${mib(memory.finalHeapUsedBytes)}; ` +
      `sustained ingest ${int((memory.spansSent * 1000) / memory.elapsedMs)} spans/s over ${(memory.elapsedMs / 1000).toFixed(1)} s (while RSS was sampled)` +
      (memory.completedAll ? '' : ' - STOPPED at the time limit before all spans were sent'),
    ...(bad.length > 0
      ? [
          `  ! non-200 answers ${JSON.stringify(Object.fromEntries(bad))}, first: ${memory.firstFailure}`,
        ]
      : []),
  ];
}

export function formatReport(report: BenchReport): string {
  const { protobuf, json } = report.throughput;
  return [
    '',
    `Patternscope collectors benchmark  (${report.startedAt}, Node ${report.node})`,
    `CPU placement: ${report.cpuPlacement}; load average ${report.loadAverage.start.toFixed(2)} at start, ${report.loadAverage.end.toFixed(2)} at end`,
    `Bodies: ${report.spansPerRequest} spans/request, real SDK spans through the official otlp-transformer serializers ` +
      `(protobuf ${int(protobuf.bodyBytes)} B, json ${int(json.bodyBytes)} B); ${report.concurrency} requests in flight over keep-alive connections`,
    '',
    ...formatThroughput(report),
    '',
    ...formatMemory(report.memory),
  ].join('\n');
}
