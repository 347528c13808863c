import { describe, expect, it } from 'vitest';
import { decideFaults, NO_FAULT, parseFaultRules } from './fault-rules';

/** A random source that returns the given values in turn. */
const draws = (...values: number[]) => {
  const queue = [...values];
  return () => {
    const next = queue.shift();
    if (next === undefined) throw new Error('no more draws');
    return next;
  };
};

const get = { method: 'GET', path: '/accounts/acc_1' };
const post = { method: 'POST', path: '/transfers' };

describe('parseFaultRules', () => {
  it('fills defaults: every request, any method and path', () => {
    expect(parseFaultRules([{ id: 'a', kind: 'abort', status: 503 }])).toEqual([
      { id: 'a', kind: 'abort', status: 503, percentage: 100, match: {} },
    ]);
  });

  it('refuses unknown kinds and fields, bad statuses and duplicate ids', () => {
    expect(() => parseFaultRules([{ id: 'a', kind: 'explode' }])).toThrow(/invalid fault rules/);
    expect(() => parseFaultRules([{ id: 'a', kind: 'abort', status: 200 }])).toThrow(/status/);
    expect(() => parseFaultRules([{ id: 'a', kind: 'drop', extra: 1 }])).toThrow();
    expect(() =>
      parseFaultRules([
        { id: 'a', kind: 'drop' },
        { id: 'a', kind: 'drop' },
      ]),
    ).toThrow(/unique/);
  });
});

describe('decideFaults', () => {
  it('applies nothing without rules, or when the percentage draw misses', () => {
    expect(decideFaults([], get, draws())).toBe(NO_FAULT);
    const rules = parseFaultRules([{ id: 'a', kind: 'abort', status: 503, percentage: 30 }]);
    expect(decideFaults(rules, get, draws(0.3))).toBe(NO_FAULT);
    expect(decideFaults(rules, get, draws(0.29))).toEqual({
      terminal: { kind: 'abort', ruleId: 'a', status: 503 },
    });
  });

  it('matches on method and path prefix', () => {
    const rules = parseFaultRules([
      { id: 'posts', kind: 'drop', match: { method: 'POST', pathPrefix: '/transfers' } },
    ]);
    expect(decideFaults(rules, get, draws())).toBe(NO_FAULT);
    expect(decideFaults(rules, post, draws(0))).toEqual({
      terminal: { kind: 'drop', ruleId: 'posts' },
    });
    expect(decideFaults(rules, { method: 'post', path: '/accounts' }, draws())).toBe(NO_FAULT);
  });

  it('matches on the caller identity: only calls from that peer', () => {
    const rules = parseFaultRules([
      { id: 'edge', kind: 'abort', status: 503, match: { peer: 'payments' } },
    ]);
    expect(decideFaults(rules, { ...get, peer: 'lending' }, draws())).toBe(NO_FAULT);
    expect(decideFaults(rules, get, draws())).toBe(NO_FAULT);
    expect(decideFaults(rules, { ...get, peer: 'payments' }, draws(0))).toEqual({
      terminal: { kind: 'abort', ruleId: 'edge', status: 503 },
    });
  });

  it('adds jitter within [delayMs, delayMs + jitterMs] and combines a delay with an abort', () => {
    const rules = parseFaultRules([
      { id: 'slow', kind: 'delay', delayMs: 100, jitterMs: 50 },
      { id: 'slower', kind: 'delay', delayMs: 900 },
      { id: 'fail', kind: 'abort', status: 500 },
    ]);
    expect(decideFaults(rules, get, draws(0, 0.999, 0))).toEqual({
      delay: { ruleId: 'slow', ms: 150 },
      terminal: { kind: 'abort', ruleId: 'fail', status: 500 },
    });
    expect(decideFaults(rules, get, draws(0, 0, 0)).delay).toEqual({ ruleId: 'slow', ms: 100 });
  });

  it('lets a later rule fire when an earlier one of its kind missed its draw', () => {
    const rules = parseFaultRules([
      { id: 'rare', kind: 'abort', status: 502, percentage: 10 },
      { id: 'always', kind: 'drop' },
    ]);
    expect(decideFaults(rules, get, draws(0.5, 0)).terminal).toEqual({
      kind: 'drop',
      ruleId: 'always',
    });
  });
});
