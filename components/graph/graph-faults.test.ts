import { describe, expect, it } from 'vitest';
import type { FaultWindow } from '../../collectors/contracts';
import { faultKinds, faultsOnGraph, NO_GRAPH_FAULTS } from './graph-faults';

const fault = (id: string, kind: string, target: string, service = 'control'): FaultWindow => ({
  id,
  kind,
  target,
  service,
  startedAtUnixMs: 1,
  endedAtUnixMs: null,
});

describe('faultsOnGraph', () => {
  it('puts node targets on nodes and call-path targets on edges', () => {
    const faults = faultsOnGraph([
      fault('f1', 'latency', 'accounts'),
      fault('f2', 'abort', 'payments->partner-bank'),
      fault('f3', 'drop', 'gateway → accounts'),
      fault('f4', 'delay', 'accounts'),
    ]);
    expect(faults.nodes.get('accounts')?.map((f) => f.id)).toEqual(['f1', 'f4']);
    expect(faults.edges.get('payments->partner-bank')?.map((f) => f.id)).toEqual(['f2']);
    expect(faults.edges.get('gateway->accounts')?.map((f) => f.id)).toEqual(['f3']);
    expect(faults.nodes.has('payments->partner-bank')).toBe(false);
  });

  it('falls back to the reporting service when the target is blank', () => {
    const faults = faultsOnGraph([fault('f1', 'crash', '', 'lending')]);
    expect(faults.nodes.get('lending')).toHaveLength(1);
  });

  it('answers the shared empty value when nothing is active', () => {
    expect(faultsOnGraph([])).toBe(NO_GRAPH_FAULTS);
  });

  it('names each kind once', () => {
    expect(
      faultKinds([fault('a', 'latency', 'x'), fault('b', 'latency', 'x'), fault('c', '', 'x')]),
    ).toBe('latency, fault');
  });
});
