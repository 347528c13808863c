import { describe, expect, it } from 'vitest';
import { firstWithSamples, redPoints, spanLabel } from './red-chart-data';
import { redHistoryUrl } from './use-server-red-history';

const sample = (t: number) => ({ t, ratePerSecond: 2, errorRate: 0.25, p95Ms: null });

describe('red chart data', () => {
  it('turns samples into chart rows with errors in percent', () => {
    expect(redPoints([sample(1)])).toEqual([{ t: 1, rate: 2, errors: 25, p95: null }]);
  });

  it('picks the first key that holds samples', () => {
    expect(firstWithSamples([[], [sample(1)]])).toEqual([sample(1)]);
    expect(firstWithSamples([[], []])).toEqual([]);
  });

  it('labels a span in seconds up to two minutes, then in minutes', () => {
    expect(spanLabel(45_400)).toBe('45 s');
    expect(spanLabel(119_000)).toBe('119 s');
    expect(spanLabel(120_000)).toBe('2 min');
    expect(spanLabel(900_000)).toBe('15 min');
  });

  it('asks the collectors for every key, encoded', () => {
    expect(redHistoryUrl(['service:accounts', 'edge:gateway->accounts'])).toBe(
      '/api/v1/red/history?key=service%3Aaccounts&key=edge%3Agateway-%3Eaccounts',
    );
  });
});
