import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, jsonRequest } from '../../testing/http';
import type { CatalogEntryView } from './engine';
import {
  endedWindow,
  injectFault,
  type LivePlatform,
  revertFault,
  searchTraces,
  sleep,
  startLivePlatform,
  traceMatching,
} from './live-kit';

/**
 * The event-bus faults against the live in-process platform under generated traffic, seen at
 * a real collectors instance through the consumers' CONSUMER spans (messaging.consumer.group
 * .name, idempotency.duplicate).
 */

const GROUP_ATTRIBUTE = 'messaging.consumer.group.name';
let live: LivePlatform;
let control: string;
let group: string;
let topic: string;
let service: string;

async function targetsOf(kind: string): Promise<string[]> {
  const { body } = await jsonRequest<{ catalog: CatalogEntryView[] }>('GET', `${control}/faults`);
  return body.catalog.find((k) => k.kind === kind)?.targets ?? [];
}

beforeAll(async () => {
  live = await startLivePlatform(10);
  control = live.platform.controlUrl;
  // The busiest consumer group under this traffic, and a topic it reads.
  const groups = await eventually(async () => {
    const found = await targetsOf('consumer-pause');
    return found.length > 0 ? found : undefined;
  }, 20_000);
  const counted = await eventually(
    async () => {
      const counts = await Promise.all(
        groups.map(async (g) => ({
          g,
          n: (
            await searchTraces(live.collectors, {
              attribute: `${GROUP_ATTRIBUTE}=${g}`,
              limit: 200,
            })
          ).length,
        })),
      );
      const best = counts.sort((a, b) => b.n - a.n)[0];
      return best && best.n >= 3 ? best.g : undefined;
    },
    40_000,
    'consumer spans of some group',
  );
  group = counted;
  const trace = (
    await searchTraces(live.collectors, { attribute: `${GROUP_ATTRIBUTE}=${group}` })
  )[0];
  const spans = (
    await jsonRequest<{ spans: Array<{ service: string; attributes: Record<string, unknown> }> }>(
      'GET',
      `${live.collectors.apiUrl}/api/v1/traces/${trace?.traceId}`,
    )
  ).body.spans;
  const consumer = spans.find((s) => s.attributes[GROUP_ATTRIBUTE] === group);
  topic = String(consumer?.attributes['messaging.destination.name']);
  service = String(consumer?.service);
}, 90_000);

afterAll(async () => {
  await live?.close();
}, 60_000);

/** Consumer traces of `group` that started in [from, to]. */
const consumed = (from: number, to: number) =>
  searchTraces(live.collectors, {
    attribute: `${GROUP_ATTRIBUTE}=${group}`,
    startUnixMs: from,
    endUnixMs: to,
    limit: 500,
  });

describe('event-bus faults on the live platform', () => {
  it('lists groups, topics and services of the running buses as targets', async () => {
    expect(await targetsOf('consumer-slow')).toContain(group);
    expect(await targetsOf('duplicate-delivery')).toContain(topic);
    expect(await targetsOf('bus-cut')).toContain(service);
    const refused = await jsonRequest('POST', `${control}/faults`, {
      kind: 'duplicate-delivery',
      target: 'elsewhere.events',
    });
    expect(refused.status).toBe(400);
  });

  it('paused consumer: nothing consumed while paused, the backlog after the resume', async () => {
    const fault = await injectFault(control, { kind: 'consumer-pause', target: group });
    const from = Date.now() + 1_000;
    await sleep(6_000);
    const to = Date.now();
    expect(await consumed(from, to)).toEqual([]);
    await revertFault(control, fault.id);
    // The records published during the pause are consumed once resumed.
    await eventually(
      async () => ((await consumed(from, to)).length > 0 ? true : undefined),
      20_000,
      'the backlog consumed',
    );
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('slow consumer: its deliveries arrive late, on time again after the revert', async () => {
    const fault = await injectFault(control, {
      kind: 'consumer-slow',
      target: group,
      params: { delayMs: 1_500 },
    });
    const from = Date.now();
    await traceMatching(
      live.collectors,
      { attribute: `${GROUP_ATTRIBUTE}=${group}`, minDurationMs: 1_500, startUnixMs: from },
      30_000,
    );
    await revertFault(control, fault.id);
    await endedWindow(live.collectors, fault.id);
    // Records published once the delayed backlog drained are consumed without the delay.
    const after = Date.now() + 3_000;
    await sleep(8_000);
    expect(await consumed(after, Date.now())).not.toEqual([]);
    const late = await searchTraces(live.collectors, {
      attribute: `${GROUP_ATTRIBUTE}=${group}`,
      minDurationMs: 1_500,
      startUnixMs: after,
      endUnixMs: Date.now(),
    });
    expect(late).toEqual([]);
  }, 60_000);

  it('duplicate delivery: the inbox skips copies (idempotency.duplicate), none after the revert', async () => {
    const from = Date.now();
    const fault = await injectFault(control, {
      kind: 'duplicate-delivery',
      target: topic,
      params: { percentage: 100 },
    });
    await traceMatching(
      live.collectors,
      { attribute: 'idempotency.duplicate=true', startUnixMs: from },
      30_000,
    );
    await revertFault(control, fault.id);
    const after = Date.now() + 1_000;
    await sleep(6_000);
    expect(await consumed(after, Date.now())).not.toEqual([]);
    expect(
      await searchTraces(live.collectors, {
        attribute: 'idempotency.duplicate=true',
        startUnixMs: after,
        endUnixMs: Date.now(),
      }),
    ).toEqual([]);
    await endedWindow(live.collectors, fault.id);
  }, 60_000);

  it('bus cut: the consumer’s service stops consuming, and catches up once restored', async () => {
    const fault = await injectFault(control, { kind: 'bus-cut', target: service });
    const from = Date.now() + 1_000;
    await sleep(6_000);
    const to = Date.now();
    expect(await consumed(from, to)).toEqual([]);
    await revertFault(control, fault.id);
    await eventually(
      async () => ((await consumed(from, to)).length > 0 ? true : undefined),
      30_000,
      'the backlog consumed after the cut',
    );
    await endedWindow(live.collectors, fault.id);
  }, 60_000);
});
