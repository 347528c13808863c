import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CriticalPath } from '../contracts/critical-path';
import { ApiErrorBody, apiRoutes } from '../contracts/routes';
import { TraceSearchResponse } from '../contracts/trace-search';
import { Trace } from '../contracts/traces';
import { at } from '../processors/fixture-spans';
import { startTestApi, T1, T2, T3, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

async function search(query: string): Promise<string[]> {
  const response = await api.get(`${apiRoutes.traces}?${query}`);
  expect(response.status).toBe(200);
  return TraceSearchResponse.parse(await response.json()).traces.map((t) => t.traceId);
}

async function refused(query: string) {
  const response = await api.get(`${apiRoutes.traces}?${query}`);
  expect(response.status).toBe(400);
  return ApiErrorBody.parse(await response.json());
}

describe('GET /api/v1/traces (search)', () => {
  it('answers summaries newest first and applies every filter', async () => {
    const response = await api.get(apiRoutes.traces);
    const { traces } = TraceSearchResponse.parse(await response.json());
    expect(traces.map((t) => t.traceId)).toEqual([T2, T1, T3]);
    expect(traces[1]).toMatchObject({
      rootService: 'gateway',
      rootOperation: 'POST /transfer',
      spanCount: 7,
      errorCount: 1,
      status: 'error',
      durationMs: 100,
    });
    expect(await search('limit=1')).toEqual([T2]);
    expect(await search('service=payments')).toEqual([T1]);
    expect(await search('service=payments&operation=debit')).toEqual([T1]);
    expect(await search('service=gateway&operation=debit')).toEqual([]);
    expect(await search('status=error')).toEqual([T1]);
    expect(await search('status=unset')).toEqual([T2, T3]);
    expect(await search('minDurationMs=50&maxDurationMs=200')).toEqual([T1]);
    expect(await search('attribute=account.tier%3Dgold')).toEqual([T2]);
    expect(await search('attribute=account.tier=gold&attribute=peer.service=partner-bank')).toEqual(
      [],
    );
    expect(await search(`startUnixMs=${at(100)}&endUnixMs=${at(1000)}`)).toEqual([T2]);
  });

  it('refuses invalid and unknown parameters with 400 and one detail per problem', async () => {
    const bad = await refused('status=broken&limit=0&minDurationMs=abc');
    expect(bad.details).toEqual([
      { parameter: 'status', message: 'status must be one of ok, error, unset, any' },
      { parameter: 'minDurationMs', message: 'minDurationMs must be a number (milliseconds)' },
      { parameter: 'limit', message: 'limit must be at least 1' },
    ]);
    expect(bad.error).toContain('status: status must be one of');
    expect((await refused('start=1')).details).toEqual([
      { parameter: 'start', message: expect.stringContaining('unknown parameter; allowed:') },
    ]);
    expect((await refused('minDurationMs=10&maxDurationMs=5')).error).toContain(
      'minDurationMs must not exceed maxDurationMs',
    );
    expect((await refused('attribute=novalue')).error).toContain('attribute must be key=value');
  });
});

describe('GET /api/v1/traces/:traceId', () => {
  it('answers the trace, 400 for a malformed id and 404 for an unknown one', async () => {
    const found = await api.get(apiRoutes.trace(T1.toUpperCase()));
    expect(found.status).toBe(200);
    expect(Trace.parse(await found.json()).spans).toHaveLength(7);
    const invalid = await api.get(apiRoutes.trace('1234'));
    expect(invalid.status).toBe(400);
    expect(ApiErrorBody.parse(await invalid.json()).error).toMatch(/32 hexadecimal/);
    expect((await api.get(apiRoutes.trace('a'.repeat(32)))).status).toBe(404);
  });

  it('answers the critical path: the work that decided the duration, in time order', async () => {
    const response = await api.get(apiRoutes.criticalPath(T1));
    expect(response.status).toBe(200);
    const path = CriticalPath.parse(await response.json());
    expect(path.rootSpanId).toBe('g1');
    const segments = path.segments.map((s) => [
      s.spanId,
      s.startUnixMs - at(0),
      s.endUnixMs - at(0),
    ]);
    expect(segments).toEqual([
      ['g1', 0, 5],
      ['g2', 5, 10],
      ['p1', 10, 12],
      ['p2', 12, 20],
      ['p1', 20, 22],
      ['p3', 22, 40],
      ['p1', 40, 42],
      ['p4', 42, 50],
      ['p1', 50, 52],
      ['p5', 52, 88],
      ['p1', 88, 90],
      ['g2', 90, 95],
      ['g1', 95, 100],
    ]);
    expect((await api.get(apiRoutes.criticalPath('b'.repeat(32)))).status).toBe(404);
    expect((await api.get(apiRoutes.criticalPath('xyz'))).status).toBe(400);
  });
});
