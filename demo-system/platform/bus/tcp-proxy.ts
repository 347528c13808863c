import net from 'node:net';

/**
 * A TCP proxy with a kill switch, for fault injection: every connection to `port` is relayed to
 * `target`; `cut()` severs the link until `restore()`.
 *
 * Cut modes:
 * - `reset` (default): live connections are destroyed and new ones are accepted and closed at
 *   once, like a peer that is down (the client sees a reset or EOF right away);
 * - `blackhole`: nothing is relayed any more and new connections are accepted but never
 *   answered, like a network partition (the client sees timeouts). `restore()` destroys the
 *   connections held during the cut (their bytes were dropped; the streams are unusable).
 */

export type CutMode = 'reset' | 'blackhole';

export interface TcpProxyOptions {
  /** `host:port` to relay to. */
  target: string;
  /** Default 0 (any free port). */
  listenPort?: number;
  /** Default 127.0.0.1. */
  listenHost?: string;
}

export interface TcpProxy {
  readonly port: number;
  /** `host:port` clients connect to. */
  readonly address: string;
  readonly target: string;
  readonly isCut: boolean;
  /** Connections accepted since start (relayed or refused). */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

export function parseHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  const host = address.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error(`not a host:port address: ${address}`);
  }
  return { host, port };
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const target = parseHostPort(options.target);
  const listenHost = options.listenHost ?? '127.0.0.1';
  const live = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  let mode: CutMode | null = null;
  let accepted = 0;

  const track = (socket: net.Socket) => {
    live.add(socket);
    socket.once('close', () => {
      live.delete(socket);
      held.delete(socket);
    });
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer((client) => {
    accepted += 1;
    track(client);
    if (mode === 'reset') {
      client.destroy();
      return;
    }
    if (mode === 'blackhole') {
      hold(client);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.on('data', (chunk) => {
      if (!held.has(client) && !upstream.write(chunk)) client.pause();
    });
    upstream.on('data', (chunk) => {
      if (!held.has(upstream) && !client.write(chunk)) upstream.pause();
    });
    upstream.on('drain', () => client.resume());
    client.on('drain', () => upstream.resume());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.once('end', () => upstream.end());
    upstream.once('end', () => client.end());
  });

  /** Keeps the socket open and reading, and drops what arrives. */
  function hold(socket: net.Socket): void {
    held.add(socket);
    socket.resume();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    address: `${listenHost}:${port}`,
    target: options.target,
    get isCut() {
      return mode !== null;
    },
    get accepted() {
      return accepted;
    },
    get open() {
      return live.size;
    },
    cut(next: CutMode = 'reset') {
      mode = next;
      for (const socket of live) {
        if (next === 'reset') socket.destroy();
        else hold(socket);
      }
    },
    restore() {
      mode = null;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    close() {
      mode = 'reset';
      for (const socket of live) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
