import type { StreamMessage } from '../../collectors/contracts';

/**
 * A short history of the live stream's RED figures, kept in the browser so a chart can show
 * "over time" for any node or edge without a history API: every `graph` message adds a sample
 * per node and edge, every `red` message one per service (with its latency percentiles).
 * Bounded: at most one sample per key per `minIntervalMs`, `maxSamples` per key, `maxKeys` keys
 * (the least recently updated key goes first). Lives outside React state so recording costs
 * no render; charts subscribe to the keys they show.
 */
export interface RedSample {
  /** Unix ms when the sample was taken (the snapshot's generation time). */
  t: number;
  ratePerSecond: number;
  /** 0..1 */
  errorRate: number;
  /** Milliseconds; null where the source has no latency (graph nodes). */
  p95Ms: number | null;
}

export type HistoryKey = `node:${string}` | `edge:${string}` | `service:${string}`;

export interface HistoryOptions {
  maxSamples?: number;
  minIntervalMs?: number;
  maxKeys?: number;
}

const EMPTY: readonly RedSample[] = Object.freeze([]);

export class RedHistory {
  private readonly series = new Map<HistoryKey, readonly RedSample[]>();
  private readonly listeners = new Set<() => void>();
  private readonly maxSamples: number;
  private readonly minIntervalMs: number;
  private readonly maxKeys: number;

  constructor(options: HistoryOptions = {}) {
    this.maxSamples = options.maxSamples ?? 300;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxKeys = options.maxKeys ?? 600;
  }

  /** The samples of one key, oldest first; the same array until a sample is added. */
  get(key: HistoryKey): readonly RedSample[] {
    return this.series.get(key) ?? EMPTY;
  }

  get size(): number {
    return this.series.size;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Adds a sample unless the key got one less than `minIntervalMs` before. True if added. */
  record(key: HistoryKey, sample: RedSample): boolean {
    const before = this.series.get(key);
    const last = before?.at(-1);
    if (last !== undefined && sample.t - last.t < this.minIntervalMs) return false;
    const kept = before === undefined ? [] : before.slice(-(this.maxSamples - 1));
    // Re-inserting moves the key to the end: Map order is then least recently updated first.
    this.series.delete(key);
    this.series.set(key, [...kept, sample]);
    while (this.series.size > this.maxKeys) {
      const oldest = this.series.keys().next().value;
      if (oldest === undefined) break;
      this.series.delete(oldest);
    }
    return true;
  }

  /** Folds one stream message in; tells subscribers when anything was added. */
  recordMessage(message: StreamMessage): void {
    let added = false;
    if (message.type === 'graph') {
      const t = message.data.generatedAtUnixMs;
      for (const node of message.data.nodes) {
        added =
          this.record(`node:${node.id}`, {
            t,
            ratePerSecond: node.requestRatePerSecond,
            errorRate: node.errorRate,
            p95Ms: null,
          }) || added;
      }
      for (const edge of message.data.edges) {
        added =
          this.record(`edge:${edge.id}`, {
            t,
            ratePerSecond: edge.requestRatePerSecond,
            errorRate: edge.errorRate,
            p95Ms: edge.latencyMs.p95,
          }) || added;
      }
    } else if (message.type === 'red') {
      const t = message.data.generatedAtUnixMs;
      for (const service of message.data.services) {
        added =
          this.record(`service:${service.service}`, {
            t,
            ratePerSecond: service.requestRatePerSecond,
            errorRate: service.errorRate,
            p95Ms: service.latencyMs.p95,
          }) || added;
      }
    }
    if (added) for (const listener of this.listeners) listener();
  }
}
