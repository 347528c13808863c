import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config';
import { isLoopback, parseGatewayConfig } from './config';

describe('parseGatewayConfig', () => {
  it('defaults: 50/s with a burst of 100 per 10 s, demo tokens on loopback only', () => {
    expect(parseGatewayConfig({}, '127.0.0.1')).toEqual({
      tokenTtlSeconds: 3_600,
      demoTokens: true,
      rateLimit: { points: 50, windowSeconds: 1, burst: 100, burstWindowSeconds: 10 },
      overviewTimeoutMs: 1_000,
    });
    expect(parseGatewayConfig({}, '0.0.0.0').demoTokens).toBe(false);
  });

  it('reads every variable; 0 turns rate limiting off', () => {
    const config = parseGatewayConfig(
      {
        GATEWAY_JWT_SECRET: 'x'.repeat(32),
        GATEWAY_TOKEN_TTL_SECONDS: '600',
        GATEWAY_DEMO_TOKENS: 'true',
        GATEWAY_RATE_LIMIT_PER_SECOND: '0',
        GATEWAY_OVERVIEW_TIMEOUT_MS: '250',
      },
      '0.0.0.0',
    );
    expect(config).toEqual({
      jwtSecret: 'x'.repeat(32),
      tokenTtlSeconds: 600,
      demoTokens: true,
      rateLimit: null,
      overviewTimeoutMs: 250,
    });
  });

  it('fails fast naming each bad variable', () => {
    const attempt = () =>
      parseGatewayConfig(
        {
          GATEWAY_JWT_SECRET: 'short',
          GATEWAY_RATE_LIMIT_PER_SECOND: 'many',
          GATEWAY_DEMO_TOKENS: 'yes',
        },
        '127.0.0.1',
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/GATEWAY_JWT_SECRET: must be at least 32 characters/);
    expect(attempt).toThrow(/GATEWAY_RATE_LIMIT_PER_SECOND/);
    expect(attempt).toThrow(/GATEWAY_DEMO_TOKENS/);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].some(isLoopback)).toBe(false);
  });
});
