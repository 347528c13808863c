import {
  historySamplesOfGraph,
  historySamplesOfRed,
  type KeyedRedSample,
  type RedHistoryKey,
  type RedSample,
  type StreamMessage,
} from '../../collectors/contracts';

export type { RedSample };
export type HistoryKey = RedHistoryKey;

export interface HistoryOptions {
  maxSamples?: number;
  minIntervalMs?: number;
  maxKeys?: number;
}

const EMPTY: readonly RedSample[] = Object.freeze([]);

/**
 * A short history of the live stream's RED figures, kept in the browser so a chart can show
 * "over time" for any node or edge: every `graph` message adds a sample per node and edge,
 * every `red` message one per service (with its latency percentiles), keyed as the collectors'
 * own RED history keys them (contracts/red.ts). `seed` puts the collectors' older samples in
 * front, so a chart opened on a fresh page shows the last minutes at once.
 * Bounded: at most one recorded sample per key per `minIntervalMs`, `maxSamples` per key,
 * `maxKeys` keys (the least recently updated key goes first). Lives outside React state so
 * recording costs no render; charts subscribe to the keys they show.
 */
export class RedHistory {
  private readonly series = new Map<HistoryKey, readonly RedSample[]>();
  private readonly listeners = new Set<() => void>();
  private readonly maxSamples: number;
  private readonly minIntervalMs: number;
  private readonly maxKeys: number;

  constructor(options: HistoryOptions = {}) {
    // 15 min at one sample a second: room for the collectors' history plus what the stream adds.
    this.maxSamples = options.maxSamples ?? 900;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxKeys = options.maxKeys ?? 300;
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
    this.replace(key, [...kept, sample]);
    return true;
  }

  /**
   * Puts older samples of `key` (from the collectors' history) in front of what the stream
   * delivered: only those taken before the key's first sample, oldest first, one per
   * timestamp; the newest `maxSamples` stay. Tells subscribers when anything was added.
   */
  seed(key: HistoryKey, samples: readonly RedSample[]): boolean {
    const current = this.series.get(key) ?? EMPTY;
    const firstT = current[0]?.t ?? Number.POSITIVE_INFINITY;
    const older = samples.filter((sample) => sample.t < firstT).sort((a, b) => a.t - b.t);
    const unique = older.filter((sample, i) => i === 0 || sample.t !== older[i - 1]!.t);
    if (unique.length === 0) return false;
    this.replace(key, [...unique, ...current].slice(-this.maxSamples));
    this.notify();
    return true;
  }

  /** Folds one stream message in; tells subscribers when anything was added. */
  recordMessage(message: StreamMessage): void {
    let samples: KeyedRedSample[];
    if (message.type === 'graph') samples = historySamplesOfGraph(message.data);
    else if (message.type === 'red') samples = historySamplesOfRed(message.data);
    else return;
    let added = false;
    for (const [key, sample] of samples) added = this.record(key, sample) || added;
    if (added) this.notify();
  }

  private replace(key: HistoryKey, samples: readonly RedSample[]): void {
    // Re-inserting moves the key to the end: Map order is then least recently updated first.
    this.series.delete(key);
    this.series.set(key, samples);
    while (this.series.size > this.maxKeys) {
      const oldest = this.series.keys().next().value;
      if (oldest === undefined) break;
      this.series.delete(oldest);
    }
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
