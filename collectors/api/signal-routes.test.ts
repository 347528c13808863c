import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogsResponse } from '../contracts/logs';
import { MetricNamesResponse, MetricSeriesResponse } from '../contracts/metrics';
import { ApiErrorBody, apiRoutes } from '../contracts/routes';
import { at } from '../processors/fixture-spans';
import { startTestApi, T1, T2, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

async function logs(path: string): Promise<string[]> {
  const response = await api.get(path);
  expect(response.status).toBe(200);
  return LogsResponse.parse(await response.json()).logs.map((l) => l.body);
}

async function refused(path: string) {
  const response = await api.get(path);
  expect(response.status).toBe(400);
  return ApiErrorBody.parse(await response.json());
}

describe('GET /api/v1/logs', () => {
  it('answers newest first and applies every filter', async () => {
    expect(await logs(apiRoutes.logs)).toEqual([
      'slow query',
      'debit refused',
      'reserving',
      'started',
    ]);
    expect(await logs(`${apiRoutes.logs}?traceId=${T1.toUpperCase()}`)).toEqual([
      'debit refused',
      'reserving',
    ]);
    expect(await logs(`${apiRoutes.logs}?service=accounts`)).toEqual(['slow query']);
    expect(await logs(`${apiRoutes.logs}?minSeverity=warn`)).toEqual([
      'slow query',
      'debit refused',
    ]);
    expect(await logs(`${apiRoutes.logs}?minSeverity=17`)).toEqual(['debit refused']);
    expect(await logs(`${apiRoutes.logs}?fromUnixMs=${at(10)}&toUnixMs=${at(30)}`)).toEqual([
      'debit refused',
      'reserving',
    ]);
    expect(await logs(`${apiRoutes.logs}?limit=1`)).toEqual(['slow query']);
  });

  it('refuses bad and unknown parameters with 400 and one detail per problem', async () => {
    const bad = await refused(
      `${apiRoutes.logs}?traceId=xyz&minSeverity=loud&limit=0&fromUnixMs=soon`,
    );
    expect(bad.details).toEqual([
      { parameter: 'traceId', message: 'traceId must be 32 hexadecimal characters' },
      {
        parameter: 'fromUnixMs',
        message: 'fromUnixMs must be a number (Unix time in milliseconds)',
      },
      {
        parameter: 'minSeverity',
        message: 'minSeverity must be 0-24 or one of trace, debug, info, warn, error, fatal',
      },
      { parameter: 'limit', message: 'limit must be at least 1' },
    ]);
    expect((await refused(`${apiRoutes.logs}?severity=9`)).details).toEqual([
      { parameter: 'severity', message: expect.stringContaining('unknown parameter; allowed:') },
    ]);
    expect((await refused(`${apiRoutes.logs}?fromUnixMs=20&toUnixMs=10`)).error).toContain(
      'fromUnixMs must not be after toUnixMs',
    );
  });
});

describe('GET /api/v1/traces/:traceId/logs', () => {
  it("answers the trace's logs, with the other filters", async () => {
    expect(await logs(apiRoutes.traceLogs(T1))).toEqual(['debit refused', 'reserving']);
    expect(await logs(`${apiRoutes.traceLogs(T1)}?minSeverity=error`)).toEqual(['debit refused']);
    expect(await logs(apiRoutes.traceLogs(T2))).toEqual(['slow query']);
    expect(await logs(apiRoutes.traceLogs('c'.repeat(32)))).toEqual([]);
    expect((await refused(apiRoutes.traceLogs('nope'))).error).toMatch(/32 hexadecimal/);
    expect((await refused(`${apiRoutes.traceLogs(T1)}?traceId=${T2}`)).details).toEqual([
      { parameter: 'traceId', message: expect.stringContaining('unknown parameter') },
    ]);
  });
});

describe('GET /api/v1/metrics', () => {
  it('lists metric names and answers the series of one name', async () => {
    const { names } = MetricNamesResponse.parse(
      await (await api.get(apiRoutes.metricNames)).json(),
    );
    expect(names.map((n) => `${n.service} ${n.name} ${n.type}`)).toEqual([
      'accounts eventstore.position gauge',
      'accounts projection.position gauge',
      'payments circuit_breaker.calls sum',
      'payments resilience.retries sum',
    ]);
    const response = await api.get(
      `${apiRoutes.metricSeries}?name=projection.position&service=accounts&fromUnixMs=${at(550)}`,
    );
    const { series } = MetricSeriesResponse.parse(await response.json());
    expect(series).toHaveLength(1);
    expect(series[0]!.attributes).toEqual({ 'projection.name': 'balances' });
    expect(series[0]!.points.map((p) => (p.type === 'gauge' ? p.value : null))).toEqual([120]);
  });

  it('requires a name and refuses unknown parameters', async () => {
    expect((await refused(apiRoutes.metricSeries)).details).toEqual([
      { parameter: 'name', message: 'name is required: the metric name, e.g. projection.position' },
    ]);
    expect((await refused(`${apiRoutes.metricSeries}?name=x&from=1`)).details).toEqual([
      { parameter: 'from', message: expect.stringContaining('unknown parameter') },
    ]);
  });
});
