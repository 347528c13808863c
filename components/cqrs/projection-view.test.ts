import { describe, expect, it } from 'vitest';
import {
  checkpointPercent,
  controlsByProjection,
  controlUrl,
  historyDomain,
  lagSeries,
  TopologyProjections,
} from './projection-view';

describe('projection helpers', () => {
  it('measures the checkpoint against the head', () => {
    expect(checkpointPercent({ position: 30, headPosition: 40 })).toBe(75);
    expect(checkpointPercent({ position: 0, headPosition: 0 })).toBe(100);
    expect(checkpointPercent({ position: 5, headPosition: null })).toBeNull();
  });

  it('keeps unknown lag as gaps in the series and shows at least a minute', () => {
    const history = [
      { timeUnixMs: 100_000, position: 1, headPosition: null, lagEvents: null, lagMs: null },
      { timeUnixMs: 101_000, position: 2, headPosition: 5, lagEvents: 3, lagMs: 40 },
    ];
    expect(lagSeries(history)).toEqual([
      { timeUnixMs: 100_000, lagEvents: null, lagMs: null },
      { timeUnixMs: 101_000, lagEvents: 3, lagMs: 40 },
    ]);
    expect(historyDomain(history)).toEqual([41_000, 101_000]);
    expect(historyDomain([])).toBeNull();
  });

  it('offers controls only for projections the control plane lists with controls', () => {
    // Today's topology has services only: no buttons.
    const today = TopologyProjections.parse({ services: [{ name: 'accounts' }] });
    expect(controlsByProjection(today).size).toBe(0);
    const later = TopologyProjections.parse({
      projections: [
        { service: 'accounts', name: 'balances', controls: ['pause', 'resume'] },
        { service: 'accounts', name: 'audit', controls: [] },
      ],
    });
    const controls = controlsByProjection(later);
    expect([...controls.keys()]).toEqual(['accounts/balances']);
    expect(controlUrl('accounts/balances', 'pause')).toBe(
      '/api/control/projections/accounts/balances/pause',
    );
  });
});
