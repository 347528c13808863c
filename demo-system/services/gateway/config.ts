import { isIP } from 'node:net';
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../../platform/auth/jwt-secret';
import { DEFAULT_TOKEN_TTL_SECONDS } from '../../platform/auth/tokens';
import { ConfigError } from '../../platform/config';
import type { RateLimitSettings } from './rate-limit';

/**
 * The gateway's environment, parsed once when it starts (fails fast naming each bad
 * variable). An empty variable counts as unset.
 */

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(unsetIfEmpty, z.coerce.number().int().min(min).max(max).default(fallback));

const gatewayEnvSchema = z.object({
  GATEWAY_JWT_SECRET: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
      .optional(),
  ),
  GATEWAY_TOKEN_TTL_SECONDS: int(60, 30 * 86_400, DEFAULT_TOKEN_TTL_SECONDS),
  GATEWAY_DEMO_TOKENS: z.preprocess(unsetIfEmpty, z.enum(['true', 'false']).optional()),
  GATEWAY_RATE_LIMIT_PER_SECOND: int(0, 100_000, 50),
  GATEWAY_RATE_LIMIT_BURST: int(0, 1_000_000, 100),
  GATEWAY_OVERVIEW_TIMEOUT_MS: int(50, 30_000, 1_000),
});

/** Extra requests a client may make, beyond its per-second rate, in this many seconds. */
export const BURST_WINDOW_SECONDS = 10;

export interface GatewayConfig {
  /** HS256 secret; unset means the generated one under `.data/gateway/jwt-secret`. */
  jwtSecret?: string;
  /** Lifetime of tokens from the demo-token route. */
  tokenTtlSeconds: number;
  /** Serve `POST /v1/auth/demo-token` (demo only: anyone who can reach it gets a token). */
  demoTokens: boolean;
  /** Per-client limits; null turns rate limiting off. */
  rateLimit: RateLimitSettings | null;
  /** How long the overview waits for each backend before answering without it. */
  overviewTimeoutMs: number;
}

/**
 * `host` is where the gateway binds: demo tokens default to on only on a loopback address,
 * so a gateway exposed to a network never hands out tokens unless told to.
 */
export function parseGatewayConfig(
  env: Record<string, string | undefined>,
  host: string,
): GatewayConfig {
  const result = gatewayEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new ConfigError(`gateway: invalid environment\n${problems}`);
  }
  const e = result.data;
  const perSecond = e.GATEWAY_RATE_LIMIT_PER_SECOND;
  return {
    ...(e.GATEWAY_JWT_SECRET ? { jwtSecret: e.GATEWAY_JWT_SECRET } : {}),
    tokenTtlSeconds: e.GATEWAY_TOKEN_TTL_SECONDS,
    demoTokens: e.GATEWAY_DEMO_TOKENS ? e.GATEWAY_DEMO_TOKENS === 'true' : isLoopback(host),
    rateLimit:
      perSecond === 0
        ? null
        : {
            points: perSecond,
            windowSeconds: 1,
            burst: e.GATEWAY_RATE_LIMIT_BURST,
            burstWindowSeconds: BURST_WINDOW_SECONDS,
          },
    overviewTimeoutMs: e.GATEWAY_OVERVIEW_TIMEOUT_MS,
  };
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}
