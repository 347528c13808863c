import type { ProjectionView } from '../../collectors/contracts';

/** A peak of a projection's lag: when it rose, when it peaked, how high. */
export interface LagSpike {
  /** The last sample before the peak at or below the typical lag (the rise's start). */
  fromUnixMs: number;
  peakUnixMs: number;
  lagEvents: number;
}

/** Lags at or below this are never a spike, whatever the typical lag is. */
const MIN_SPIKE_EVENTS = 5;
/** Rises that start this soon after the previous peak belong to the same spike. */
const MERGE_MS = 10_000;

/**
 * The highest `limit` peaks of the lag in events, oldest first: local maxima above both
 * MIN_SPIKE_EVENTS and twice the median lag, at most one per rise (peaks without a return to
 * the typical lag between them, or one starting within MERGE_MS of the last peak, count as one,
 * the highest).
 */
export function lagSpikes(history: ProjectionView['history'], limit = 3): LagSpike[] {
  const samples = history.filter(
    (sample): sample is typeof sample & { lagEvents: number } => sample.lagEvents !== null,
  );
  if (samples.length < 3) return [];
  const sorted = samples.map((s) => s.lagEvents).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const threshold = Math.max(MIN_SPIKE_EVENTS, median * 2);
  const spikes: LagSpike[] = [];
  const close = (spike: LagSpike) => {
    const previous = spikes.at(-1);
    if (previous && spike.fromUnixMs - previous.peakUnixMs <= MERGE_MS) {
      if (spike.lagEvents > previous.lagEvents) {
        spikes[spikes.length - 1] = { ...spike, fromUnixMs: previous.fromUnixMs };
      }
    } else {
      spikes.push(spike);
    }
  };
  // The spike of the current rise, if it has one yet.
  const rise: { spike: LagSpike | null; from: number } = {
    spike: null,
    from: samples[0]!.timeUnixMs,
  };
  for (const sample of samples) {
    if (sample.lagEvents <= median) {
      if (rise.spike !== null) close(rise.spike);
      rise.spike = null;
      rise.from = sample.timeUnixMs;
    } else if (
      sample.lagEvents > threshold &&
      (rise.spike === null || sample.lagEvents > rise.spike.lagEvents)
    ) {
      rise.spike = {
        fromUnixMs: rise.from,
        peakUnixMs: sample.timeUnixMs,
        lagEvents: sample.lagEvents,
      };
    }
  }
  if (rise.spike !== null) close(rise.spike);
  return spikes
    .sort((a, b) => b.lagEvents - a.lagEvents)
    .slice(0, limit)
    .sort((a, b) => a.peakUnixMs - b.peakUnixMs);
}
