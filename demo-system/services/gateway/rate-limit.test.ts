import { describe, expect, it } from 'vitest';
import { createRateLimiter, rateLimitHeaders } from './rate-limit';

// Windows of a minute: nothing resets while a test runs.
describe('createRateLimiter', () => {
  it('allows `points` per window per key, then refuses with a retry time', async () => {
    const limiter = createRateLimiter({
      points: 2,
      windowSeconds: 60,
      burst: 0,
      burstWindowSeconds: 10,
    });
    const a1 = await limiter.check('a');
    const a2 = await limiter.check('a');
    const a3 = await limiter.check('a');
    expect([a1.allowed, a2.allowed, a3.allowed]).toEqual([true, true, false]);
    expect([a1.remaining, a2.remaining, a3.remaining]).toEqual([1, 0, 0]);
    expect(a3.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(a3.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.check('b')).allowed).toBe(true);
  });

  it('lets a burst through on top of the steady rate, then refuses', async () => {
    const settings = { points: 2, windowSeconds: 60, burst: 3, burstWindowSeconds: 60 };
    const limiter = createRateLimiter(settings);
    const allowed: boolean[] = [];
    for (let i = 0; i < 6; i++) allowed.push((await limiter.check('k')).allowed);
    expect(allowed).toEqual([true, true, true, true, true, false]);
    expect(rateLimitHeaders(await limiter.check('k'), settings)).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-policy': '2;w=60, 3;w=60',
    });
  });
});
