import { describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../../collectors/contracts';
import { formatAge } from './age';
import { reconnectDelayMs, stateAfterFailure } from './connection';
import { applyMessages, INITIAL_LIVE_STATE } from './live-state';
import { KNOWN_MESSAGE_TYPES, parseStreamData } from './parse';

const graph = (generatedAtUnixMs: number): GraphSnapshot => ({
  generatedAtUnixMs,
  windowSeconds: 60,
  nodes: [
    { id: 'accounts', label: 'accounts', kind: 'service', requestRatePerSecond: 1, errorRate: 0 },
  ],
  edges: [],
});

describe('parseStreamData', () => {
  it('knows the contract message types', () => {
    expect([...KNOWN_MESSAGE_TYPES].sort()).toEqual([
      'breakers',
      'cqrs',
      'faults',
      'graph',
      'hello',
      'red',
      'sagas',
    ]);
  });

  it('accepts a graph message', () => {
    const result = parseStreamData(JSON.stringify({ v: 1, type: 'graph', data: graph(1) }));
    expect(result.ok && result.message.type).toBe('graph');
  });

  it('skips types it does not know without calling them invalid', () => {
    expect(parseStreamData('{"v":1,"type":"from-the-future","data":{}}')).toEqual({
      ok: false,
      reason: 'unknown-type',
      type: 'from-the-future',
    });
  });

  it('reports broken JSON and contract violations as invalid', () => {
    expect(parseStreamData('{nope')).toMatchObject({ ok: false, reason: 'invalid' });
    const bad = parseStreamData(JSON.stringify({ v: 1, type: 'graph', data: { nodes: 'x' } }));
    expect(bad).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!bad.ok && bad.reason === 'invalid' && bad.detail).toContain('data.');
  });
});

describe('applyMessages', () => {
  it('keeps the last snapshot of a batch and stamps the receive time', () => {
    const state = applyMessages(
      INITIAL_LIVE_STATE,
      [
        { v: 1, type: 'hello', data: { serverTimeUnixMs: 0, collectorVersion: '0.1.0' } },
        { v: 1, type: 'graph', data: graph(1) },
        { v: 1, type: 'graph', data: graph(2) },
      ],
      1234,
    );
    expect(state.graph?.generatedAtUnixMs).toBe(2);
    expect(state.collectorVersion).toBe('0.1.0');
    expect(state.lastMessageAtMs).toBe(1234);
    expect(state.connection).toBe('connecting');
  });

  it('keeps the latest pattern snapshots and leaves the others as they were', () => {
    const faults = { active: [], history: [] };
    const first = applyMessages(
      INITIAL_LIVE_STATE,
      [
        { v: 1, type: 'faults', data: faults },
        { v: 1, type: 'breakers', data: { breakers: [] } },
      ],
      1,
    );
    const byStatus = { running: 0, compensating: 0, completed: 0, compensated: 0, failed: 0 };
    const sagas = { total: 0, byStatus, recent: [] };
    const next = applyMessages(first, [{ v: 1, type: 'sagas', data: sagas }], 2);
    expect(next.sagas).toBe(sagas);
    expect(next.faults).toBe(faults);
    expect(next.breakers).toEqual({ breakers: [] });
    expect(next.cqrs).toBeNull();
  });

  it('leaves the state alone for an empty batch', () => {
    expect(applyMessages(INITIAL_LIVE_STATE, [], 1)).toBe(INITIAL_LIVE_STATE);
  });
});

describe('reconnect policy', () => {
  it('backs off exponentially up to a cap, with jitter in the upper half', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect(reconnectDelayMs(1, low)).toBe(250);
    expect(reconnectDelayMs(1, high)).toBe(500);
    expect(reconnectDelayMs(3, low)).toBe(1000);
    expect(reconnectDelayMs(3, high)).toBe(2000);
    expect(reconnectDelayMs(50, high)).toBe(15_000);
    expect(reconnectDelayMs(50, low)).toBe(7_500);
  });

  it('calls the stream offline after three failures in a row', () => {
    expect(stateAfterFailure(1)).toBe('reconnecting');
    expect(stateAfterFailure(2)).toBe('reconnecting');
    expect(stateAfterFailure(3)).toBe('offline');
  });
});

describe('formatAge', () => {
  it('says how long ago, in the largest whole unit', () => {
    expect(formatAge(-50)).toBe('just now');
    expect(formatAge(999)).toBe('just now');
    expect(formatAge(3_500)).toBe('3 s ago');
    expect(formatAge(125_000)).toBe('2 min ago');
    expect(formatAge(2 * 3_600_000)).toBe('2 h ago');
  });
});
