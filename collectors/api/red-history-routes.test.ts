import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RED_HISTORY_MAX_KEYS, RedHistoryResponse } from '../contracts/red';
import { ApiErrorBody, apiRoutes } from '../contracts/routes';
import { at } from '../processors/fixture-spans';
import { startTestApi, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  // The sampler takes its first sample when the server is created (clock at 1000 ms).
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

const historyUrl = (...keys: string[]) =>
  `${apiRoutes.redHistory}?${keys.map((k) => `key=${encodeURIComponent(k)}`).join('&')}`;

async function refused(path: string) {
  const response = await api.get(path);
  expect(response.status).toBe(400);
  return ApiErrorBody.parse(await response.json());
}

describe('GET /api/v1/red/history', () => {
  it('answers one series per key asked, in order, with the samples held', async () => {
    const response = await api.get(
      historyUrl('service:payments', 'edge:gateway->payments', 'node:user', 'service:payments'),
    );
    expect(response.status).toBe(200);
    const body = RedHistoryResponse.parse(await response.json());
    expect(body.generatedAtUnixMs).toBe(at(1000));
    expect(body.intervalSeconds).toBe(5);
    expect(body.series.map((s) => s.key)).toEqual([
      'service:payments',
      'edge:gateway->payments',
      'node:user',
    ]);
    const [payments, edge, user] = body.series;
    // one request each, observed for less than a bucket: 1 request per second
    expect(payments!.samples).toEqual([
      { t: at(1000), ratePerSecond: 1, errorRate: 0, p95Ms: expect.any(Number) },
    ]);
    expect(edge!.samples).toEqual([
      { t: at(1000), ratePerSecond: 1, errorRate: 0, p95Ms: expect.any(Number) },
    ]);
    expect(user!.samples).toEqual([{ t: at(1000), ratePerSecond: 0, errorRate: 0, p95Ms: null }]);
  });

  it('answers an empty series for a key it holds nothing of', async () => {
    const response = await api.get(historyUrl('node:nowhere'));
    expect(response.status).toBe(200);
    const body = RedHistoryResponse.parse(await response.json());
    expect(body.series).toEqual([{ key: 'node:nowhere', samples: [] }]);
  });

  it('refuses a missing, malformed or unknown parameter, and too many keys, with 400', async () => {
    expect((await refused(apiRoutes.redHistory)).details).toEqual([
      { parameter: 'key', message: expect.stringMatching(/^key is required/) },
    ]);
    expect((await refused(historyUrl('accounts', 'node:'))).details).toEqual([
      {
        parameter: 'key.0',
        message: expect.stringMatching(/^key "accounts" must be node:<node id>, edge:/),
      },
      { parameter: 'key.1', message: expect.stringMatching(/^key "node:" must be/) },
    ]);
    const many = Array.from({ length: RED_HISTORY_MAX_KEYS + 1 }, (_, i) => `node:n${i}`);
    expect((await refused(historyUrl(...many))).error).toBe(
      `key: at most ${RED_HISTORY_MAX_KEYS} keys per request`,
    );
    expect((await refused(`${historyUrl('node:user')}&service=x`)).details).toEqual([
      { parameter: 'service', message: 'unknown parameter; allowed: key' },
    ]);
  });
});
