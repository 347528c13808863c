import { afterEach, describe, expect, it } from 'vitest';
import { ConsumerLagResponse, TELEMETRY_STALE_MS } from '../contracts/consumer-lag';
import type { MetricPoint } from '../contracts/metrics';
import { apiRoutes } from '../contracts/routes';
import { at } from '../processors/fixture-spans';
import { startTestApi, type TestApi } from './test-fixture';

const lagPoint = (
  service: string,
  group: string,
  topic: string,
  partition: string,
  value: number,
  ms: number,
  name = 'messaging.consumer.lag',
): MetricPoint => ({
  type: 'gauge',
  service,
  name,
  unit: '{message}',
  attributes: {
    'messaging.consumer.group.name': group,
    'messaging.destination.name': topic,
    'messaging.destination.partition.id': partition,
  },
  resourceAttributes: { 'service.name': service },
  timeUnixMs: at(ms),
  startTimeUnixMs: 0,
  value,
});

let api: TestApi | undefined;
afterEach(async () => {
  await api?.app.close();
  api = undefined;
});

async function lag(test: TestApi): Promise<ConsumerLagResponse> {
  const response = await test.get(apiRoutes.consumerLag);
  expect(response.status).toBe(200);
  return ConsumerLagResponse.parse(await response.json());
}

describe('GET /api/v1/consumer-lag without a broker (telemetry)', () => {
  it('answers the latest messaging.consumer.lag points per group, with the reporting service', async () => {
    api = await startTestApi();
    api.pipeline.ingestMetrics([
      lagPoint('notifications', 'notifications.notices', 'payments.events', '0', 9, 900),
      lagPoint('notifications', 'notifications.notices', 'payments.events', '0', 5, 950),
      lagPoint('notifications', 'notifications.notices', 'payments.events', '1', 2, 950),
      lagPoint('lending', 'lending.loan-outcomes', 'accounts.events', '2', 0, 950),
      // Not the lag gauge: ignored.
      lagPoint('lending', 'other.group', 'accounts.events', '0', 40, 950, 'queue.depth'),
    ]);
    const body = await lag(api);
    expect(body.enabled).toBe(true);
    if (!body.enabled) return;
    expect(body.source).toBe('telemetry');
    expect(body.snapshot).toMatchObject({
      brokers: [],
      readAtUnixMs: at(950),
      error: null,
      consecutiveFailures: 0,
    });
    expect(body.snapshot.groups).toEqual([
      {
        group: 'lending.loan-outcomes',
        service: 'lending',
        state: 'Reporting',
        totalLag: 0,
        partitions: 1,
        readAtUnixMs: at(950),
      },
      {
        group: 'notifications.notices',
        service: 'notifications',
        state: 'Reporting',
        totalLag: 7,
        partitions: 2,
        readAtUnixMs: at(950),
      },
    ]);
    expect(body.snapshot.partitions.map((p) => [p.group, p.partition, p.lag, p.endOffset])).toEqual(
      [
        ['lending.loan-outcomes', 2, 0, null],
        ['notifications.notices', 0, 5, null],
        ['notifications.notices', 1, 2, null],
      ],
    );
  });

  it('marks a group Stale when its newest point is older than TELEMETRY_STALE_MS', async () => {
    api = await startTestApi();
    api.pipeline.ingestMetrics([
      lagPoint('accounts', 'accounts.loan-disbursement', 't', '0', 3, 0),
    ]);
    api.clock.now = at(0) + TELEMETRY_STALE_MS + 1;
    const body = await lag(api);
    expect(body.enabled && body.snapshot.groups.map((g) => [g.group, g.state, g.totalLag])).toEqual(
      [['accounts.loan-disbursement', 'Stale', 3]],
    );
  });

  it('prefers the broker poller when there is one', async () => {
    api = await startTestApi(undefined, {
      consumerLag: {
        snapshot: () => ({
          brokers: ['127.0.0.1:9092'],
          polledAtUnixMs: null,
          readAtUnixMs: null,
          error: null,
          consecutiveFailures: 0,
          groups: [],
          partitions: [],
        }),
      },
    });
    api.pipeline.ingestMetrics([lagPoint('accounts', 'g', 't', '0', 3, 950)]);
    const body = await lag(api);
    expect(body.enabled && body.source).toBe('broker');
    expect(body.enabled && body.snapshot.groups).toEqual([]);
  });
});
