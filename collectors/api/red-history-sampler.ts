import { DEFAULT_RED_HISTORY, RedHistoryRecorder } from '../processors/red-history';
import type { QuerySource } from './query-source';

export interface RedHistorySamplerOptions {
  /** Time between two samples (default 5 s). */
  intervalMs?: number;
  /** How far back the history reaches (default 15 min). */
  retentionMs?: number;
  /** Keys kept (default 500; the least recently updated goes first). */
  maxKeys?: number;
}

export const DEFAULT_RED_HISTORY_INTERVAL_MS = 5_000;

/**
 * Feeds a RedHistoryRecorder from the pipeline on its own timer, whether or not anyone watches
 * the live stream: every `intervalMs` one graph and one RED snapshot (the same the stream sends)
 * become one sample per key. The timer is unref'd, so it never keeps the process alive; stop()
 * ends it. A first sample is taken on start.
 */
export class RedHistorySampler {
  readonly recorder: RedHistoryRecorder;
  readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: Pick<QuerySource, 'clock' | 'graph' | 'red'>,
    options: RedHistorySamplerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_RED_HISTORY_INTERVAL_MS;
    const retentionMs = options.retentionMs ?? DEFAULT_RED_HISTORY.retentionMs;
    this.recorder = new RedHistoryRecorder({
      retentionMs,
      maxKeys: options.maxKeys ?? DEFAULT_RED_HISTORY.maxKeys,
      // One spare slot: a sample exactly `retentionMs` old is still answered.
      maxSamplesPerKey: Math.ceil(retentionMs / this.intervalMs) + 1,
    });
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample of every key in the current snapshots. */
  sample(): void {
    const nowMs = this.source.clock();
    this.recorder.record(this.source.graph.snapshot(nowMs), this.source.red.snapshot(nowMs));
  }
}
