import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from './control/topology';
import { openDevPki } from './platform/pki/dev-pki';
import { type Platform, startPlatform } from './start-platform';
import { openTestPglite, type TestDatabase } from './testing/database';
import { jsonRequest } from './testing/http';

/**
 * The embedded platform as a mesh: every service behind its own sidecar, reached only on the
 * mTLS mesh port the control plane lists; fault rules set through the control plane apply on
 * the next call.
 *
 *   client ─► gateway ─► gateway sidecar ══mTLS══► payments sidecar ─► payments
 *                              ║                        ║
 *                              ╚══════mTLS═════► accounts sidecar ─► accounts
 */
describe('the platform as a mesh', () => {
  let data: TestDatabase & { dataDir: string };
  let platform: Platform;
  let topology: Topology;
  const agents: Agent[] = [];

  beforeAll(async () => {
    data = await openTestPglite();
    platform = await startPlatform(
      {
        host: '127.0.0.1',
        gatewayPort: 0,
        controlPort: 0,
        otlpEndpoint: 'http://127.0.0.1:9',
        trafficRate: 0,
        trafficSeed: 1,
        dataDir: data.dataDir,
      },
      { log: () => undefined, database: data.database },
    );
    topology = (await jsonRequest<Topology>('GET', `${platform.controlUrl}/topology`)).body;
  });
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await platform?.close();
    await data?.cleanup();
  });

  const service = (name: string) => {
    const found = topology.services.find((s) => s.name === name);
    if (!found) throw new Error(`${name} is not in the topology`);
    return found;
  };

  it('lists every service with its sidecar, ports, upstreams and policies', () => {
    // Upstreams first, the gateway (the public entry) last.
    expect(topology.services.map((s) => s.name)).toEqual([
      'partner-bank',
      'accounts',
      'kyc',
      'notifications',
      'lending',
      'wealth',
      'payments',
      'gateway',
    ]);
    for (const name of ['accounts', 'payments']) {
      const s = service(name);
      expect(s.role).toBe('mesh');
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.sidecar).toMatchObject({ service: name, identity: name, mtls: true, faults: [] });
      expect(s.sidecar?.meshPort).toBeGreaterThan(0);
      expect(s.sidecar?.meshPort).not.toBe(s.port);
      expect(s.address).toBe(s.sidecar?.meshUrl);
    }
    expect(service('accounts').schema).toBe('accounts');
    // Payments' completion notices reach notifications over the event bus, not HTTP.
    expect(service('payments').upstreams).toEqual(['accounts', 'partner-bank']);
    const payments = service('payments').sidecar!.upstreams[0]!;
    expect(payments).toMatchObject({ name: 'accounts', mtls: true });
    expect(payments.target).toBe(service('accounts').sidecar?.meshUrl);

    const gateway = service('gateway');
    expect(gateway).toMatchObject({ role: 'entry', url: platform.gatewayUrl, schema: null });
    expect(gateway.sidecar).toMatchObject({ meshPort: null, meshUrl: null, mtls: false });
    const egress = Object.fromEntries(gateway.sidecar!.upstreams.map((u) => [u.name, u]));
    expect(Object.keys(egress).sort()).toEqual([
      'accounts',
      'kyc',
      'lending',
      'notifications',
      'payments',
      'wealth',
    ]);
    expect(egress.payments?.target).toBe(service('payments').sidecar?.meshUrl);
    expect(egress.payments?.mtls).toBe(true);
    // ADR 0005: at least the gateway's own 15 s for a transfer.
    expect(egress.payments?.policy.timeoutMs).toBeGreaterThanOrEqual(15_000);
    expect(egress.accounts?.policy).toMatchObject({
      retry: { maxRetries: expect.any(Number) },
      breaker: { mode: 'rolling-window', halfOpenAfterMs: expect.any(Number) },
      bulkhead: { maxConcurrent: expect.any(Number) },
    });
  });

  it('refuses a plaintext call and a call without a client certificate on a mesh port', async () => {
    const meshUrl = service('accounts').sidecar!.meshUrl!;
    const pki = await openDevPki({ dir: join(data.dataDir, 'pki') });
    const tls = (extra: { cert?: string; key?: string }) => {
      const agent = new Agent({
        connect: { ca: pki.caPem, servername: 'accounts', rejectUnauthorized: true, ...extra },
      });
      agents.push(agent);
      return agent;
    };
    const get = (url: string, dispatcher: Agent) =>
      request(`${url}/accounts/acc_none`, { dispatcher }).then(async (r) => {
        await r.body.dump();
        return r.statusCode;
      });

    const plain = new Agent();
    agents.push(plain);
    await expect(get(meshUrl.replace('https:', 'http:'), plain)).rejects.toThrow();
    await expect(get(meshUrl, tls({}))).rejects.toThrow();
    // The same call with a certificate from the platform's CA reaches accounts (404: no such
    // account), so the refusals above are the mesh's doing.
    const payments = await pki.issue('payments');
    expect(await get(meshUrl, tls({ cert: payments.certPem, key: payments.keyPem }))).toBe(404);
  });

  it('sets, validates and clears a sidecar fault rule through the control plane', async () => {
    const control = platform.controlUrl;
    const gw = platform.gatewayUrl;
    const demo = await jsonRequest<{ token: string }>('POST', `${gw}/v1/auth/demo-token`, {});
    const auth = { authorization: `Bearer ${demo.body.token}` };
    const read = () => jsonRequest('GET', `${gw}/v1/accounts/acc_none`, undefined, auth);
    expect((await read()).status).toBe(404);

    const rule = { id: 'teapot', kind: 'abort', status: 418, match: { method: 'GET' } };
    const set = await jsonRequest('PUT', `${control}/mesh/accounts/faults`, [rule]);
    expect(set.status).toBe(200);
    expect(set.body.rules).toEqual([{ ...rule, percentage: 100 }]);
    const faulted = await read();
    expect(faulted.status).toBe(418);
    expect(faulted.body).toMatchObject({ error: 'fault_injected', fault: 'teapot' });
    const listed = (await jsonRequest<Topology>('GET', `${control}/topology`)).body;
    expect(listed.services.find((s) => s.name === 'accounts')?.sidecar?.faults).toHaveLength(1);

    const invalid = await jsonRequest('PUT', `${control}/mesh/accounts/faults`, {
      rules: [{ id: 'x', kind: 'delay' }],
    });
    expect(invalid.status).toBe(400);
    expect(String(invalid.body.message)).toContain('delayMs');
    expect((await jsonRequest('PUT', `${control}/mesh/ledger/faults`, [])).status).toBe(404);
    // The gateway has no mesh port: its inbound side is the public entry.
    expect((await jsonRequest('PUT', `${control}/mesh/gateway/faults`, [])).status).toBe(404);

    const cleared = await jsonRequest('DELETE', `${control}/mesh/accounts/faults`);
    expect(cleared.body).toEqual({ rules: [] });
    expect((await read()).status).toBe(404);
  });
});
