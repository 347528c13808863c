import { SpanKind } from '@opentelemetry/api';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meshAttributes } from '../../../collectors/contracts/conventions';
import { eventually, jsonRequest } from '../../testing/http';
import { PEER_IDENTITY_HEADER } from './forward-headers';
import { type Sidecar, startSidecar } from './sidecar';
import {
  type RecordingApp,
  type SpanSink,
  serviceOf,
  spanSink,
  startRecordingApp,
  type TestPki,
  testPki,
} from './sidecar-test-kit';

/**
 * Two sidecars and an app:
 *
 *   test ──http──► gateway sidecar (egress :local) ══mTLS══► accounts sidecar (mesh port)
 *                                                             └──http──► accounts app
 */
describe('mesh port security and trace context', () => {
  let home: TestPki;
  let foreign: TestPki;
  let sink: SpanSink;
  let app: RecordingApp;
  let accounts: Sidecar;
  let gateway: Sidecar;
  const agents: Agent[] = [];

  beforeAll(async () => {
    [home, foreign] = await Promise.all([testPki('mesh'), testPki('foreign')]);
    sink = spanSink();
    app = await startRecordingApp();
    accounts = await startSidecar({
      service: 'accounts',
      tracer: sink.tracer('accounts'),
      credentials: await home.pki.issue('accounts'),
      appUrl: app.url,
    });
    gateway = await startSidecar({
      service: 'gateway',
      tracer: sink.tracer('gateway'),
      credentials: await home.pki.issue('gateway'),
      ingress: false,
      upstreams: [
        { name: 'accounts', url: accounts.meshUrl! },
        // Deliberately wrong: the accounts mesh port presents a certificate for "accounts".
        { name: 'payments', url: accounts.meshUrl!, policy: { retry: { maxRetries: 0 } } },
      ],
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await accounts?.close();
    await Promise.all(agents.map((a) => a.close()));
    await app?.close();
    await sink?.shutdown();
    await Promise.all([home?.dispose(), foreign?.dispose()]);
  });

  /** A direct TLS client of the accounts mesh port. */
  const meshAgent = (tls: { cert?: string; key?: string; ca: string }) => {
    const agent = new Agent({
      connect: { ...tls, servername: 'accounts', rejectUnauthorized: true },
    });
    agents.push(agent);
    return agent;
  };
  const callMesh = (agent: Agent) =>
    request(`${accounts.meshUrl}/accounts/acc_1`, { dispatcher: agent }).then(async (r) => {
      await r.body.dump();
      return r.statusCode;
    });

  it('accepts a client certificate signed by the mesh CA', async () => {
    const gatewayCreds = await home.pki.issue('gateway');
    const agent = meshAgent({
      ca: home.pki.caPem,
      cert: gatewayCreds.certPem,
      key: gatewayCreds.keyPem,
    });
    expect(await callMesh(agent)).toBe(200);
    expect(app.hits.at(-1)?.headers[PEER_IDENTITY_HEADER]).toBe('gateway');
  });

  it('refuses a plaintext call, a call without a client certificate, and a foreign CA', async () => {
    const before = app.hits.length;
    const refusedBefore = accounts.stats().ingress!.refusedHandshakes;
    const plaintextUrl = accounts.meshUrl!.replace('https:', 'http:');
    await expect(fetch(`${plaintextUrl}/accounts/acc_1`)).rejects.toThrow();

    await expect(callMesh(meshAgent({ ca: home.pki.caPem }))).rejects.toThrow();

    const stranger = await foreign.pki.issue('gateway');
    await expect(
      callMesh(meshAgent({ ca: home.pki.caPem, cert: stranger.certPem, key: stranger.keyPem })),
    ).rejects.toThrow();
    expect(app.hits.length).toBe(before);
    // Refused in the TLS handshake, not by some later failure.
    await eventually(() =>
      accounts.stats().ingress!.refusedHandshakes - refusedBefore === 3 ? true : undefined,
    );
  });

  it('refuses an upstream whose certificate names another service', async () => {
    const before = app.hits.length;
    const response = await jsonRequest('GET', `${gateway.upstreamUrl('payments')}/transfers/t1`);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-mesh-rejected')).toBe('unreachable');
    expect(app.hits.length).toBe(before);
  });

  it('carries one trace through both sidecars, traceparent untouched', async () => {
    sink.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const traceparent = `00-${traceId}-${callerSpanId}-01`;
    const response = await jsonRequest(
      'GET',
      `${gateway.upstreamUrl('accounts')}/accounts/acc_1?view=full`,
      undefined,
      { traceparent, tracestate: 'patternscope=1' },
    );
    expect(response.status).toBe(200);
    const hit = app.hits.at(-1)!;
    expect(hit.url).toBe('/accounts/acc_1?view=full');
    expect(hit.headers.traceparent).toBe(traceparent);
    expect(hit.headers.tracestate).toBe('patternscope=1');

    const spans = await eventually(() => {
      const found = sink.spans().filter((s) => s.spanContext().traceId === traceId);
      return found.length >= 2 ? found : undefined;
    });
    const summary = spans
      .map((s) => ({
        service: serviceOf(s),
        name: s.name,
        kind: s.kind,
        parent: s.parentSpanContext?.spanId,
        sidecar: s.attributes[meshAttributes.sidecar],
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    // Both are INTERNAL children of the caller's span: the graph pairs the services' own
    // client and server spans, and the sidecars add no node and no edge.
    expect(summary).toEqual([
      {
        service: 'gateway',
        name: 'mesh.egress',
        kind: SpanKind.INTERNAL,
        parent: callerSpanId,
        sidecar: true,
      },
      {
        service: 'accounts',
        name: 'mesh.ingress',
        kind: SpanKind.INTERNAL,
        parent: callerSpanId,
        sidecar: true,
      },
    ]);
    const ingress = spans.find((s) => s.name === 'mesh.ingress')!;
    expect(ingress.attributes[meshAttributes.peerIdentity]).toBe('gateway');
  });
});
