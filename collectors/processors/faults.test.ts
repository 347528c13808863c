import { describe, expect, it } from 'vitest';
import { faultAttributes as F, faultEvents } from '../contracts/conventions';
import type { TelemetryEvent } from '../contracts/events';
import { FaultsSnapshot } from '../contracts/faults';
import { FaultTracker } from './faults';
import { at } from './fixture-spans';

function fault(
  name: 'started' | 'ended',
  time: number,
  id: string,
  kind = 'latency',
  target = 'accounts',
): TelemetryEvent {
  return {
    name: faultEvents[name],
    timeUnixMs: at(time),
    service: 'control',
    attributes: { ...(id ? { [F.id]: id } : {}), [F.kind]: kind, [F.target]: target },
    traceId: '',
    spanId: '',
    source: 'log',
  };
}

/*
 * time      0    10   20   30   40   50
 * f1 latency  [────────────]                 accounts
 * f2 error             [──────────────── …   payments (still active)
 * f3 kill   … ───]                           end seen, start before the collector started
 */
describe('FaultTracker', () => {
  const events = [
    fault('started', 0, 'f1'),
    fault('ended', 15, 'f3', 'kill', 'kyc'),
    fault('started', 20, 'f2', 'error', 'payments'),
    fault('ended', 30, 'f1'),
  ];

  it('tracks active faults and ended windows', () => {
    const faults = new FaultTracker();
    for (const e of events) expect(faults.recordEvent(e)).toBe(true);
    const snap = faults.snapshot();
    expect(FaultsSnapshot.parse(snap)).toEqual(snap);
    expect(snap.active).toEqual([
      {
        id: 'f2',
        kind: 'error',
        target: 'payments',
        service: 'control',
        startedAtUnixMs: at(20),
        endedAtUnixMs: null,
      },
    ]);
    expect(snap.history.map((w) => [w.id, w.startedAtUnixMs, w.endedAtUnixMs])).toEqual([
      ['f1', at(0), at(30)],
      ['f3', null, at(15)],
    ]);
  });

  it('answers the windows overlapping a time range', () => {
    const faults = new FaultTracker();
    for (const e of events) faults.recordEvent(e);
    expect(faults.windowsBetween(at(16), at(19)).map((w) => w.id)).toEqual(['f1']);
    expect(faults.windowsBetween(at(5), at(25)).map((w) => w.id)).toEqual(['f3', 'f1', 'f2']);
    expect(faults.windowsBetween(at(40), at(50)).map((w) => w.id)).toEqual(['f2']);
  });

  it('ignores repeated starts and ends, and fills in a start that arrives after its end', () => {
    const faults = new FaultTracker();
    faults.recordEvent(fault('ended', 30, 'f1'));
    faults.recordEvent(fault('started', 10, 'f1'));
    faults.recordEvent(fault('ended', 30, 'f1'));
    faults.recordEvent(fault('started', 40, 'f4'));
    faults.recordEvent(fault('started', 45, 'f4'));
    expect(faults.history().map((w) => [w.id, w.startedAtUnixMs, w.endedAtUnixMs])).toEqual([
      ['f1', at(10), at(30)],
    ]);
    expect(faults.active().map((w) => w.startedAtUnixMs)).toEqual([at(40)]);
  });

  it('keys faults without id by kind and target, and ignores other events', () => {
    const faults = new FaultTracker();
    expect(faults.recordEvent(fault('started', 0, '', 'partition', 'kafka'))).toBe(true);
    expect(faults.active()[0]!.id).toBe('partition:kafka');
    expect(faults.recordEvent(fault('ended', 5, '', 'partition', 'kafka'))).toBe(true);
    expect(faults.active()).toEqual([]);
    expect(faults.recordEvent(fault('started', 0, '', '', ''))).toBe(false);
    expect(faults.recordEvent({ ...fault('started', 0, 'x'), name: 'other' })).toBe(false);
  });

  it('bounds active faults and history, evicting the oldest', () => {
    const faults = new FaultTracker({ maxActive: 2, maxHistory: 2 });
    faults.recordEvent(fault('started', 0, 'a'));
    faults.recordEvent(fault('started', 1, 'b'));
    faults.recordEvent(fault('started', 2, 'c'));
    expect(faults.active().map((w) => w.id)).toEqual(['b', 'c']);
    for (const [i, id] of ['x', 'y', 'z'].entries()) faults.recordEvent(fault('ended', 10 + i, id));
    expect(faults.history().map((w) => w.id)).toEqual(['z', 'y']);
  });
});
