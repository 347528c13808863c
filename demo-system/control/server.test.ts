import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest } from '../testing/http';
import { type ControlPlane, startControlPlane } from './server';
import { TrafficGenerator } from './traffic/generator';
import { DEFAULT_WEIGHTS } from './traffic/scenarios';

/** The control plane alone, over a traffic generator that is never started. */
const TOKEN = 'control-token-for-the-suite';

const start = (token?: string, host = '127.0.0.1') =>
  startControlPlane({
    host,
    port: 0,
    ...(token ? { token } : {}),
    services: ['accounts'],
    topology: () => ({ services: [] }),
    faults: () => undefined,
    traffic: new TrafficGenerator({ gatewayUrl: 'http://127.0.0.1:9', ratePerSecond: 0, seed: 1 }),
  });

describe('control plane with a token', () => {
  let control: ControlPlane;
  beforeAll(async () => {
    control = await start(TOKEN);
  });
  afterAll(() => control?.close());

  it('answers 401 without the bearer token, and serves with it', async () => {
    const none = await jsonRequest('GET', `${control.url}/topology`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="patternscope-control"');
    const wrong = await jsonRequest(
      'PUT',
      `${control.url}/traffic`,
      { ratePerSecond: 1 },
      {
        authorization: 'Bearer not-the-token',
      },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
    const right = await jsonRequest('GET', `${control.url}/topology`, undefined, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ services: [], projections: [] });
    // Health stays open for launchers and probes.
    expect((await jsonRequest('GET', `${control.url}/health`)).body).toEqual({
      status: 'ok',
      services: ['accounts'],
    });
  });
});

describe('control plane exposure', () => {
  it('refuses to bind beyond loopback without a token (before binding)', async () => {
    await expect(start(undefined, '0.0.0.0')).rejects.toThrow(/CONTROL_TOKEN/);
  });

  it('needs no token on loopback when none is configured', async () => {
    const control = await start();
    try {
      expect((await jsonRequest('GET', `${control.url}/traffic`)).status).toBe(200);
    } finally {
      await control.close();
    }
  });
});

describe('traffic control', () => {
  let control: ControlPlane;
  beforeAll(async () => {
    control = await start();
  });
  afterAll(() => control?.close());

  it('changes rate and scenario mix, refusing bad values and keeping the old ones', async () => {
    const url = `${control.url}/traffic`;
    const initial = await jsonRequest('GET', url);
    expect(initial.body.weights).toEqual(DEFAULT_WEIGHTS);

    const changed = await jsonRequest('PUT', url, { ratePerSecond: 3, weights: { deposit: 0 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      ratePerSecond: 3,
      weights: { ...DEFAULT_WEIGHTS, deposit: 0 },
    });

    for (const bad of [
      {},
      { ratePerSecond: -1 },
      { weights: { deposit: -2 } },
      { weights: { nonsense: 1 } },
      { weights: Object.fromEntries(Object.keys(DEFAULT_WEIGHTS).map((k) => [k, 0])) },
    ]) {
      const refused = await jsonRequest('PUT', url, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error).toBe('invalid_request');
    }
    const after = await jsonRequest('GET', url);
    expect(after.body).toMatchObject({
      ratePerSecond: 3,
      weights: { ...DEFAULT_WEIGHTS, deposit: 0 },
    });
  });
});
