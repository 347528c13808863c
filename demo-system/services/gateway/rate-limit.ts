import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Per-client rate limits (rate-limiter-flexible, in memory): `points` requests per
 * `windowSeconds`, plus `burst` extra requests per `burstWindowSeconds` once the first are
 * spent. Keys are chosen by the caller (customer id, or client IP when unauthenticated).
 */

export interface RateLimitSettings {
  points: number;
  windowSeconds: number;
  burst: number;
  burstWindowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Requests allowed per window (RateLimit-Limit). */
  limit: number;
  remaining: number;
  /** Seconds until the window resets (RateLimit-Reset). */
  resetSeconds: number;
  /** On refusal: whole seconds, at least 1, before a retry can succeed (Retry-After). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly settings: RateLimitSettings;
  check(key: string): Promise<RateDecision>;
}

export function createRateLimiter(settings: RateLimitSettings): RateLimiter {
  const steady = new RateLimiterMemory({
    keyPrefix: 'gateway',
    points: settings.points,
    duration: settings.windowSeconds,
  });
  const limiter =
    settings.burst > 0
      ? new BurstyRateLimiter(
          steady,
          new RateLimiterMemory({
            keyPrefix: 'gateway-burst',
            points: settings.burst,
            duration: settings.burstWindowSeconds,
          }),
        )
      : steady;

  const decide = (res: RateLimiterRes, allowed: boolean): RateDecision => {
    const seconds = Math.ceil(Math.max(0, res.msBeforeNext) / 1000);
    return {
      allowed,
      limit: settings.points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: seconds,
      retryAfterSeconds: Math.max(1, seconds),
    };
  };

  return {
    settings,
    async check(key) {
      try {
        return decide(await limiter.consume(key), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decide(rejection, false);
        throw rejection;
      }
    },
  };
}

/** RateLimit-* response headers (draft-ietf-httpapi-ratelimit-headers, the common form). */
export function rateLimitHeaders(decision: RateDecision, settings: RateLimitSettings) {
  const policy = [`${settings.points};w=${settings.windowSeconds}`];
  if (settings.burst > 0) policy.push(`${settings.burst};w=${settings.burstWindowSeconds}`);
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'ratelimit-policy': policy.join(', '),
  };
}
