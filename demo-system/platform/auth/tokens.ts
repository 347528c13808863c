import { decodeJwt, errors, jwtVerify, SignJWT } from 'jose';

/**
 * The bank's access tokens: HS256 JWTs with `sub` (the customer id), `scope` (space-separated),
 * `iat`, `exp`, `iss` and `aud`, and an optional display `name`. Issued by the gateway's
 * demo-token route and by `npm run token`; verified by the gateway on every request.
 */

export const TOKEN_ISSUER = 'patternscope-gateway';
export const TOKEN_AUDIENCE = 'patternscope-bank';
export const TOKEN_ALGORITHM = 'HS256';

/** What a customer's token allows: open and read accounts, transfer, read their overview. */
export const CUSTOMER_SCOPES = ['accounts', 'transfers', 'overview'] as const;
/** Reads any customer's overview. Only `npm run token -- --scope ...` hands it out. */
export const ADMIN_SCOPE = 'admin';
export const DEFAULT_SCOPE = CUSTOMER_SCOPES.join(' ');
export const DEFAULT_TOKEN_TTL_SECONDS = 3_600;

/** Customer ids are short, URL-safe strings. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface TokenRequest {
  customerId: string;
  name?: string;
  scope?: string;
  ttlSeconds?: number;
}

export interface IssuedToken {
  token: string;
  tokenType: 'Bearer';
  customerId: string;
  name?: string;
  scope: string;
  /** Seconds from issue to expiry. */
  expiresIn: number;
  /** ISO timestamp of expiry. */
  expiresAt: string;
}

export interface Principal {
  customerId: string;
  name?: string;
  scopes: ReadonlySet<string>;
  expiresAt: Date;
}

export type VerifyResult =
  | { ok: true; principal: Principal }
  | { ok: false; description: string; expired: boolean };

export async function issueToken(
  key: Uint8Array,
  request: TokenRequest,
  now: Date = new Date(),
): Promise<IssuedToken> {
  if (!CUSTOMER_ID_PATTERN.test(request.customerId)) {
    throw new RangeError(`customer id must match ${CUSTOMER_ID_PATTERN}`);
  }
  const ttlSeconds = request.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new RangeError('token lifetime must be a whole number of seconds, at least 1');
  }
  const scope = normalizeScope(request.scope ?? DEFAULT_SCOPE);
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ scope, ...(request.name ? { name: request.name } : {}) })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
    .setSubject(request.customerId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
  return {
    token,
    tokenType: 'Bearer',
    customerId: request.customerId,
    ...(request.name ? { name: request.name } : {}),
    scope,
    expiresIn: ttlSeconds,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}

/** Verifies signature, algorithm, issuer, audience and expiry. Never throws. */
export async function verifyToken(
  key: Uint8Array,
  token: string,
  now: Date = new Date(),
): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp'],
      currentDate: now,
    });
    const sub = payload.sub ?? '';
    if (!CUSTOMER_ID_PATTERN.test(sub)) return refuse('the token has an invalid subject');
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const name = typeof payload.name === 'string' ? payload.name : undefined;
    return {
      ok: true,
      principal: {
        customerId: sub,
        ...(name ? { name } : {}),
        scopes: new Set(scope.split(' ').filter(Boolean)),
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return refuse('the token expired', true);
    if (error instanceof errors.JWTClaimValidationFailed) {
      return refuse(`the token's ${error.claim} claim is not valid here`);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return refuse('the token signature is not valid');
    }
    if (error instanceof errors.JOSEAlgNotAllowed) return refuse('the token must be signed HS256');
    return refuse('the token is malformed');
  }
}

/** Seconds since the epoch at which a token expires, without verifying it (client side). */
export function tokenExpiry(token: string): number | undefined {
  try {
    return decodeJwt(token).exp;
  } catch {
    return undefined;
  }
}

export type BearerCredentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'malformed' };

/** Reads `Authorization: Bearer <token>` (scheme case-insensitive, RFC 6750 §2.1). */
export function readBearer(header: string | string[] | undefined): BearerCredentials {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return { kind: 'none' };
  const trimmed = value.trim();
  if (!/^bearer(\s|$)/i.test(trimmed)) return { kind: 'none' };
  const token = trimmed.slice('bearer'.length).trim();
  return /^[A-Za-z0-9._~+/-]+=*$/.test(token) ? { kind: 'bearer', token } : { kind: 'malformed' };
}

function normalizeScope(scope: string): string {
  const scopes = scope.split(/\s+/).filter(Boolean);
  for (const s of scopes) {
    if (!/^[a-z:_-]{1,40}$/.test(s)) throw new RangeError(`invalid scope "${s}"`);
  }
  return [...new Set(scopes)].join(' ');
}

function refuse(description: string, expired = false): VerifyResult {
  return { ok: false, description, expired };
}
