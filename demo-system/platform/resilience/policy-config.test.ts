import { describe, expect, it } from 'vitest';
import { isRetryable } from './idempotency';
import { DEFAULT_UPSTREAM_POLICY, resolveUpstreamPolicy } from './policy-config';

describe('resolveUpstreamPolicy', () => {
  it('fills every default and merges nested overrides layer by layer', () => {
    const policy = resolveUpstreamPolicy(
      { timeoutMs: 15_000, breaker: { halfOpenAfterMs: 1_000 } },
      { breaker: { failureRatio: 0.25 } },
    );
    expect(policy.timeoutMs).toBe(15_000);
    expect(policy.breaker).toEqual({
      ...DEFAULT_UPSTREAM_POLICY.breaker,
      halfOpenAfterMs: 1_000,
      failureRatio: 0.25,
    });
    expect(policy.retry).toEqual(DEFAULT_UPSTREAM_POLICY.retry);
    expect(policy.bulkhead).toEqual({ maxConcurrent: 64, maxQueue: 0 });
  });

  it('refuses a bad value naming its path', () => {
    expect(() => resolveUpstreamPolicy({ breaker: { failureRatio: 1.5 } })).toThrow(
      /breaker\.failureRatio/,
    );
    expect(() => resolveUpstreamPolicy({ bulkhead: { maxConcurrent: 0 } })).toThrow(
      /bulkhead\.maxConcurrent/,
    );
  });
});

describe('isRetryable', () => {
  it('allows idempotent methods and keyed requests only', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'get']) {
      expect(isRetryable(method, {})).toBe(true);
    }
    expect(isRetryable('POST', {})).toBe(false);
    expect(isRetryable('PATCH', {})).toBe(false);
    expect(isRetryable('POST', { 'idempotency-key': '  ' })).toBe(false);
    expect(isRetryable('POST', { 'idempotency-key': 'trf_1:debit' })).toBe(true);
    expect(isRetryable('PATCH', { 'idempotency-key': ['k1', 'k2'] })).toBe(true);
  });
});
