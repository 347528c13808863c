import { describe, expect, it } from 'vitest';
import { COOL_DOWN_SECONDS, chaosSchedule, SCENARIOS } from './schedule';

const targets = {
  byKind: {
    latency: ['accounts', 'payments', 'gateway->accounts'],
    errors: ['accounts', 'payments'],
    'partner-bank': ['partner-bank'],
    crash: ['accounts', 'payments', 'kyc'],
  },
};

describe('chaosSchedule', () => {
  it('replays the same schedule for a seed and draws another for another seed', () => {
    expect(chaosSchedule(42, 120, targets)).toEqual(chaosSchedule(42, 120, targets));
    expect(chaosSchedule(42, 120, targets)).not.toEqual(chaosSchedule(43, 120, targets));
  });

  it('keeps faults inside the fault phase, on known targets, at most two at a time', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const steps = chaosSchedule(seed, 120, targets);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        expect(step.atSeconds).toBeGreaterThanOrEqual(0);
        expect(step.atSeconds + step.ttlSeconds).toBeLessThanOrEqual(120 - COOL_DOWN_SECONDS);
        const allowed = targets.byKind[step.kind as keyof typeof targets.byKind];
        expect(allowed).toContain(step.target);
        expect(step.target).not.toContain('->');
        const overlapping = steps.filter(
          (s) => s.atSeconds <= step.atSeconds && s.atSeconds + s.ttlSeconds > step.atSeconds,
        );
        expect(overlapping.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('draws nothing it has no target for', () => {
    expect(chaosSchedule(7, 120, { byKind: {} })).toEqual([]);
  });

  it('names every scenario once', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('chaos');
  });
});
