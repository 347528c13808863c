import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilienceResponse } from '../contracts/breakers';
import { ConsumerLagResponse, type ConsumerLagSnapshot } from '../contracts/consumer-lag';
import { CqrsSnapshot } from '../contracts/cqrs';
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
    // from the circuit_breaker.calls counters: 8 success + 2 failure since the start
    expect(breakers[0]!.counters).toEqual({
      calls: 10,
      rejections: 0,
      errorPercent: 20,
      updatedAtUnixMs: at(600),
    });
  });

  it('GET /api/v1/resilience answers the resilience counters per service and target', async () => {
    const { counters } = ResilienceResponse.parse(
      await (await api.get(apiRoutes.resilience)).json(),
    );
    expect(counters.map((c) => [c.key, c.total.retries, c.recent.retries])).toEqual([
      ['payments/partner-bank', 3, 3],
    ]);
  });
});

describe('GET /api/v1/cqrs', () => {
  it('answers projection lag from the position gauges', async () => {
    const snapshot = CqrsSnapshot.parse(await (await api.get(apiRoutes.cqrs)).json());
    expect(snapshot.projections).toHaveLength(1);
    expect(snapshot.projections[0]).toMatchObject({
      key: 'accounts/balances',
      state: 'running',
      position: 120,
      headPosition: 140,
      lagEvents: 20,
      lagMsSource: 'estimated',
      throughputPerSecond: 200, // 20 events in 100 ms
    });
    // event 121 was appended at 500 + 21/40 * 100 ms; the projection reported at 600 ms
    expect(snapshot.projections[0]!.lagMs).toBeCloseTo(47.5, 6);
    expect(snapshot.stores.map((s) => [s.store, s.headPosition])).toEqual([['accounts', 140]]);
  });
});

describe('GET /api/v1/consumer-lag', () => {
  it('answers enabled: false with what to send when no broker and no lag gauge', async () => {
    const response = await api.get(apiRoutes.consumerLag);
    expect(response.status).toBe(200);
    const body = ConsumerLagResponse.parse(await response.json());
    expect(body.enabled === false && body.message).toMatch(/KAFKA_BROKERS/);
    expect(body.enabled === false && body.message).toMatch(/messaging\.consumer\.lag/);
  });

  it("answers the poller's snapshot in Kafka mode", async () => {
    const snapshot: ConsumerLagSnapshot = {
      brokers: ['127.0.0.1:9092'],
      polledAtUnixMs: at(900),
      readAtUnixMs: at(900),
      error: null,
      consecutiveFailures: 0,
      groups: [{ group: 'ledger', state: 'Stable', totalLag: 4, partitions: 1 }],
      partitions: [
        {
          group: 'ledger',
          topic: 'payments',
          partition: 0,
          committedOffset: 6,
          endOffset: 10,
          lag: 4,
        },
      ],
    };
    const kafka = await startTestApi(undefined, { consumerLag: { snapshot: () => snapshot } });
    try {
      const body = ConsumerLagResponse.parse(await (await kafka.get(apiRoutes.consumerLag)).json());
      expect(body).toEqual({ enabled: true, source: 'broker', snapshot });
      const metrics = await (await kafka.get(apiRoutes.metrics)).text();
      expect(metrics).toContain(
        '\npatternscope_consumer_group_lag{group="ledger",topic="payments",partition="0"} 4\n',
      );
    } finally {
      await kafka.app.close();
    }
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
