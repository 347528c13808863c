import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { type Platform, startPlatform } from './main';
import { openTestPglite, type TestDatabase } from './testing/database';
import { eventually, jsonRequest } from './testing/http';
import {
  type OtlpReceiver,
  OtlpSpanKind,
  type ReceivedSpan,
  startOtlpReceiver,
} from './testing/otlp-receiver';

/**
 * One transfer through the gateway and the sidecars, exported over OTLP/HTTP protobuf to a
 * local receiver. The caller's traceparent must survive every hop; each sidecar adds an
 * INTERNAL span beside the service's own (it forwards the traceparent untouched, ADR 0005):
 *
 *   (caller span 00f067aa0ba902b7)
 *   └─ gateway  SERVER POST /v1/transfers
 *      └─ gateway  CLIENT POST /transfers            peer.service=payments
 *         ├─ gateway  INTERNAL mesh.egress           mesh.upstream=payments
 *         ├─ payments INTERNAL mesh.ingress          mesh.peer.identity=gateway
 *         └─ payments SERVER POST /transfers
 *            ├─ payments INTERNAL transfer.debit
 *            │  └─ payments CLIENT POST /accounts/:id/debits    peer.service=accounts
 *            │     ├─ payments INTERNAL mesh.egress             mesh.upstream=accounts
 *            │     ├─ accounts INTERNAL mesh.ingress            mesh.peer.identity=payments
 *            │     └─ accounts SERVER POST /accounts/:id/debits
 *            │        └─ accounts INTERNAL ledger.post_entry
 *            └─ payments INTERNAL transfer.credit
 *               └─ payments CLIENT POST /accounts/:id/credits
 *                  └─ accounts SERVER POST /accounts/:id/credits
 *
 * The sidecars' metrics reach the same receiver: breaker state and call counters.
 */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

describe('trace propagation across gateway, payments and accounts', () => {
  let receiver: OtlpReceiver;
  let platform: Platform;
  let data: TestDatabase & { dataDir: string };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    data = await openTestPglite();
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: receiver.url,
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: data.dataDir,
      },
      { log: () => undefined, database: data.database, metricIntervalMs: 200 },
    );
  });
  afterAll(async () => {
    await platform?.close();
    await data?.cleanup();
    await receiver?.close();
  });

  it('exports one linked trace with each service named on its resource', async () => {
    const gw = platform.gatewayUrl;
    const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {});
    const auth = { authorization: `Bearer ${demo.body.token}` };
    const from = await jsonRequest('POST', `${gw}/v1/accounts`, { owner: 'Ada' }, auth);
    const to = await jsonRequest('POST', `${gw}/v1/accounts`, { owner: 'Alan' }, auth);
    await jsonRequest(
      'POST',
      `${gw}/v1/accounts/${from.body.id}/deposits`,
      { amountCents: 700 },
      auth,
    );
    expect((await jsonRequest('GET', `${gw}/health`)).status).toBe(200);

    const transfer = await jsonRequest(
      'POST',
      `${gw}/v1/transfers`,
      { fromAccountId: from.body.id, toAccountId: to.body.id, amountCents: 300 },
      { ...auth, traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    );
    expect(transfer.status).toBe(201);

    const find = (spans: ReceivedSpan[], service: string, name: string, kind: number) =>
      spans.find((s) => s.serviceName === service && s.name === name && s.kind === kind);
    const spans = await eventually(
      () => {
        const inTrace = receiver.spans().filter((s) => s.traceId === TRACE_ID);
        const complete =
          find(inTrace, 'gateway', 'POST /v1/transfers', OtlpSpanKind.SERVER) &&
          find(inTrace, 'accounts', 'POST /accounts/:id/credits', OtlpSpanKind.SERVER) &&
          find(inTrace, 'accounts', 'POST /accounts/:id/debits', OtlpSpanKind.SERVER) &&
          find(inTrace, 'payments', 'POST /transfers', OtlpSpanKind.SERVER) &&
          find(inTrace, 'payments', 'transfer.credit', OtlpSpanKind.INTERNAL) &&
          inTrace.filter((s) => s.name.startsWith('mesh.')).length >= 6;
        return complete ? inTrace : undefined;
      },
      15_000,
      'the transfer trace from all three services',
    );
    const span = (service: string, name: string, kind: number) => {
      const found = find(spans, service, name, kind);
      if (!found) throw new Error(`no ${service} span ${name}`);
      return found;
    };

    const gatewayServer = span('gateway', 'POST /v1/transfers', OtlpSpanKind.SERVER);
    const gatewayClient = span('gateway', 'POST /transfers', OtlpSpanKind.CLIENT);
    const paymentsServer = span('payments', 'POST /transfers', OtlpSpanKind.SERVER);
    const debitStep = span('payments', 'transfer.debit', OtlpSpanKind.INTERNAL);
    const creditStep = span('payments', 'transfer.credit', OtlpSpanKind.INTERNAL);
    const debitClient = span('payments', 'POST /accounts/:id/debits', OtlpSpanKind.CLIENT);
    const creditClient = span('payments', 'POST /accounts/:id/credits', OtlpSpanKind.CLIENT);
    const debitServer = span('accounts', 'POST /accounts/:id/debits', OtlpSpanKind.SERVER);
    const creditServer = span('accounts', 'POST /accounts/:id/credits', OtlpSpanKind.SERVER);
    const ledgerEntry = spans.find(
      (s) => s.name === 'ledger.post_entry' && s.parentSpanId === debitServer.spanId,
    );

    expect(gatewayServer.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(gatewayClient.parentSpanId).toBe(gatewayServer.spanId);
    expect(paymentsServer.parentSpanId).toBe(gatewayClient.spanId);
    expect(debitStep.parentSpanId).toBe(paymentsServer.spanId);
    expect(creditStep.parentSpanId).toBe(paymentsServer.spanId);
    expect(debitClient.parentSpanId).toBe(debitStep.spanId);
    expect(creditClient.parentSpanId).toBe(creditStep.spanId);
    expect(debitServer.parentSpanId).toBe(debitClient.spanId);
    expect(creditServer.parentSpanId).toBe(creditClient.spanId);
    expect(ledgerEntry?.serviceName).toBe('accounts');

    expect(gatewayServer.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/v1/transfers',
      'url.path': '/v1/transfers',
      'http.response.status_code': 201,
    });
    expect(gatewayClient.attributes).toMatchObject({
      'peer.service': 'payments',
      'server.address': '127.0.0.1',
      'http.response.status_code': 201,
    });
    expect(debitClient.attributes['peer.service']).toBe('accounts');
    expect(debitStep.attributes).toMatchObject({
      'saga.name': 'transfer',
      'saga.id': transfer.body.id,
      'saga.step.kind': 'action',
    });
    expect(debitServer.attributes['http.route']).toBe('/accounts/:id/debits');
    expect(receiver.spans().some((s) => s.name.includes('/health'))).toBe(false);

    // The sidecars' spans hang beside the service spans, under the caller's CLIENT span.
    const mesh = (service: string, direction: string, parent: string) =>
      spans.filter(
        (s) =>
          s.serviceName === service &&
          s.name === `mesh.${direction}` &&
          s.kind === OtlpSpanKind.INTERNAL &&
          s.parentSpanId === parent,
      );
    expect(mesh('gateway', 'egress', gatewayClient.spanId)[0]?.attributes).toMatchObject({
      'mesh.sidecar': true,
      'mesh.upstream': 'payments',
      'http.response.status_code': 201,
    });
    expect(mesh('payments', 'ingress', gatewayClient.spanId)[0]?.attributes).toMatchObject({
      'mesh.peer.identity': 'gateway',
    });
    expect(mesh('payments', 'egress', debitClient.spanId)[0]?.attributes['mesh.upstream']).toBe(
      'accounts',
    );
    expect(mesh('accounts', 'ingress', debitClient.spanId)).toHaveLength(1);
    expect(mesh('accounts', 'ingress', creditClient.spanId)).toHaveLength(1);
    // No sidecar span speaks for a service of its own: no extra node in the service graph.
    // (notifications may appear too: payments notifies after the transfer, in the same trace.)
    const names = new Set(spans.map((s) => s.serviceName));
    expect([...names]).toEqual(expect.arrayContaining(['accounts', 'gateway', 'payments']));
    const catalogNames = CATALOG.map((entry) => entry.name);
    for (const name of names) expect(catalogNames).toContain(name);
    expect(spans.filter((s) => s.name.startsWith('mesh.')).every((s) => s.kind === 1)).toBe(true);
  });

  it("exports the sidecars' breaker state and call counters as OTLP metrics", async () => {
    const point = (service: string, metric: string, attributes: Record<string, string>) =>
      receiver
        .points()
        .filter(
          (p) =>
            p.serviceName === service &&
            p.metric === metric &&
            Object.entries(attributes).every(([k, v]) => p.attributes[k] === v),
        )
        .at(-1);
    const calls = await eventually(
      () => {
        const found = point('payments', 'circuit_breaker.calls', {
          'circuit_breaker.name': 'accounts',
          'circuit_breaker.outcome': 'success',
        });
        return found && found.value >= 2 ? found : undefined;
      },
      15_000,
      'payments -> accounts breaker calls',
    );
    expect(calls).toMatchObject({
      type: 'sum',
      attributes: { 'circuit_breaker.peer': 'accounts' },
    });
    expect(
      point('gateway', 'circuit_breaker.state', { 'circuit_breaker.name': 'payments' }),
    ).toMatchObject({ type: 'gauge', value: 0 });
    expect(
      point('payments', 'resilience.retries', { 'resilience.target': 'accounts' }),
    ).toMatchObject({ type: 'sum', value: 0 });
  });
});
