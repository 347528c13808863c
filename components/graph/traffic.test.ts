import { describe, expect, it } from 'vitest';
import { MAX_DOTS_PER_SECOND, quantiseRate, TRAVEL_SECONDS, trafficPlan } from './traffic';

const dotsPerSecond = (rate: number) => {
  const plan = trafficPlan(rate, 0);
  return plan.count / plan.cycleSeconds;
};

describe('trafficPlan', () => {
  it('carries no dots on an idle edge', () => {
    expect(trafficPlan(0, 0).count).toBe(0);
    expect(trafficPlan(0.01, 1).count).toBe(0);
    expect(trafficPlan(Number.NaN, 0).count).toBe(0);
  });

  it('sends dots at a rate proportional to the request rate, up to a cap', () => {
    expect(dotsPerSecond(1)).toBeCloseTo(1, 5);
    expect(dotsPerSecond(4)).toBeCloseTo(4, 5);
    expect(dotsPerSecond(4)).toBeGreaterThan(dotsPerSecond(2) * 1.5);
    expect(dotsPerSecond(2)).toBeGreaterThan(dotsPerSecond(1) * 1.5);
    expect(dotsPerSecond(0.25)).toBeCloseTo(0.25, 2);
    expect(dotsPerSecond(500)).toBeCloseTo(dotsPerSecond(MAX_DOTS_PER_SECOND), 5);
  });

  it('lets a slow edge wait between dots instead of slowing them down', () => {
    const plan = trafficPlan(0.25, 0);
    expect(plan.count).toBe(1);
    expect(plan.cycleSeconds).toBeCloseTo(4, 5);
    expect(plan.travelFraction).toBeCloseTo(TRAVEL_SECONDS / 4, 5);
  });

  it('colours the error share of the dots red, spread out', () => {
    const plan = trafficPlan(8, 0.3);
    const red = plan.red.filter(Boolean).length;
    expect(red).toBe(Math.round(plan.count * 0.3));
    expect(plan.cycleSeconds).toBeGreaterThanOrEqual(TRAVEL_SECONDS);
    expect(plan.red.some((r, i) => r && plan.red[i + 1] === true)).toBe(false);
    expect(trafficPlan(8, 0).red.some(Boolean)).toBe(false);
    expect(trafficPlan(8, 1).red.every(Boolean)).toBe(true);
  });

  it('shows at least one red dot once errors reach 5 %', () => {
    expect(trafficPlan(0.5, 0.06).red).toEqual([true]);
    expect(trafficPlan(0.5, 0.01).red).toEqual([false]);
  });

  it('keeps the same plan for small changes between ticks', () => {
    expect(trafficPlan(3.9, 0.01).key).toBe(trafficPlan(4.1, 0.02).key);
    expect(trafficPlan(2, 0).key).not.toBe(trafficPlan(4, 0).key);
    expect(quantiseRate(4.2)).toBe(4);
  });
});
