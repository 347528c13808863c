import { describe, expect, it } from 'vitest';
import type { Check } from '../model/types';
import { applyReading, expire, initialCheckState, restartCheck, secondsLeft } from './check-state';

const check: Check = {
  id: 'c',
  label: 'l',
  expect: { type: 'invariant' },
  timeoutMs: 10_000,
  hint: 'a hint for it',
};

describe('check state', () => {
  it('passes on the first passing reading and then stays passed', () => {
    const passed = applyReading(
      initialCheckState(0),
      check,
      { passed: true, observed: 'ok' },
      1_000,
    );
    expect(passed).toMatchObject({ status: 'passed', observed: 'ok' });
    expect(applyReading(passed, check, { passed: false, observed: 'bad' }, 2_000)).toBe(passed);
    expect(restartCheck(passed, 3_000)).toBe(passed);
  });

  it('stays pending until the timeout, then fails with the last observation', () => {
    const start = initialCheckState(0);
    const early = applyReading(start, check, { passed: false, observed: '0 traces' }, 9_999);
    expect(early).toMatchObject({ status: 'pending', observed: '0 traces' });
    expect(applyReading(early, check, { passed: false, observed: '0 traces' }, 10_000).status).toBe(
      'failed',
    );
    expect(expire(start, check, 9_000).status).toBe('pending');
    expect(expire(start, check, 10_000).status).toBe('failed');
    expect(secondsLeft(start, check, 2_500)).toBe(8);
  });

  it('gives a failed check a fresh timeout on restart', () => {
    const failed = expire(initialCheckState(0), check, 10_000);
    const again = restartCheck(failed, 20_000);
    expect(again).toMatchObject({ status: 'pending', startedAt: 20_000 });
    expect(applyReading(again, check, { passed: false, observed: 'x' }, 25_000).status).toBe(
      'pending',
    );
  });
});
