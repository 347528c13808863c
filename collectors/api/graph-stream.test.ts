import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSnapshot } from '../contracts/graph';
import { GraphStream } from './graph-stream';
import { readSseEvents } from './sse-test-client';

let snapshots = 0;
const stream = new GraphStream({
  snapshot: (): GraphSnapshot => {
    snapshots++;
    return { generatedAtUnixMs: snapshots, windowSeconds: 60, nodes: [], edges: [] };
  },
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

describe('GraphStream', () => {
  it('computes one snapshot per tick, shared by all clients, and forgets closed clients', async () => {
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const responses = await Promise.all(controllers.map((c) => fetch(url, { signal: c.signal })));
    await until(() => stream.clientCount === 3);
    const computedBeforeAllConnected = snapshots;

    const streams = await Promise.all(responses.map((r) => readSseEvents(r, 10)));
    for (const events of streams) {
      expect(events[0]?.event).toBe('hello');
      expect(events.slice(1).every((e) => e.event === 'graph')).toBe(true);
    }
    // generatedAtUnixMs numbers the snapshots. Every tick after all three were connected went
    // to all three: the same snapshot, not one computed per client.
    const ticksSeen = streams.map((events) =>
      events
        .slice(1)
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
