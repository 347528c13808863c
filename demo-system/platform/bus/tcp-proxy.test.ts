import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './bus-conformance';
import { parseHostPort, startTcpProxy, type TcpProxy } from './tcp-proxy';

let echo: net.Server;
let echoPort = 0;

beforeAll(async () => {
  echo = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

/** Connects, sends `text`, and reports what came back within `ms` and whether it closed. */
async function exchange(port: number, text: string, ms = 300) {
  const socket = net.connect(port, '127.0.0.1');
  return probe(socket, text, ms);
}

async function probe(socket: net.Socket, text: string, ms = 300) {
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => {
    received += chunk.toString();
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    closed = true;
  });
  socket.write(text);
  const until = Date.now() + ms;
  while (Date.now() < until && received !== text && !closed) await sleep(5);
  return { received, closed, socket };
}

describe('tcp proxy', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy({ target: `127.0.0.1:${echoPort}` });
  });
  afterAll(() => proxy.close());

  it('relays both ways', async () => {
    const { received, socket } = await exchange(proxy.port, 'hello');
    expect(received).toBe('hello');
    expect(proxy.address).toBe(`127.0.0.1:${proxy.port}`);
    expect(proxy.open).toBe(2);
    socket.destroy();
  });

  it('cut (reset) destroys live connections and refuses new ones; restore relays again', async () => {
    const live = await exchange(proxy.port, 'before');
    expect(live.received).toBe('before');
    proxy.cut();
    expect(proxy.isCut).toBe(true);
    await sleep(50);
    expect(live.socket.destroyed || (await probe(live.socket, 'x', 100)).closed).toBe(true);
    const refused = await exchange(proxy.port, 'during');
    expect(refused.received).toBe('');
    expect(refused.closed).toBe(true);
    proxy.restore();
    const after = await exchange(proxy.port, 'after');
    expect(after.received).toBe('after');
    after.socket.destroy();
  });

  it('cut (blackhole) relays nothing and answers nothing, until restore', async () => {
    const live = await exchange(proxy.port, 'one');
    expect(live.received).toBe('one');
    proxy.cut('blackhole');
    const silent = await probe(live.socket, 'two', 200);
    expect(silent.received).toBe('');
    expect(silent.closed).toBe(false);
    const fresh = await exchange(proxy.port, 'three', 200);
    expect(fresh.received).toBe('');
    expect(fresh.closed).toBe(false);
    proxy.restore();
    await sleep(50);
    expect(live.socket.destroyed).toBe(true);
    const after = await exchange(proxy.port, 'four');
    expect(after.received).toBe('four');
    after.socket.destroy();
  });

  it('close stops listening', async () => {
    const other = await startTcpProxy({ target: `127.0.0.1:${echoPort}` });
    await other.close();
    const failed = await new Promise<boolean>((resolve) => {
      const s = net.connect(other.port, '127.0.0.1');
      s.on('error', () => resolve(true));
      s.on('connect', () => {
        s.destroy();
        resolve(false);
      });
    });
    expect(failed).toBe(true);
  });

  it('parses host:port and refuses anything else', () => {
    expect(parseHostPort('127.0.0.1:9092')).toEqual({ host: '127.0.0.1', port: 9092 });
    expect(parseHostPort('[::1]:9092')).toEqual({ host: '::1', port: 9092 });
    expect(() => parseHostPort('kafka')).toThrow();
    expect(() => parseHostPort('kafka:x')).toThrow();
  });
});
