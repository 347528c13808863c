import { describe, expect, it } from 'vitest';
import { trafficPlan } from './traffic';
import { dotsAt, type TrafficLane } from './traffic-registry';

const points = [
  { x: 0, y: 0 },
  { x: 10, y: 0 },
  { x: 20, y: 0 },
];

describe('dotsAt', () => {
  it('spreads back-to-back dots evenly along the path', () => {
    const plan = trafficPlan(5, 0); // 8 dots in a 1.6 s cycle
    expect(plan.travelFraction).toBe(1);
    const dots = dotsAt({ points, plan }, 0);
    expect(dots).toHaveLength(plan.count);
    const xs = dots.map((d) => d.x).sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(20 / plan.count, 5);
  });

  it('moves a dot from source to target in the travel time, then rests it', () => {
    const plan = trafficPlan(0.25, 0); // one dot every 4 s, 1.6 s to cross
    const lane: TrafficLane = { points, plan };
    expect(dotsAt(lane, 0)).toEqual([{ x: 0, y: 0, red: false }]);
    expect(dotsAt(lane, 0.8)[0]!.x).toBeCloseTo(10, 5);
    expect(dotsAt(lane, 1.7)).toEqual([]);
    expect(dotsAt(lane, 4.4)[0]!.x).toBeCloseTo(5, 5);
  });

  it('draws red dots for the error share, and nothing on an idle lane', () => {
    const dots = dotsAt({ points, plan: trafficPlan(5, 1) }, 0.3);
    expect(dots.every((d) => d.red)).toBe(true);
    expect(dotsAt({ points, plan: trafficPlan(0, 0) }, 1)).toEqual([]);
    expect(dotsAt({ points: [points[0]!], plan: trafficPlan(5, 0) }, 1)).toEqual([]);
  });
});
