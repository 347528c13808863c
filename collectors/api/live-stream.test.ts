import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_VERSION, type StreamMessage } from '../contracts/stream';
import { LiveStream } from './live-stream';
import { readSseEvents } from './sse-test-client';

let computed = 0;
const stream = new LiveStream({
  messages: (): StreamMessage[] => {
    computed++;
    return [
      {
        v: STREAM_VERSION,
        type: 'graph',
        data: { generatedAtUnixMs: computed, windowSeconds: 60, nodes: [], edges: [] },
      },
      { v: STREAM_VERSION, type: 'faults', data: { active: [], history: [] } },
    ];
  },
  everyTick: ['graph'],
  intervalMs: 40,
  collectorVersion: '0.0.0-test',
});
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => stream.add(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  stream.closeAll();
  server.closeAllConnections(); // fetch keeps idle keep-alive sockets open
  await new Promise((resolve) => server.close(resolve));
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LiveStream', () => {
  it('computes messages once per tick, shared by all clients, and forgets closed clients', async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const responses = await Promise.all(controllers.map((c) => fetch(url, { signal: c.signal })));
    await until(() => stream.clientCount === 3);
    const computedBeforeAllConnected = computed;

    const streams = await Promise.all(responses.map((r) => readSseEvents(r, 12)));
    for (const events of streams) {
      expect(events.slice(0, 3).map((e) => e.event)).toEqual(['hello', 'graph', 'faults']);
      // unchanged faults are not repeated: every later message is a graph
      expect(events.slice(3).every((e) => e.event === 'graph')).toBe(true);
    }
    // generatedAtUnixMs numbers the computations. Every tick after all three were connected
    // went to all three: the same messages, not ones computed per client.
    const ticksSeen = streams.map((events) =>
      events
        .slice(1)
        .filter((e) => e.event === 'graph')
        .map((e) => JSON.parse(e.data).data.generatedAtUnixMs as number)
        .filter((id) => id > computedBeforeAllConnected),
    );
    const lastCommon = Math.min(...ticksSeen.map((ids) => ids.at(-1) ?? 0));
    const shared = ticksSeen.map((ids) => ids.filter((id) => id <= lastCommon));
    expect(shared[0]!.length).toBeGreaterThan(0);
    expect(shared[1]).toEqual(shared[0]);
    expect(shared[2]).toEqual(shared[0]);

    for (const controller of controllers) controller.abort();
    await until(() => stream.clientCount === 0);
  });
});
