import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/http';
import { TrafficGenerator } from './generator';

/**
 * A gateway that accepts requests and never answers until released: the generator must stop
 * at its in-flight cap and count the requests it skipped instead of piling them up.
 */
describe('TrafficGenerator against a stalled gateway', () => {
  const held: ServerResponse[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    res.on('close', () => {
      concurrent -= 1;
    });
    held.push(res);
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('caps in-flight requests, skips the excess and settles on stop', async () => {
    const traffic = new TrafficGenerator({
      gatewayUrl: url,
      ratePerSecond: 200,
      seed: 42,
      maxInFlight: 3,
      tickMs: 10,
    });
    traffic.start();
    try {
      const state = await eventually(
        () => {
          const s = traffic.state();
          return s.skipped >= 20 && s.inFlight === 3 ? s : undefined;
        },
        10_000,
        'the generator to hit its cap and skip',
      );
      expect(state.sent).toBe(3);
      expect(maxConcurrent).toBe(3);
    } finally {
      await traffic.stop();
    }
    const stopped = traffic.state();
    expect(stopped.inFlight).toBe(0);
    expect(stopped.failed).toBe(3);
  });

  it('changes its rate live and refuses an invalid rate', async () => {
    const traffic = new TrafficGenerator({ gatewayUrl: url, ratePerSecond: 0, seed: 1 });
    expect(() => traffic.setRate(-1)).toThrow(RangeError);
    expect(() => traffic.setRate(Number.NaN)).toThrow(RangeError);
    expect(traffic.setRate(4).ratePerSecond).toBe(4);
    expect(traffic.setRate(0).sent).toBe(0);
    await traffic.stop();
  });
});
