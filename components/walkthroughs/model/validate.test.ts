import { describe, expect, it } from 'vitest';
import { WALKTHROUGHS } from '../content';
import type { Walkthrough } from './types';
import { validateWalkthrough, validateWalkthroughs } from './validate';

describe('walkthrough content', () => {
  it('has at least ten walkthroughs', () => {
    expect(WALKTHROUGHS.length).toBeGreaterThanOrEqual(10);
  });

  it('passes every content rule', () => {
    expect(validateWalkthroughs(WALKTHROUGHS)).toEqual([]);
  });

  it('every fault a walkthrough injects can be reverted by a revert action of the same walkthrough', () => {
    for (const w of WALKTHROUGHS) {
      const faults = w.steps.some((s) =>
        s.actions.some((a) => a.kind === 'fault' || a.kind === 'traffic'),
      );
      const reverts = w.steps.some((s) => s.actions.some((a) => a.kind === 'revert'));
      // A walkthrough whose faults only expire by TTL is allowed when its last fault is short.
      if (faults && !reverts) {
        const ttls = w.steps.flatMap((s) =>
          s.actions.flatMap((a) => (a.kind === 'fault' ? [a.fault.ttlSeconds] : [])),
        );
        expect(Math.max(...ttls), `${w.slug} has faults but no revert`).toBeLessThanOrEqual(15);
      }
    }
  });
});

describe('validateWalkthrough', () => {
  const valid: Walkthrough = {
    slug: 'ok-one',
    title: 'OK',
    summary: 'fine',
    minutes: 1,
    steps: [
      {
        id: 's',
        title: 'Step',
        body: ['Why.'],
        watch: 'This.',
        highlight: { nodes: ['payments'], edges: ['payments->accounts'] },
        actions: [],
        checks: [
          {
            id: 'c',
            label: 'passes',
            expect: { type: 'invariant' },
            timeoutMs: 10_000,
            hint: 'Look at the invariant.',
          },
        ],
      },
    ],
  };

  it('accepts a valid walkthrough', () => {
    expect(validateWalkthrough(valid)).toEqual([]);
  });

  it('names each broken rule', () => {
    const step = valid.steps[0]!;
    const broken: Walkthrough = {
      ...valid,
      slug: 'Bad Slug',
      steps: [
        {
          ...step,
          highlight: { nodes: ['payment'], edges: ['payments->nowhere', 'payments'] },
          actions: [
            {
              id: 'f',
              kind: 'fault',
              label: 'x',
              fault: { kind: 'crash', target: 'kyc', ttlSeconds: 0 },
            },
          ],
          checks: [
            { ...step.checks[0]!, timeoutMs: 0, hint: '' },
            { ...step.checks[0]!, expect: { type: 'trace-services', services: ['gateway'] } },
          ],
        },
      ],
    };
    const problems = validateWalkthrough(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'Bad Slug: the slug must be lower-case words joined by hyphens',
        'Bad Slug/s: unknown node payment',
        'Bad Slug/s: implausible edge payments->nowhere',
        'Bad Slug/s: implausible edge payments',
        'Bad Slug/s/f: a fault needs a TTL of 1-120 s',
        'Bad Slug/s/c: the timeout must be 1-120 s',
        'Bad Slug/s/c: no hint',
        'Bad Slug/s: duplicate check id c',
        'Bad Slug/s/c: a trace check needs a bank request in its step',
      ]),
    );
    expect(validateWalkthrough({ ...valid, steps: [] })).toEqual(['ok-one: no steps']);
    expect(validateWalkthrough({ ...valid, steps: [{ ...step, checks: [] }] })).toEqual([
      'ok-one/s: no check',
    ]);
    expect(validateWalkthroughs([valid, valid])).toEqual(['ok-one: duplicate slug']);
  });
});
