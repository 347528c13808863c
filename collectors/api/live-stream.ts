import type { ServerResponse } from 'node:http';
import { STREAM_VERSION, type StreamMessage, type StreamMessageType } from '../contracts/stream';

export interface LiveStreamOptions {
  /**
   * Computes the tick's messages (every type but `hello`); called once per tick, whatever the
   * number of clients.
   */
  messages: () => StreamMessage[];
  /** Types sent on every tick; the others only when their content changed since the last tick. */
  everyTick: readonly StreamMessageType[];
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
 * The live stream's fan-out: every client gets `hello` and the latest message of every type,
 * then the messages of each shared tick. Messages are computed and serialised once per tick
 * and the same text written to every client. The timer runs only while clients are connected.
 */
export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private tick: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** The latest text of every type, for clients that connect between ticks. */
  private latest: { atMs: number; texts: Map<string, string> } | undefined;
  /** What the last tick broadcast of each type, to send unchanged types only once. */
  private readonly broadcastTexts = new Map<string, string>();

  constructor(private readonly options: LiveStreamOptions) {}

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
    for (const text of this.currentTexts().values()) response.write(text);
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

  private currentTexts(): Map<string, string> {
    const now = Date.now();
    if (!this.latest || now - this.latest.atMs >= this.options.intervalMs) {
      this.latest = { atMs: now, texts: this.compute() };
    }
    return this.latest.texts;
  }

  private compute(): Map<string, string> {
    const texts = new Map<string, string>();
    for (const message of this.options.messages()) texts.set(message.type, formatMessage(message));
    return texts;
  }

  private onTick(): void {
    const texts = this.compute();
    this.latest = { atMs: Date.now(), texts };
    let out = '';
    for (const [type, text] of texts) {
      const always = (this.options.everyTick as readonly string[]).includes(type);
      if (always || this.broadcastTexts.get(type) !== text) out += text;
      this.broadcastTexts.set(type, text);
    }
    if (out !== '') this.broadcast(out);
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
    // The first client just got the latest texts: the next tick need not repeat unchanged ones.
    for (const [type, text] of this.latest?.texts ?? []) this.broadcastTexts.set(type, text);
    this.tick = setInterval(() => this.onTick(), this.options.intervalMs);
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
    // A client that connects later gets everything afresh; the next tick compares from there.
    this.broadcastTexts.clear();
  }
}
