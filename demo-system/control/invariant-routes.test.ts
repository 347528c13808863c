import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../testing/http';
import { type ControlPlane, startControlPlane } from './server';
import { TrafficGenerator } from './traffic/generator';

/**
 * GET /invariant and the projection routes over stand-in services: small HTTP servers that
 * answer the audit and projection contracts, so each answer can be set per test.
 */

interface Fake {
  app: FastifyInstance;
  url: string;
}

async function fake(setup: (app: FastifyInstance) => void): Promise<Fake> {
  const app = Fastify();
  setup(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

const ACCOUNTS_AUDIT = {
  accountCount: 2,
  totalBalanceCents: 4_000,
  negativeBalanceAccounts: [],
  depositedCents: 5_000,
  flows: { transfer: { debitedCents: 1_000, creditedCents: 0 } },
  openFlows: [{ flow: 'transfer:t1', netDebitedCents: 1_000 }],
};
const PARTNER_AUDIT = {
  acceptedCount: 1,
  acceptedCents: 1_000,
  reversedCount: 0,
  reversedCents: 0,
};
const LENDING_AUDIT = { nonTerminal: [], disbursedCents: 0 };

describe('control plane: GET /invariant and projections', () => {
  let accounts: Fake;
  let partner: Fake;
  let lending: Fake;
  let payments: Fake;
  let control: ControlPlane;
  /** What payments' audit answers next (a queue; the last one repeats). */
  let paymentsAnswers: unknown[] = [];
  let paymentsReads = 0;
  let accountsAudit: unknown = ACCOUNTS_AUDIT;
  let accountsStatus = 200;
  const projectionCalls: { method: string; url: string; body: unknown }[] = [];

  beforeAll(async () => {
    accounts = await fake((app) => {
      app.get('/audit', async (_request, reply) => reply.code(accountsStatus).send(accountsAudit));
      app.get('/projections', async () => ({
        projections: [{ name: 'balances', state: 'running' }, { name: 'statements' }],
      }));
      app.post('/projections/:name/:action', async (request, reply) => {
        projectionCalls.push({ method: 'POST', url: request.url, body: request.body });
        const { name } = request.params as { name: string };
        if (name !== 'balances') return reply.code(404).send({ error: 'unknown_projection' });
        return { name, state: 'paused' };
      });
      app.put('/projections/:name/speed', async (request) => {
        projectionCalls.push({ method: 'PUT', url: request.url, body: request.body });
        return { name: 'balances', speed: request.body };
      });
    });
    payments = await fake((app) => {
      app.get('/audit', async () => {
        paymentsReads += 1;
        return paymentsAnswers.length > 1 ? paymentsAnswers.shift() : paymentsAnswers[0];
      });
    });
    partner = await fake((app) => app.get('/audit', async () => PARTNER_AUDIT));
    lending = await fake((app) => app.get('/audit', async () => LENDING_AUDIT));
    control = await startControlPlane({
      host: '127.0.0.1',
      port: 0,
      services: ['accounts', 'payments', 'partner-bank', 'lending', 'kyc'],
      topology: () => ({ services: [] }),
      faults: () => undefined,
      traffic: new TrafficGenerator({
        gatewayUrl: 'http://127.0.0.1:9',
        ratePerSecond: 0,
        seed: 1,
      }),
      serviceUrls: {
        accounts: accounts.url,
        payments: payments.url,
        'partner-bank': partner.url,
        lending: lending.url,
        // A service that lists no projections (answers 404).
        kyc: partner.url,
      },
    });
  });
  afterEach(() => {
    paymentsReads = 0;
    accountsAudit = ACCOUNTS_AUDIT;
    accountsStatus = 200;
  });
  afterAll(async () => {
    await control?.close();
    await Promise.all([accounts, payments, partner, lending].map((f) => f?.app.close()));
  });

  const paid = (status: string) => ({
    sagas: { [status]: 1 },
    nonTerminal: [],
    externalPaid: [{ transferId: 't1', amountCents: 1_000 }],
  });
  const running = {
    sagas: { running: 1 },
    nonTerminal: [
      {
        id: 't1',
        status: 'running',
        step: 'pay',
        startedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
    ],
    externalPaid: [],
  };

  it('answers 200 ok with the figures when the money adds up', async () => {
    paymentsAnswers = [paid('completed')];
    const answer = await jsonRequest('GET', `${control.url}/invariant`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      ok: true,
      violations: [],
      attempts: 1,
      figures: { totalBalanceCents: 4_000, expectedTotalCents: 4_000, consistentCut: true },
    });
    expect(Date.parse(String(answer.body.checkedAt))).toBeGreaterThan(Date.now() - 10_000);
    expect(paymentsReads).toBe(2);
  });

  it('answers 200 with ok false and the violations when it does not', async () => {
    paymentsAnswers = [paid('completed')];
    accountsAudit = {
      ...ACCOUNTS_AUDIT,
      totalBalanceCents: 3_000,
      negativeBalanceAccounts: ['a1'],
    };
    const answer = await jsonRequest<{ ok: boolean; violations: { rule: string }[] }>(
      'GET',
      `${control.url}/invariant`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.violations.map((v) => v.rule).sort()).toEqual([
      'conservation',
      'no-negative-balance',
    ]);
  });

  it("reads again until payments stood still around accounts' snapshot", async () => {
    // First reading: t1 running, then completed (it moved); second: completed twice.
    paymentsAnswers = [running, paid('completed'), paid('completed')];
    const answer = await jsonRequest('GET', `${control.url}/invariant`);
    expect(answer.body).toMatchObject({ ok: true, attempts: 2 });
    expect(paymentsReads).toBe(4);
  });

  it('reports unfinished sagas older than ?stuckAfterMs', async () => {
    paymentsAnswers = [running];
    accountsAudit = { ...ACCOUNTS_AUDIT };
    await new Promise((resolve) => setTimeout(resolve, 30));
    const answer = await jsonRequest<{ ok: boolean; violations: { rule: string }[] }>(
      'GET',
      `${control.url}/invariant?stuckAfterMs=10`,
    );
    // t1's debit is in flight; partner-bank holds it (paid, not yet recorded as paid).
    expect(answer.body.violations.map((v) => v.rule)).toEqual(['saga-stuck']);
    expect((await jsonRequest('GET', `${control.url}/invariant?stuckAfterMs=-1`)).status).toBe(400);
  });

  it('answers 503 naming the service whose audit cannot be read', async () => {
    paymentsAnswers = [paid('completed')];
    accountsStatus = 500;
    const down = await jsonRequest('GET', `${control.url}/invariant`);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: 'audit_unavailable', service: 'accounts' });
    expect(String(down.body.message)).toMatch(/accounts's GET \/audit answered 500/);
    accountsStatus = 200;
    accountsAudit = { totalBalanceCents: 'lots' };
    const garbled = await jsonRequest('GET', `${control.url}/invariant`);
    expect(garbled.status).toBe(503);
    expect(String(garbled.body.message)).toMatch(/does not match the audit contract/);
  });

  it('lists the projections in GET /topology with their controls', async () => {
    const topology = await jsonRequest('GET', `${control.url}/topology`);
    expect(topology.status).toBe(200);
    expect(topology.body).toEqual({
      services: [],
      projections: [
        { service: 'accounts', name: 'balances', controls: ['pause', 'resume', 'rebuild'] },
        { service: 'accounts', name: 'statements', controls: ['pause', 'resume', 'rebuild'] },
      ],
    });
  });

  it('forwards projection controls to the owning service', async () => {
    projectionCalls.length = 0;
    const paused = await jsonRequest('POST', `${control.url}/projections/accounts/balances/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({ name: 'balances', state: 'paused' });
    const speed = await jsonRequest('PUT', `${control.url}/projections/accounts/balances/speed`, {
      eventsPerSecond: 5,
    });
    expect(speed.status).toBe(200);
    expect(projectionCalls).toEqual([
      { method: 'POST', url: '/projections/balances/pause', body: {} },
      { method: 'PUT', url: '/projections/balances/speed', body: { eventsPerSecond: 5 } },
    ]);
  });

  it('answers 404 for an unknown service or projection and 400 for a bad action', async () => {
    projectionCalls.length = 0;
    const service = await jsonRequest('POST', `${control.url}/projections/ledger/balances/pause`);
    expect(service.status).toBe(404);
    expect(service.body.error).toBe('unknown_service');
    const projection = await jsonRequest('POST', `${control.url}/projections/accounts/nope/pause`);
    expect(projection.status).toBe(404);
    expect(projection.body.error).toBe('unknown_projection');
    const action = await jsonRequest(
      'POST',
      `${control.url}/projections/accounts/balances/explode`,
    );
    expect(action.status).toBe(400);
    expect(String(action.body.message)).toMatch(/action: must be one of pause, resume, rebuild/);
    // Neither the unknown service nor the bad action reached accounts.
    expect(projectionCalls).toEqual([{ method: 'POST', url: '/projections/nope/pause', body: {} }]);
  });
});
