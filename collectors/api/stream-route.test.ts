import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../contracts/routes';
import { HelloMessage, StreamMessage } from '../contracts/stream';
import { fixtureSpan } from '../processors/fixture-spans';
import { readSseEvents, readSseEventsUntil } from './sse-test-client';
import { breakerChange, startTestApi, type TestApi } from './test-fixture';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});

afterAll(async () => {
  await api?.app.close();
});

const parse = (data: string) => StreamMessage.parse(JSON.parse(data));

describe('live stream (SSE)', () => {
  it('sends hello, then one message of every type, each parsing with the contract', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api.baseUrl}${apiRoutes.stream}`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const events = await readSseEvents(response, 7);
    controller.abort();
    expect(events.map((e) => e.event)).toEqual([
      'hello',
      'graph',
      'red',
      'breakers',
      'faults',
      'sagas',
      'cqrs',
    ]);
    expect(HelloMessage.parse(JSON.parse(events[0]!.data)).data.collectorVersion).toMatch(
      /^\d+\.\d+\.\d+/,
    );
    const messages = events.map((e) => parse(e.data));
    for (const [i, m] of messages.entries()) expect(m.type).toBe(events[i]!.event);
    const byType = Object.fromEntries(messages.map((m) => [m.type, m]));
    if (byType.graph?.type === 'graph') {
      expect(byType.graph.data.edges.map((e) => e.id)).toContain('gateway->payments');
    }
    expect(byType.red?.type === 'red' && byType.red.data.services.length).toBe(3);
    expect(byType.breakers?.type === 'breakers' && byType.breakers.data.breakers[0]?.state).toBe(
      'half_open',
    );
    expect(byType.faults?.type === 'faults' && byType.faults.data.active.map((f) => f.id)).toEqual([
      'f2',
    ]);
    const sagas = byType.sagas?.type === 'sagas' ? byType.sagas.data : undefined;
    expect(sagas?.total).toBe(1);
    expect(sagas?.byStatus.compensated).toBe(1);
    expect(sagas?.recent[0]).toMatchObject({ id: 's1', stepCount: 3, compensationCount: 1 });
    expect(sagas?.recent[0]).not.toHaveProperty('steps');
    const cqrs = byType.cqrs?.type === 'cqrs' ? byType.cqrs.data : undefined;
    expect(cqrs?.projections.map((p) => [p.key, p.lagEvents])).toEqual([['accounts/balances', 20]]);
  });

  it('repeats graph and red every tick, and breakers only once they change', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api.baseUrl}${apiRoutes.stream}`, {
      signal: controller.signal,
    });
    let changed = false;
    const events = await readSseEventsUntil(response, (seen) => {
      // After two more ticks with nothing new, the breaker closes.
      if (!changed && seen.filter((e) => e.event === 'graph').length >= 3) {
        changed = true;
        api.pipeline.ingestSpans([
          fixtureSpan({
            id: 'q1',
            service: 'payments',
            start: 90,
            end: 95,
            events: [breakerChange('half_open', 'closed', 92)],
          }),
        ]);
      }
      return seen.filter((e) => e.event === 'breakers').length >= 2;
    });
    controller.abort();
    const breakers = events.filter((e) => e.event === 'breakers').map((e) => parse(e.data));
    // the first on connect, the second only after the change
    expect(breakers.map((m) => m.type === 'breakers' && m.data.breakers[0]?.state)).toEqual([
      'half_open',
      'closed',
    ]);
    const graphsBeforeChange = events
      .slice(
        0,
        events.findLastIndex((e) => e.event === 'breakers'),
      )
      .filter((e) => e.event === 'graph').length;
    expect(graphsBeforeChange).toBeGreaterThanOrEqual(3);
  });
});
