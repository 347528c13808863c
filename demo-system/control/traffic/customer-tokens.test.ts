import { describe, expect, it } from 'vitest';
import { issueToken } from '../../platform/auth/tokens';
import { CustomerTokens, type MintToken } from './customer-tokens';

const key = new TextEncoder().encode('t'.repeat(32));
const signal = new AbortController().signal;

function countingMinter(ttlSeconds: number, at: () => Date) {
  const minted: string[] = [];
  const mint: MintToken = async (customerId) => {
    minted.push(customerId);
    return issueToken(key, { customerId, ttlSeconds }, at());
  };
  return { mint, minted };
}

describe('CustomerTokens', () => {
  it('mints once per customer, shared by concurrent requests', async () => {
    const { mint, minted } = countingMinter(3_600, () => new Date());
    const tokens = new CustomerTokens(mint);
    const [a1, a2, b] = await Promise.all([
      tokens.authorization('c-a', signal),
      tokens.authorization('c-a', signal),
      tokens.authorization('c-b', signal),
    ]);
    expect(a1).toMatch(/^Bearer ey/);
    expect(a2).toBe(a1);
    expect(b).not.toBe(a1);
    expect(await tokens.authorization('c-a', signal)).toBe(a1);
    expect(minted).toEqual(['c-a', 'c-b']);
  });

  it('renews a token near its expiry and after the gateway refused it', async () => {
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const { mint, minted } = countingMinter(120, () => new Date(clock));
    const tokens = new CustomerTokens(mint, () => clock);
    const first = await tokens.authorization('c-a', signal);
    clock += 30_000;
    expect(await tokens.authorization('c-a', signal)).toBe(first);
    clock += 40_000; // 50 s left: inside the renewal margin
    const renewed = await tokens.authorization('c-a', signal);
    expect(minted).toEqual(['c-a', 'c-a']);
    clock += 1_000;
    tokens.invalidate('c-a', 'Bearer some-older-token');
    expect(await tokens.authorization('c-a', signal)).toBe(renewed);
    tokens.invalidate('c-a', renewed);
    await tokens.authorization('c-a', signal);
    expect(minted).toHaveLength(3);
  });

  it('forgets a failed mint so the next request tries again', async () => {
    let fail = true;
    const tokens = new CustomerTokens(async (customerId) => {
      if (fail) throw new Error('gateway down');
      return issueToken(key, { customerId });
    });
    await expect(tokens.authorization('c-a', signal)).rejects.toThrow('gateway down');
    fail = false;
    await expect(tokens.authorization('c-a', signal)).resolves.toMatch(/^Bearer /);
  });
});
