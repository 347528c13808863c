import { describe, expect, it } from 'vitest';
import { axisTicks, barGeometry, labelPlacement, niceStep } from './time-axis';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(104.3, 5)).toBe(50);
    expect(niceStep(0.3, 3)).toBe(0.1);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.5);
  });

  it('is 0 for an empty span', () => {
    expect(niceStep(0, 5)).toBe(0);
  });
});

describe('axisTicks', () => {
  it('places ticks from 0 to the end, at fractions of the span', () => {
    const ticks = axisTicks(104.3, 5);
    expect(ticks.map((t) => t.offsetMs)).toEqual([0, 50, 100]);
    expect(ticks[1]?.fraction).toBeCloseTo(50 / 104.3);
  });

  it('does not drift with decimal steps and includes the end when it is a tick', () => {
    expect(axisTicks(0.3, 3).map((t) => t.offsetMs)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axisTicks(0.3, 3).at(-1)?.fraction).toBe(1);
  });

  it('gives a single tick for a zero-length trace', () => {
    expect(axisTicks(0)).toEqual([{ offsetMs: 0, fraction: 0 }]);
  });
});

describe('barGeometry', () => {
  it('positions a bar as fractions of the axis', () => {
    expect(barGeometry(1000, 200, 1050, 100)).toEqual({ left: 0.25, width: 0.5 });
  });

  it('clamps bars that stick out of the axis', () => {
    expect(barGeometry(1000, 100, 1090, 50)).toEqual({ left: 0.9, width: expect.closeTo(0.1) });
    expect(barGeometry(1000, 100, 900, 10).left).toBe(0);
  });

  it('fills the axis when the trace has no length', () => {
    expect(barGeometry(1000, 0, 1000, 0)).toEqual({ left: 0, width: 1 });
  });
});

describe('labelPlacement', () => {
  it('puts the label after the bar, before it, or inside when the bar fills the axis', () => {
    expect(labelPlacement({ left: 0.1, width: 0.3 })).toBe('after');
    expect(labelPlacement({ left: 0.6, width: 0.4 })).toBe('before');
    expect(labelPlacement({ left: 0.02, width: 0.97 })).toBe('inside');
  });
});
