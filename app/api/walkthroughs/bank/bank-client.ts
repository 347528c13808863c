import { randomBytes, randomUUID } from 'node:crypto';

/**
 * The bank requests a walkthrough sends for the user, made server-side: the gateway's address
 * comes from the control plane's topology (the `entry` service), the token from the gateway's
 * demo-token route (served on loopback only), and every request carries a fresh W3C
 * traceparent, so the answer names the trace the collectors will show.
 */

export interface BankOutcome {
  request: string;
  /** HTTP status of the request the trace belongs to (null: unreachable). */
  status: number | null;
  traceId: string | null;
  /** What happened, in words. */
  summary: string;
  /** For a burst: how many answers of each status. */
  statuses?: Record<string, number>;
}

type Fetch = typeof fetch;

export interface BankClientOptions {
  controlUrl: string;
  fetchImpl?: Fetch;
}

interface Session {
  gatewayUrl: string;
  customerId: string;
  token: string;
  fromAccountId: string;
  toAccountId: string;
  expiresAt: number;
}

/** A traceparent with a new random trace id (sampled). */
export function newTraceparent(): { traceId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, header: `00-${traceId}-${spanId}-01` };
}

/** A valid German IBAN (check digits 89), accepted by partner-bank. */
const PAYEE_IBAN = 'DE89370400440532013000';
const SESSION_TTL_MS = 30 * 60_000;
const BURST_SIZE = 200;
const BURST_WAVES = 3;

export function createBankClient(options: BankClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch;
  let session: Promise<Session> | null = null;

  async function json(
    url: string,
    init: { method?: string; token?: string; body?: unknown; traceparent?: string } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.traceparent) headers.traceparent = init.traceparent;
    const response = await fetchImpl(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(20_000),
      cache: 'no-store',
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body };
  }

  async function gatewayUrl(): Promise<string> {
    const { status, body } = await json(`${options.controlUrl}/topology`);
    if (status !== 200) throw new Error(`control plane topology answered ${status}`);
    const services = (body.services ?? []) as { role?: string; url?: string }[];
    const entry = services.find((s) => s.role === 'entry' && typeof s.url === 'string');
    if (!entry?.url) throw new Error('the topology lists no gateway (entry service)');
    return entry.url.replace(/\/+$/, '');
  }

  async function demoToken(base: string, customerId: string): Promise<string> {
    const minted = await json(`${base}/v1/auth/demo-token`, {
      method: 'POST',
      body: { customerId, name: 'Walkthrough' },
    });
    const token = minted.body.token;
    if (minted.status !== 200 && minted.status !== 201)
      throw new Error(`demo token refused (${minted.status})`);
    if (typeof token !== 'string') throw new Error('the demo-token answer holds no token');
    return token;
  }

  async function openSession(): Promise<Session> {
    const base = await gatewayUrl();
    const customerId = `c-walk-${randomUUID().slice(0, 8)}`;
    const token = await demoToken(base, customerId);
    const open = async () => {
      const opened = await json(`${base}/v1/accounts`, {
        method: 'POST',
        token,
        body: { owner: 'Walkthrough' },
      });
      if (opened.status !== 201 || typeof opened.body.id !== 'string')
        throw new Error(`opening an account answered ${opened.status}`);
      return opened.body.id;
    };
    const fromAccountId = await open();
    const toAccountId = await open();
    return {
      gatewayUrl: base,
      customerId,
      token,
      fromAccountId,
      toAccountId,
      expiresAt: Date.now() + SESSION_TTL_MS,
    };
  }

  async function currentSession(): Promise<Session> {
    const existing = session ? await session.catch(() => null) : null;
    if (existing && existing.expiresAt > Date.now()) return existing;
    session = openSession();
    return session;
  }

  async function deposit(s: Session, amountCents: number): Promise<void> {
    await json(`${s.gatewayUrl}/v1/accounts/${s.fromAccountId}/deposits`, {
      method: 'POST',
      token: s.token,
      body: { amountCents },
    });
  }

  function outcome(
    request: string,
    traceId: string,
    status: number,
    body: Record<string, unknown>,
    what: string,
  ): BankOutcome {
    const error = typeof body.error === 'string' ? ` (${body.error})` : '';
    return { request, status, traceId, summary: `${what}: ${status}${error}` };
  }

  async function send(request: string): Promise<BankOutcome> {
    const s = await currentSession();
    const trace = newTraceparent();
    const { gatewayUrl: base, token } = s;
    switch (request) {
      case 'transfer': {
        await deposit(s, 10_000);
        const r = await json(`${base}/v1/transfers`, {
          method: 'POST',
          token,
          traceparent: trace.header,
          body: { fromAccountId: s.fromAccountId, toAccountId: s.toAccountId, amountCents: 500 },
        });
        return outcome(request, trace.traceId, r.status, r.body, 'transfer of 5.00');
      }
      case 'external-transfer':
      case 'refused-external-transfer': {
        await deposit(s, 10_000);
        const name = request === 'external-transfer' ? 'Grace Payee' : 'blocked payee';
        const r = await json(`${base}/v1/transfers`, {
          method: 'POST',
          token,
          traceparent: trace.header,
          body: {
            fromAccountId: s.fromAccountId,
            toExternal: { iban: PAYEE_IBAN, name },
            amountCents: 300,
          },
        });
        return outcome(request, trace.traceId, r.status, r.body, `payment of 3.00 to ${name}`);
      }
      case 'no-token': {
        const r = await json(`${base}/v1/accounts/${s.fromAccountId}`, {
          traceparent: trace.header,
        });
        return outcome(request, trace.traceId, r.status, r.body, 'read without a token');
      }
      case 'overview': {
        const r = await json(`${base}/v1/customers/${s.customerId}/overview`, {
          token,
          traceparent: trace.header,
        });
        return outcome(request, trace.traceId, r.status, r.body, 'customer overview');
      }
      case 'loan': {
        await json(`${base}/v1/customers/${s.customerId}/kyc`, {
          method: 'POST',
          token,
          body: { name: 'Walkthrough', document: 'AB1234567' },
        });
        const r = await json(`${base}/v1/loans`, {
          method: 'POST',
          token,
          traceparent: trace.header,
          body: {
            customerId: s.customerId,
            accountId: s.fromAccountId,
            amountCents: 25_000,
            termMonths: 12,
          },
        });
        const status = typeof r.body.status === 'string' ? `, ${r.body.status}` : '';
        return outcome(request, trace.traceId, r.status, r.body, `loan of 250.00${status}`);
      }
      case 'burst': {
        // A customer of its own: the limit is per customer, and the others must stay usable.
        // Another customer's overview is refused by the gateway itself (403), so the burst
        // costs the backends nothing; waves go on until the limiter answered 429.
        const burstId = `c-walk-burst-${randomUUID().slice(0, 8)}`;
        const burstToken = await demoToken(base, burstId);
        const statuses: Record<string, number> = {};
        let sent = 0;
        for (let wave = 0; wave < BURST_WAVES && !statuses['429']; wave++) {
          await Promise.all(
            Array.from({ length: BURST_SIZE }, async () => {
              const r = await json(`${base}/v1/customers/${s.customerId}/overview`, {
                token: burstToken,
              }).catch(() => ({ status: 0 }));
              statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            }),
          );
          sent += BURST_SIZE;
        }
        const limited = statuses['429'] ?? 0;
        return {
          request,
          status: limited > 0 ? 429 : 200,
          traceId: null,
          summary: `${sent} requests at once: ${limited} throttled (429)`,
          statuses,
        };
      }
      default:
        throw new Error(`unknown request ${request}`);
    }
  }

  return { send };
}
