import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCOPE,
  issueToken,
  readBearer,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  tokenExpiry,
  verifyToken,
} from './tokens';

const key = new TextEncoder().encode('k'.repeat(32));
const otherKey = new TextEncoder().encode('o'.repeat(32));
const at = new Date('2030-01-01T00:00:00Z');

describe('issueToken / verifyToken', () => {
  it('round-trips the customer, name, scopes and expiry', async () => {
    const issued = await issueToken(key, { customerId: 'c-123', name: 'Ada', ttlSeconds: 60 }, at);
    expect(issued).toMatchObject({
      tokenType: 'Bearer',
      customerId: 'c-123',
      name: 'Ada',
      scope: DEFAULT_SCOPE,
      expiresIn: 60,
      expiresAt: '2030-01-01T00:01:00.000Z',
    });
    expect(tokenExpiry(issued.token)).toBe(at.getTime() / 1000 + 60);
    const result = await verifyToken(key, issued.token, new Date(at.getTime() + 30_000));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal.customerId).toBe('c-123');
    expect(result.principal.name).toBe('Ada');
    expect([...result.principal.scopes]).toEqual(['accounts', 'transfers', 'overview']);
  });

  it('refuses an expired token, saying so', async () => {
    const { token } = await issueToken(key, { customerId: 'c-1', ttlSeconds: 60 }, at);
    const result = await verifyToken(key, token, new Date(at.getTime() + 61_000));
    expect(result).toEqual({ ok: false, expired: true, description: 'the token expired' });
  });

  it('refuses a token signed with another key, or garbage', async () => {
    const { token } = await issueToken(otherKey, { customerId: 'c-1' }, at);
    const forged = await verifyToken(key, token, at);
    expect(forged).toMatchObject({ ok: false, description: 'the token signature is not valid' });
    expect(await verifyToken(key, 'not.a.jwt', at)).toMatchObject({ ok: false, expired: false });
  });

  it('refuses a token for another audience or issuer, or without a subject', async () => {
    const sign = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({ scope: 'accounts' }).setProtectedHeader({ alg: 'HS256' }))
        .setExpirationTime('1h')
        .sign(key);
    const wrongAudience = await sign((j) =>
      j.setSubject('c-1').setIssuer(TOKEN_ISSUER).setAudience('someone-else'),
    );
    const wrongIssuer = await sign((j) =>
      j.setSubject('c-1').setIssuer('mallory').setAudience(TOKEN_AUDIENCE),
    );
    const noSubject = await sign((j) => j.setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE));
    expect(await verifyToken(key, wrongAudience)).toMatchObject({
      ok: false,
      description: "the token's aud claim is not valid here",
    });
    expect(await verifyToken(key, wrongIssuer)).toMatchObject({ ok: false });
    expect(await verifyToken(key, noSubject)).toMatchObject({ ok: false });
  });

  it('refuses bad customer ids, lifetimes and scopes when issuing', async () => {
    await expect(issueToken(key, { customerId: 'a b' })).rejects.toThrow(RangeError);
    await expect(issueToken(key, { customerId: 'c', ttlSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(issueToken(key, { customerId: 'c', scope: 'x"y' })).rejects.toThrow(RangeError);
  });
});

describe('readBearer', () => {
  it('reads a bearer token and tells missing from malformed credentials', () => {
    expect(readBearer('Bearer abc.def.ghi')).toEqual({ kind: 'bearer', token: 'abc.def.ghi' });
    expect(readBearer('bearer   abc')).toEqual({ kind: 'bearer', token: 'abc' });
    expect(readBearer(undefined)).toEqual({ kind: 'none' });
    expect(readBearer('Basic dXNlcjpwYXNz')).toEqual({ kind: 'none' });
    expect(readBearer('Bearer')).toEqual({ kind: 'malformed' });
    expect(readBearer('Bearer a b')).toEqual({ kind: 'malformed' });
  });
});
