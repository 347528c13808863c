import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewayService, type GatewayServiceOptions, startGatewayService } from './server';

/**
 * Test support for the gateway: small real HTTP servers on 127.0.0.1 port 0 standing in for
 * its upstreams (so the gateway is tested alone, and a backend can be made to fail or hang),
 * and gateways in front of them. Telemetry goes to a port nothing listens on.
 */

export const TEST_JWT_SECRET = 'test-secret-for-gateway-suites-0123456789';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** An answer, or `'hang'` to hold the request open until the server closes. */
export type StubAnswer = { status: number; body?: unknown } | 'hang';

export interface StubServer {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startStub(answer: (req: Recorded) => StubAnswer): Promise<StubServer> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const reply = answer(recorded);
      if (reply === 'hang') return;
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A URL nothing listens on. */
export async function closedUrl(): Promise<string> {
  const stub = await startStub(() => ({ status: 200 }));
  await stub.close();
  return stub.url;
}

interface StubAccount {
  id: string;
  owner: string;
  currency: string;
  balanceCents: number;
  customerId: string;
}

/**
 * Accounts and payments with the services' resource shapes. The accounts stand-in also
 * checks ownership: an account may only be used by the customer (x-customer-id) who opened
 * it, else 403 `not_owner`.
 */
export async function startStubBank() {
  const accounts = new Map<string, StubAccount>();
  const transfers = new Map<string, Record<string, unknown>>();
  const shown = ({ customerId: _, ...account }: StubAccount) => account;
  const accountsStub = await startStub((req) => {
    const customer = String(req.headers['x-customer-id'] ?? '');
    const [, first, id, action] = req.path.split('/');
    if (req.method === 'POST' && req.path === '/accounts') {
      const body = req.body as { owner: string; currency?: string };
      const account = {
        id: `acc_${randomUUID()}`,
        owner: body.owner,
        currency: body.currency ?? 'EUR',
        balanceCents: 0,
        customerId: customer,
      };
      accounts.set(account.id, account);
      return { status: 201, body: shown(account) };
    }
    if (req.method === 'GET' && first === 'customers' && action === 'accounts') {
      return { status: 200, body: [...accounts.values()].filter((a) => a.customerId === id) };
    }
    const account = first === 'accounts' && id ? accounts.get(id) : undefined;
    if (!account) return { status: 404, body: { error: 'account_not_found', accountId: id } };
    if (account.customerId !== customer) return { status: 403, body: { error: 'not_owner' } };
    if (req.method === 'POST' && action === 'deposits') {
      account.balanceCents += (req.body as { amountCents: number }).amountCents;
      return { status: 201, body: shown(account) };
    }
    return { status: 200, body: shown(account) };
  });
  const paymentsStub = await startStub((req) => {
    const customer = String(req.headers['x-customer-id'] ?? '');
    if (req.method === 'POST' && req.path === '/transfers') {
      const body = req.body as { fromAccountId: string; toAccountId: string; amountCents: number };
      const from = accounts.get(body.fromAccountId);
      if (from && from.customerId !== customer)
        return { status: 403, body: { error: 'not_owner' } };
      const enough = from !== undefined && from.balanceCents >= body.amountCents;
      const transfer = {
        id: `trf_${randomUUID()}`,
        ...body,
        status: enough ? 'completed' : 'rejected',
        ...(enough ? {} : { reason: 'insufficient_funds' }),
        createdAt: new Date().toISOString(),
      };
      transfers.set(transfer.id, transfer);
      return { status: enough ? 201 : 409, body: transfer };
    }
    const transfer = transfers.get(req.path.split('/')[2] ?? '');
    return transfer
      ? { status: 200, body: transfer }
      : { status: 404, body: { error: 'transfer_not_found' } };
  });
  return {
    accounts: accountsStub,
    payments: paymentsStub,
    close: () => Promise.all([accountsStub.close(), paymentsStub.close()]).then(() => undefined),
  };
}

export interface GatewayHarness {
  /** A gateway over the given upstreams (demo tokens on, rate limits off unless configured). */
  start(options: Partial<GatewayServiceOptions>): Promise<GatewayService>;
  close(): Promise<void>;
}

export async function gatewayHarness(): Promise<GatewayHarness> {
  const otlpEndpoint = await closedUrl();
  const dataDir = await mkdtemp(join(tmpdir(), 'gwhelper-gateway-'));
  const gateways: GatewayService[] = [];
  return {
    async start(options) {
      const gateway = await startGatewayService({
        host: '127.0.0.1',
        port: 0,
        otlpEndpoint,
        accountsUrl: await closedUrl(),
        paymentsUrl: await closedUrl(),
        dataDir,
        log: () => undefined,
        ...options,
        config: {
          jwtSecret: TEST_JWT_SECRET,
          demoTokens: true,
          rateLimit: null,
          ...options.config,
        },
      });
      gateways.push(gateway);
      return gateway;
    },
    async close() {
      await Promise.all(gateways.map((g) => g.close()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
