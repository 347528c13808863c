import { type Dispatcher, request } from 'undici';
import { tokenExpiry } from '../../platform/auth/tokens';

/**
 * The traffic generator's credentials: one bearer token per simulated customer, minted on
 * first use, shared by concurrent requests, and renewed shortly before it expires (or at once
 * after the gateway refused it).
 */

export interface MintedToken {
  token: string;
}

/** Mints a token for a customer id. */
export type MintToken = (customerId: string, signal: AbortSignal) => Promise<MintedToken>;

/** Renew a token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/** Mints through the gateway's demo-token route (served in embedded/demo mode). */
export function demoTokenMinter(gatewayUrl: string, dispatcher: Dispatcher): MintToken {
  return async (customerId, signal) => {
    const response = await request(new URL('/v1/auth/demo-token', gatewayUrl), {
      method: 'POST',
      dispatcher,
      signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId, name: `Traffic ${customerId}` }),
    });
    const body = (await response.body.json().catch(() => null)) as { token?: unknown } | null;
    if (response.statusCode !== 201 || typeof body?.token !== 'string') {
      throw new Error(`demo-token route answered ${response.statusCode}`);
    }
    return { token: body.token };
  };
}

interface Held {
  pending: Promise<string>;
  /** Epoch ms after which the token is renewed; Infinity while minting. */
  renewAt: number;
  /** The `Bearer ...` value once minted. */
  value?: string;
}

export class CustomerTokens {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly mint: MintToken,
    private readonly now: () => number = Date.now,
  ) {}

  /** `Bearer <token>` for the customer. */
  authorization(customerId: string, signal: AbortSignal): Promise<string> {
    const current = this.held.get(customerId);
    if (current && this.now() < current.renewAt) return current.pending;
    const entry: Held = { renewAt: Number.POSITIVE_INFINITY, pending: Promise.resolve('') };
    entry.pending = this.mint(customerId, signal).then(
      ({ token }) => {
        entry.renewAt = (tokenExpiry(token) ?? 0) * 1000 - RENEW_BEFORE_MS;
        entry.value = `Bearer ${token}`;
        return entry.value;
      },
      (error: unknown) => {
        if (this.held.get(customerId) === entry) this.held.delete(customerId);
        throw error;
      },
    );
    this.held.set(customerId, entry);
    return entry.pending;
  }

  /** Drops a token the gateway refused, so the next request mints a new one. */
  invalidate(customerId: string, authorization: string): void {
    if (this.held.get(customerId)?.value === authorization) this.held.delete(customerId);
  }
}
