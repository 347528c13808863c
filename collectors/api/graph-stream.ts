import type { ServerResponse } from 'node:http';
import type { GraphSnapshot } from '../contracts/graph';
import { STREAM_VERSION, type StreamMessage } from '../contracts/stream';

export interface GraphStreamOptions {
  /** Computes the current graph; called once per tick, whatever the number of clients. */
  snapshot: () => GraphSnapshot;
  intervalMs: number;
  /** Interval of comment lines that keep idle proxies from closing the stream. */
  heartbeatMs?: number;
  collectorVersion: string;
  /** A client whose unsent output passes this is too slow and is disconnected. */
  maxBufferedBytes?: number;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** One SSE message: `event: <type>` and `data: <json>`. */
export function formatMessage(message: StreamMessage): string {
  return `event: ${message.type}\ndata: ${JSON.stringify(message)}\n\n`;
}

/**
 * The live stream's fan-out: every client gets `hello`, then `graph` messages on a shared
 * tick. The snapshot is computed once per tick and the same text written to every client.
 * The timer runs only while clients are connected.
 */
export class GraphStream {
  private readonly clients = new Set<ServerResponse>();
  private tick: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private latest: { atMs: number; text: string } | undefined;

  constructor(private readonly options: GraphStreamOptions) {}

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over a response whose headers are not sent yet and streams to it until it closes. */
  add(response: ServerResponse): void {
    response.writeHead(200, SSE_HEADERS);
    response.write('retry: 2000\n\n');
    const hello: StreamMessage = {
      v: STREAM_VERSION,
      type: 'hello',
      data: { serverTimeUnixMs: Date.now(), collectorVersion: this.options.collectorVersion },
    };
    response.write(formatMessage(hello));
    response.write(this.currentGraphText());
    this.clients.add(response);
    response.on('close', () => this.remove(response));
    this.startTimers();
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stopTimers();
  }

  private remove(response: ServerResponse): void {
    this.clients.delete(response);
    if (this.clients.size === 0) this.stopTimers();
  }

  private currentGraphText(): string {
    const now = Date.now();
    if (!this.latest || now - this.latest.atMs >= this.options.intervalMs) {
      this.latest = { atMs: now, text: this.graphText() };
    }
    return this.latest.text;
  }

  private graphText(): string {
    return formatMessage({ v: STREAM_VERSION, type: 'graph', data: this.options.snapshot() });
  }

  private broadcast(text: string): void {
    const limit = this.options.maxBufferedBytes ?? 4 * 1024 * 1024;
    for (const client of this.clients) {
      if (client.writableLength > limit) {
        client.destroy();
        continue;
      }
      client.write(text);
    }
  }

  private startTimers(): void {
    if (this.tick) return;
    this.tick = setInterval(() => {
      const text = this.graphText();
      this.latest = { atMs: Date.now(), text };
      this.broadcast(text);
    }, this.options.intervalMs);
    this.heartbeat = setInterval(
      () => this.broadcast(': heartbeat\n\n'),
      this.options.heartbeatMs ?? 15_000,
    );
    this.tick.unref();
    this.heartbeat.unref();
  }

  private stopTimers(): void {
    clearInterval(this.tick);
    clearInterval(this.heartbeat);
    this.tick = undefined;
    this.heartbeat = undefined;
  }
}
