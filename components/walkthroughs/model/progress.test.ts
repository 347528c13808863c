import { describe, expect, it } from 'vitest';
import {
  parseProgress,
  parseStepParam,
  serializeProgress,
  stepHref,
  summarize,
  withCompleted,
  withoutWalkthrough,
  withStep,
} from './progress';
import type { Walkthrough } from './types';

const walkthrough = {
  slug: 'demo',
  title: 'Demo',
  summary: 's',
  minutes: 1,
  steps: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
} as unknown as Walkthrough;

describe('progress', () => {
  it('round-trips through storage and drops malformed entries', () => {
    const progress = withCompleted(withStep({}, 'demo', 2), 'demo', 'a');
    expect(parseProgress(serializeProgress(progress))).toEqual({
      demo: { step: 2, completed: ['a'] },
    });
    expect(parseProgress('not json')).toEqual({});
    expect(parseProgress('[1,2]')).toEqual({});
    expect(parseProgress(null)).toEqual({});
    expect(
      parseProgress(
        JSON.stringify({
          x: { step: -1, completed: [] },
          y: { step: 1, completed: ['a', 3, 'a'] },
        }),
      ),
    ).toEqual({ y: { step: 1, completed: ['a'] } });
  });

  it('records a completed step once and forgets a reset walkthrough', () => {
    const once = withCompleted({}, 'demo', 'a');
    expect(withCompleted(once, 'demo', 'a')).toBe(once);
    expect(withoutWalkthrough(once, 'demo')).toEqual({});
  });

  it('summarizes progress and where to resume', () => {
    expect(summarize(walkthrough)).toEqual({
      done: 0,
      total: 3,
      state: 'not-started',
      resumeStep: 0,
    });
    expect(summarize(walkthrough, { step: 7, completed: ['a', 'gone'] })).toEqual({
      done: 1,
      total: 3,
      state: 'in-progress',
      resumeStep: 2,
    });
    expect(summarize(walkthrough, { step: 0, completed: ['a', 'b', 'c'] }).state).toBe('completed');
  });

  it('reads ?step as 1-based and refuses anything outside the walkthrough', () => {
    expect(parseStepParam('1', 3)).toBe(0);
    expect(parseStepParam('3', 3)).toBe(2);
    expect(parseStepParam('4', 3)).toBeNull();
    expect(parseStepParam('0', 3)).toBeNull();
    expect(parseStepParam('1.5', 3)).toBeNull();
    expect(parseStepParam(null, 3)).toBeNull();
    expect(stepHref('demo', 1)).toBe('/walkthroughs/demo?step=2');
  });
});
