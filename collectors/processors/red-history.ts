import type { GraphSnapshot } from '../contracts/graph';
import {
  historySamplesOfGraph,
  historySamplesOfRed,
  type KeyedRedSample,
  type RedHistoryKey,
  type RedSample,
  type RedSnapshot,
} from '../contracts/red';

export interface RedHistoryOptions {
  /** Samples kept per key (the oldest overwritten first). */
  maxSamplesPerKey: number;
  /** Keys kept; beyond it the least recently updated key goes. */
  maxKeys: number;
  /** Samples older than this are not answered, and a key idle this long is dropped. */
  retentionMs: number;
}

export const DEFAULT_RED_HISTORY: RedHistoryOptions = {
  maxSamplesPerKey: 180,
  maxKeys: 500,
  retentionMs: 15 * 60_000,
};

/** A fixed-capacity ring of samples, oldest first. */
class SampleRing {
  private readonly buffer: RedSample[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  get last(): RedSample | undefined {
    if (this.buffer.length === 0) return undefined;
    return this.buffer[(this.start + this.buffer.length - 1) % this.buffer.length];
  }

  push(sample: RedSample): void {
    if (this.buffer.length < this.capacity) {
      this.buffer.push(sample);
      return;
    }
    this.buffer[this.start] = sample;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The samples taken at or after `fromMs`, oldest first (copies). */
  since(fromMs: number): RedSample[] {
    const out: RedSample[] = [];
    for (let i = 0; i < this.buffer.length; i += 1) {
      const sample = this.buffer[(this.start + i) % this.buffer.length]!;
      if (sample.t >= fromMs) out.push({ ...sample });
    }
    return out;
  }
}

/**
 * The recent past of the RED figures the live stream shows, per history key (`node:`, `edge:`,
 * `service:`; see contracts/red.ts): fed with the graph and RED snapshots on a timer, it keeps a
 * bounded ring of samples per key so a chart can show the last minutes the moment it opens.
 * Bounded three ways: samples per key, number of keys (least recently updated evicted first)
 * and age. A sample that is not newer than its key's last one is ignored.
 */
export class RedHistoryRecorder {
  private readonly options: RedHistoryOptions;
  /** Map order is least recently updated first (an update re-inserts the key). */
  private readonly series = new Map<RedHistoryKey, SampleRing>();

  constructor(options: Partial<RedHistoryOptions> = {}) {
    this.options = { ...DEFAULT_RED_HISTORY, ...options };
  }

  get size(): number {
    return this.series.size;
  }

  /** Takes one sample per node, edge and service of the snapshots. */
  record(graph: GraphSnapshot, red: RedSnapshot): void {
    this.recordSamples(historySamplesOfGraph(graph));
    this.recordSamples(historySamplesOfRed(red));
    this.dropIdle(Math.max(graph.generatedAtUnixMs, red.generatedAtUnixMs));
  }

  recordSamples(samples: Iterable<KeyedRedSample>): void {
    for (const [key, sample] of samples) {
      let ring = this.series.get(key);
      const last = ring?.last;
      if (last !== undefined && sample.t <= last.t) continue;
      ring ??= new SampleRing(this.options.maxSamplesPerKey);
      ring.push(sample);
      this.series.delete(key);
      this.series.set(key, ring);
    }
    while (this.series.size > this.options.maxKeys) {
      const oldest = this.series.keys().next().value;
      if (oldest === undefined) break;
      this.series.delete(oldest);
    }
  }

  /** The samples of `key` within the retention before `nowMs`, oldest first; [] if unknown. */
  samples(key: RedHistoryKey, nowMs: number): RedSample[] {
    return this.series.get(key)?.since(nowMs - this.options.retentionMs) ?? [];
  }

  /** Drops keys whose newest sample is older than the retention (they left the snapshots). */
  private dropIdle(nowMs: number): void {
    const cutoff = nowMs - this.options.retentionMs;
    for (const [key, ring] of this.series) {
      const last = ring.last;
      if (last !== undefined && last.t >= cutoff) break;
      this.series.delete(key);
    }
  }
}
