import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  breakerAttributes,
  breakerEvents,
  faultAttributes,
} from '../../../collectors/contracts/conventions';
import { eventually, jsonRequest } from '../../testing/http';
import type { UpstreamPolicyInput } from '../resilience/policy-config';
import { type Sidecar, startSidecar } from './sidecar';
import {
  answerJson,
  hang,
  type RecordingApp,
  type SpanSink,
  serviceOf,
  spanSink,
  startRecordingApp,
  type TestPki,
  testPki,
} from './sidecar-test-kit';

/**
 * The caller's sidecar guards its upstream with the policy under test; each test sets how
 * the recording app answers and counts the requests that reach it:
 *
 *   test ──http──► payments sidecar (egress) ══mTLS══► accounts sidecar ──http──► app
 */
const RETRYING: UpstreamPolicyInput = {
  retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 },
  breaker: { mode: 'consecutive', consecutiveFailures: 1_000 },
};
const BREAKING: UpstreamPolicyInput = {
  retry: { maxRetries: 0 },
  breaker: { mode: 'consecutive', consecutiveFailures: 2, halfOpenAfterMs: 100 },
};

describe('egress resilience over the mesh', () => {
  let pki: TestPki;
  let sink: SpanSink;
  let app: RecordingApp;
  let accounts: Sidecar;
  let payments: Sidecar;

  beforeAll(async () => {
    pki = await testPki('resilience');
    sink = spanSink();
    app = await startRecordingApp();
    accounts = await startSidecar({
      service: 'accounts',
      tracer: sink.tracer('accounts'),
      credentials: await pki.pki.issue('accounts'),
      appUrl: app.url,
    });
    const url = accounts.meshUrl!;
    payments = await startSidecar({
      service: 'payments',
      tracer: sink.tracer('payments'),
      credentials: await pki.pki.issue('payments'),
      ingress: false,
      upstreams: [{ name: 'accounts', url, policy: RETRYING }],
    });
  });
  afterEach(() => {
    app.releaseHanging();
    app.respond = answerJson(200, { ok: true });
    accounts.faults.clear();
  });
  afterAll(async () => {
    app?.releaseHanging();
    await payments?.close();
    await accounts?.close();
    await app?.close();
    await sink?.shutdown();
    await pki?.dispose();
  });

  const hitsDuring = async (fn: () => Promise<unknown>) => {
    const before = app.hits.length;
    await fn();
    return app.hits.length - before;
  };

  it('retries idempotent or keyed requests, never a POST without Idempotency-Key', async () => {
    app.respond = answerJson(503, { error: 'busy' });
    const base = payments.upstreamUrl('accounts');
    const post = (headers: Record<string, string> = {}) =>
      jsonRequest('POST', `${base}/accounts/acc_1/debits`, { amountCents: 5 }, headers);

    expect(await hitsDuring(() => post())).toBe(1);
    expect(await hitsDuring(() => post({ 'idempotency-key': 'trf_1:debit' }))).toBe(3);
    expect(await hitsDuring(() => jsonRequest('GET', `${base}/accounts/acc_1`))).toBe(3);
    expect(await hitsDuring(() => jsonRequest('PUT', `${base}/accounts/acc_1`, {}))).toBe(3);
    const last = await post();
    expect(last.status).toBe(503);
    expect(last.body).toEqual({ error: 'busy' });
    expect(app.hits.at(-1)?.body).toBe('{"amountCents":5}');
  });
});

describe('egress breaker, bulkhead, timeout and inbound faults', () => {
  let pki: TestPki;
  let sink: SpanSink;
  let app: RecordingApp;
  let accounts: Sidecar;
  let caller: Sidecar;
  const callerFor = async (policy: UpstreamPolicyInput) => {
    await caller?.close();
    caller = await startSidecar({
      service: 'payments',
      tracer: sink.tracer('payments'),
      credentials: await pki.pki.issue('payments'),
      ingress: false,
      upstreams: [{ name: 'accounts', url: accounts.meshUrl!, policy }],
    });
    return caller.upstreamUrl('accounts');
  };

  beforeAll(async () => {
    pki = await testPki('breaker');
    sink = spanSink();
    app = await startRecordingApp();
    accounts = await startSidecar({
      service: 'accounts',
      tracer: sink.tracer('accounts'),
      credentials: await pki.pki.issue('accounts'),
      appUrl: app.url,
    });
  });
  afterEach(() => {
    app.releaseHanging();
    app.respond = answerJson(200, { ok: true });
    accounts.faults.clear();
  });
  afterAll(async () => {
    app?.releaseHanging();
    await caller?.close();
    await accounts?.close();
    await app?.close();
    await sink?.shutdown();
    await pki?.dispose();
  });

  it('opens on failures, answers 503 breaker-open locally, half-opens, then closes', async () => {
    const base = await callerFor(BREAKING);
    sink.reset();
    app.respond = answerJson(500, { error: 'down' });
    expect((await jsonRequest('GET', `${base}/accounts/a`)).status).toBe(500);
    expect((await jsonRequest('GET', `${base}/accounts/a`)).status).toBe(500);
    const hits = app.hits.length;
    const refused = await jsonRequest('GET', `${base}/accounts/a`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('x-mesh-rejected')).toBe('breaker-open');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ reason: 'breaker-open', upstream: 'accounts' });
    expect(app.hits.length).toBe(hits);

    app.respond = answerJson(200, { ok: true });
    await eventually(async () => {
      const r = await jsonRequest('GET', `${base}/accounts/a`);
      return r.status === 200 ? r : undefined;
    });
    const changes = sink
      .spans()
      .filter((s) => serviceOf(s) === 'payments')
      .flatMap((s) => s.events)
      .filter((e) => e.name === breakerEvents.stateChange)
      .map((e) => ({
        name: e.attributes?.[breakerAttributes.name],
        transition: `${e.attributes?.[breakerAttributes.from]}->${e.attributes?.[breakerAttributes.to]}`,
      }));
    expect(changes).toEqual([
      { name: 'accounts', transition: 'closed->open' },
      { name: 'accounts', transition: 'open->half_open' },
      { name: 'accounts', transition: 'half_open->closed' },
    ]);
    expect(caller.stats().upstreams[0]).toMatchObject({ state: 'closed' });
  });

  it('rejects calls over the bulkhead limit with 503 bulkhead-full', async () => {
    const base = await callerFor({
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      timeoutMs: 10_000,
    });
    app.respond = hang;
    const hits = app.hits.length;
    const first = jsonRequest('GET', `${base}/slow`);
    await eventually(() => (app.hits.length > hits ? true : undefined));
    const second = await jsonRequest('GET', `${base}/slow`);
    expect(second.status).toBe(503);
    expect(second.headers.get('x-mesh-rejected')).toBe('bulkhead-full');
    app.releaseHanging();
    expect((await first).status).toBe(200);
    expect(caller.stats().upstreams[0]?.rejections['bulkhead-full']).toBe(1);
  });

  it('times out a silent upstream with 504 timeout', async () => {
    const base = await callerFor({ timeoutMs: 100, retry: { maxRetries: 0 } });
    app.respond = hang;
    const response = await jsonRequest('GET', `${base}/slow`);
    expect(response.status).toBe(504);
    expect(response.headers.get('x-mesh-rejected')).toBe('timeout');
    expect(caller.stats().upstreams[0]).toMatchObject({ timeouts: 1 });
  });

  it('applies inbound fault rules set at run time: abort, drop, delay', async () => {
    const base = await callerFor({ retry: { maxRetries: 0 } });
    const hits = app.hits.length;
    accounts.faults.set([{ id: 'teapot', kind: 'abort', status: 418 }]);
    const aborted = await jsonRequest('GET', `${base}/accounts/a`);
    expect(aborted.status).toBe(418);
    expect(aborted.headers.get('x-mesh-fault')).toBe('teapot');

    accounts.faults.set([{ id: 'cut', kind: 'drop', match: { method: 'GET' } }]);
    const dropped = await jsonRequest('GET', `${base}/accounts/a`);
    expect(dropped.status).toBe(502);
    expect(dropped.headers.get('x-mesh-rejected')).toBe('unreachable');
    expect(app.hits.length).toBe(hits);

    sink.reset();
    accounts.faults.set([{ id: 'slow', kind: 'delay', delayMs: 1 }]);
    expect((await jsonRequest('GET', `${base}/accounts/a`)).status).toBe(200);
    expect(app.hits.length).toBe(hits + 1);
    const ingress = await eventually(() => sink.spans().find((s) => s.name === 'mesh.ingress'));
    expect(ingress.attributes[faultAttributes.kind]).toBe('delay');
    expect(ingress.attributes[faultAttributes.id]).toBe('slow');
    expect(accounts.stats().ingress?.faults).toEqual({ delay: 1, abort: 1, drop: 1 });
    expect(() => accounts.faults.set([{ id: 'x', kind: 'abort', status: 200 }])).toThrow(/status/);
  });
});
