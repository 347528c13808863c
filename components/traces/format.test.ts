import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, formatOffset } from './format';

describe('formatDuration', () => {
  it('picks the unit and keeps three significant digits', () => {
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(0.0123)).toBe('12.3 µs');
    expect(formatDuration(3.456)).toBe('3.46 ms');
    expect(formatDuration(104.33)).toBe('104 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });

  it('shows zero and nonsense as 0 ms', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(Number.NaN)).toBe('0 ms');
  });
});

describe('formatAgo and formatOffset', () => {
  it('reads as an age', () => {
    expect(formatAgo(400)).toBe('just now');
    expect(formatAgo(42_500)).toBe('42 s ago');
    expect(formatAgo(5 * 60_000 + 10)).toBe('5 min ago');
    expect(formatAgo(3 * 3_600_000)).toBe('3 h ago');
    expect(formatAgo(72 * 3_600_000)).toBe('3 d ago');
  });

  it('signs offsets', () => {
    expect(formatOffset(12.3)).toBe('+12.3 ms');
    expect(formatOffset(-2)).toBe('−2 ms');
  });
});
