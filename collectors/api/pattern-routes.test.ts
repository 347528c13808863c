import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultsSnapshot } from '../contracts/faults';
import { BreakersResponse, SagaListResponse } from '../contracts/query-api';
import { ApiErrorBody, apiRoutes } from '../contracts/routes';
import { SagaTimeline } from '../contracts/sagas';
import { at } from '../processors/fixture-spans';
import { startTestApi, T1, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

describe('GET /api/v1/sagas', () => {
  it('shows the saga with its steps, the compensation and the reported status', async () => {
    const response = await api.get(apiRoutes.sagas);
    expect(response.status).toBe(200);
    const { sagas } = SagaListResponse.parse(await response.json());
    expect(sagas).toHaveLength(1);
    expect(sagas[0]).toMatchObject({
      id: 's1',
      name: 'transfer',
      status: 'compensated',
      statusSource: 'reported',
      coordination: 'orchestrated',
      services: ['payments'],
      startUnixMs: at(12),
      durationMs: 38,
    });
    expect(sagas[0]!.steps.map((s) => [s.name, s.kind, s.status, s.traceId])).toEqual([
      ['reserve', 'action', 'unset', T1],
      ['debit', 'action', 'error', T1],
      ['release', 'compensation', 'unset', T1],
    ]);
  });

  it('filters by status and limits; refuses bad values with 400', async () => {
    const list = async (query: string) =>
      SagaListResponse.parse(await (await api.get(`${apiRoutes.sagas}?${query}`)).json()).sagas;
    expect((await list('status=compensated&limit=5')).map((s) => s.id)).toEqual(['s1']);
    expect(await list('status=running')).toEqual([]);
    const bad = await api.get(`${apiRoutes.sagas}?status=done&limit=0`);
    expect(bad.status).toBe(400);
    const body = ApiErrorBody.parse(await bad.json());
    expect(body.details).toEqual([
      {
        parameter: 'status',
        message: 'status must be one of running, compensating, completed, compensated, failed',
      },
      { parameter: 'limit', message: 'limit must be at least 1' },
    ]);
  });

  it('GET /api/v1/sagas/:sagaId answers one timeline, 404 when unknown', async () => {
    const response = await api.get(apiRoutes.saga('s1'));
    expect(response.status).toBe(200);
    expect(SagaTimeline.parse(await response.json()).steps).toHaveLength(3);
    const unknown = await api.get(apiRoutes.saga('nope'));
    expect(unknown.status).toBe(404);
    expect(ApiErrorBody.parse(await unknown.json()).error).toBe('saga nope not found');
  });
});

describe('GET /api/v1/breakers', () => {
  it('shows each breaker state and its transitions from span events', async () => {
    const { breakers } = BreakersResponse.parse(await (await api.get(apiRoutes.breakers)).json());
    expect(breakers).toHaveLength(1);
    expect(breakers[0]).toMatchObject({
      key: 'payments/partner-bank',
      service: 'payments',
      peer: 'partner-bank',
      state: 'half_open',
      lastChangeUnixMs: at(80),
    });
    expect(breakers[0]!.transitions.map((t) => [t.from, t.to, t.spanId])).toEqual([
      ['closed', 'open', 'p5'],
      ['open', 'half_open', 'p5'],
    ]);
  });
});

describe('GET /api/v1/faults', () => {
  it('lists active faults and the history of ended ones', async () => {
    const faults = FaultsSnapshot.parse(await (await api.get(apiRoutes.faults)).json());
    expect(faults.active).toEqual([
      {
        id: 'f2',
        kind: 'latency',
        target: 'payments',
        service: 'control',
        startedAtUnixMs: at(250),
        endedAtUnixMs: null,
      },
    ]);
    expect(faults.history.map((f) => [f.id, f.startedAtUnixMs, f.endedAtUnixMs])).toEqual([
      ['f1', at(1), at(200)],
    ]);
  });
});
