import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelemetryPipeline } from '../pipeline';
import { at } from '../processors/fixture-spans';
import { RedHistorySampler } from './red-history-sampler';
import { fixtureTraffic } from './test-fixture';

describe('RedHistorySampler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('samples on start and every interval without any client, and not after stop', () => {
    const clock = { now: at(1000) };
    const pipeline = new TelemetryPipeline({ maxSpans: 1000, clock: () => clock.now });
    pipeline.ingestSpans(fixtureTraffic());
    const sampler = new RedHistorySampler(pipeline, { intervalMs: 5000 });
    const times = () => sampler.recorder.samples('service:payments', clock.now).map((s) => s.t);

    sampler.start();
    expect(sampler.running).toBe(true);
    expect(times()).toEqual([at(1000)]);
    clock.now = at(6000);
    vi.advanceTimersByTime(5000);
    expect(times()).toEqual([at(1000), at(6000)]);
    // The same samples the stream's snapshots give, per edge too.
    expect(sampler.recorder.samples('edge:gateway->payments', clock.now)).toHaveLength(2);

    sampler.stop();
    expect(sampler.running).toBe(false);
    clock.now = at(11_000);
    vi.advanceTimersByTime(20_000);
    expect(times()).toEqual([at(1000), at(6000)]);
  });

  it('holds one retention of samples per key', () => {
    const clock = { now: at(0) };
    const pipeline = new TelemetryPipeline({ maxSpans: 1000, clock: () => clock.now });
    pipeline.ingestSpans(fixtureTraffic());
    const sampler = new RedHistorySampler(pipeline, { intervalMs: 1000, retentionMs: 3000 });
    for (let i = 0; i < 10; i += 1) {
      clock.now = at(1000 + i * 1000);
      sampler.sample();
    }
    expect(sampler.recorder.samples('service:payments', clock.now).map((s) => s.t)).toEqual([
      at(7000),
      at(8000),
      at(9000),
      at(10_000),
    ]);
  });
});
