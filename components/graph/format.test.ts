import { describe, expect, it } from 'vitest';
import {
  edgeAriaLabel,
  edgeFigures,
  formatMs,
  formatPercent,
  formatRate,
  healthOf,
  nodeAriaLabel,
} from './format';

describe('healthOf', () => {
  it('bands error rates at 1 % and 5 %', () => {
    expect(healthOf(0)).toBe('healthy');
    expect(healthOf(0.0099)).toBe('healthy');
    expect(healthOf(0.01)).toBe('warning');
    expect(healthOf(0.0499)).toBe('warning');
    expect(healthOf(0.05)).toBe('critical');
    expect(healthOf(1)).toBe('critical');
  });
});

describe('number formatting', () => {
  it('formats request rates', () => {
    expect(formatRate(0)).toBe('0');
    expect(formatRate(0.04)).toBe('<0.1');
    expect(formatRate(3.24)).toBe('3.2');
    expect(formatRate(5)).toBe('5');
    expect(formatRate(99.96)).toBe('100');
    expect(formatRate(1234.4)).toBe('1234');
  });

  it('formats ratios as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(0.03)).toBe('3%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('formats milliseconds with their unit', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(3.44)).toBe('3.4 ms');
    expect(formatMs(120.4)).toBe('120 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(2000)).toBe('2 s');
  });
});

describe('accessible names', () => {
  it('names a node by kind, label, rate and errors', () => {
    expect(
      nodeAriaLabel({
        label: 'accounts',
        kind: 'service',
        requestRatePerSecond: 3.21,
        errorRate: 0,
      }),
    ).toBe('service accounts, 3.2 requests per second, 0% errors');
  });

  it('names an edge and lists its figures', () => {
    const edge = { requestRatePerSecond: 12.5, errorRate: 0.02, p95Ms: 48.2 };
    expect(edgeAriaLabel('gateway', 'accounts', edge)).toBe(
      'gateway to accounts, 12.5 requests per second, 2% errors, p95 48 ms',
    );
    expect(edgeFigures(edge)).toEqual({ rate: '12.5 req/s', errors: '2% err', p95: 'p95 48 ms' });
  });
});
