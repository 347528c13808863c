import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSnapshot } from '../contracts/graph';
import { HealthResponse } from '../contracts/health';
import { ServicesResponse } from '../contracts/query-api';
import { RedSnapshot } from '../contracts/red';
import { ApiErrorBody, apiRoutes } from '../contracts/routes';
import { at } from '../processors/fixture-spans';
import { startTestApi, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

describe('query API: overview routes', () => {
  it('GET /health answers {status: ok}', async () => {
    const response = await api.get(apiRoutes.health);
    expect(response.status).toBe(200);
    expect(HealthResponse.parse(await response.json())).toEqual({ status: 'ok' });
  });

  it('GET /api/v1/graph answers a GraphSnapshot', async () => {
    const snapshot = GraphSnapshot.parse(await (await api.get(apiRoutes.graph)).json());
    expect(snapshot.edges.map((e) => e.id).sort()).toEqual([
      'gateway->payments',
      'user->accounts',
      'user->gateway',
    ]);
  });

  it('GET /api/v1/services lists every service with when it was last seen', async () => {
    const { services } = ServicesResponse.parse(await (await api.get(apiRoutes.services)).json());
    expect(services.map((s) => s.name).sort()).toEqual([
      'accounts',
      'control',
      'gateway',
      'payments',
    ]);
    expect(services.find((s) => s.name === 'payments')).toMatchObject({
      lastSeenUnixMs: at(1000),
      spanCount: 5,
    });
  });

  it('GET /api/v1/red answers per service and per operation, optionally for one service', async () => {
    const all = RedSnapshot.parse(await (await api.get(apiRoutes.red)).json());
    expect(all.services.map((s) => s.service)).toEqual(['accounts', 'gateway', 'payments']);
    expect(all.operations.map((s) => `${s.service} ${s.operation}`)).toEqual([
      'accounts GET /accounts',
      'gateway POST /transfer',
      'payments POST /pay',
    ]);
    // one request each, observed for less than a bucket: 1 request per second
    expect(all.services.find((s) => s.service === 'gateway')).toMatchObject({
      requestCount: 1,
      requestRatePerSecond: 1,
      errorCount: 0,
    });

    const one = RedSnapshot.parse(
      await (await api.get(`${apiRoutes.red}?service=payments`)).json(),
    );
    expect(one.services.map((s) => s.service)).toEqual(['payments']);
    expect(one.operations.map((s) => s.operation)).toEqual(['POST /pay']);
  });

  it('refuses unknown parameters with 400 and names them', async () => {
    const response = await api.get(`${apiRoutes.red}?servce=payments`);
    expect(response.status).toBe(400);
    const body = ApiErrorBody.parse(await response.json());
    expect(body.details).toEqual([
      { parameter: 'servce', message: 'unknown parameter; allowed: service' },
    ]);
  });

  it('unknown routes answer 404 JSON', async () => {
    const response = await api.get('/api/v1/unknown');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(ApiErrorBody.parse(await response.json()).error).toMatch(/not found/);
  });
});
