import type { AcceptedRequest } from '../otlp/receiver/otlp-receiver';

export interface OtlpForwarderOptions {
  /** Base URL of the downstream OTLP/HTTP backend, e.g. http://otel-collector:4318 */
  endpoint: string;
  /** Bytes of request bodies waiting to be sent; beyond it the oldest are dropped (32 MiB). */
  maxQueueBytes?: number;
  /** First retry delay, doubled per attempt up to maxBackoffMs (500 ms, 30 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Timeout of one POST (10 s). */
  requestTimeoutMs?: number;
  /** Extra headers for the downstream, e.g. authorization. */
  headers?: Record<string, string>;
}

export interface OtlpForwarderStats {
  /** Requests the downstream accepted. */
  forwarded: number;
  /** Requests dropped because the queue was full (oldest first) or a body alone exceeded it. */
  dropped: number;
  /** Requests the downstream refused for good (a non-retryable status such as 400). */
  failed: number;
  /** Attempts retried after 429/502/503/504 or a network error. */
  retries: number;
  /** Bytes of bodies waiting (not counting the one being sent). */
  queuedBytes: number;
}

/** Statuses the OTLP/HTTP specification says a client retries. */
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Re-sends every accepted OTLP request, as it was received (same path, content type, content
 * encoding and bytes), to another OTLP/HTTP backend. `enqueue` only appends to a bounded queue
 * and returns: forwarding never blocks or fails ingest. One request is in flight at a time, in
 * arrival order; retryable failures are retried with exponential backoff (with jitter) or
 * after the downstream's Retry-After.
 */
export class OtlpForwarder {
  private readonly queue: AcceptedRequest[] = [];
  private readonly endpoint: string;
  private readonly maxQueueBytes: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly counters = { forwarded: 0, dropped: 0, failed: 0, retries: 0 };
  private queuedBytes = 0;
  private pumping: Promise<void> | undefined;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(options: OtlpForwarderOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.maxQueueBytes = options.maxQueueBytes ?? 32 * 1024 * 1024;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.headers = options.headers ?? {};
    new URL(this.endpoint); // fail fast on a malformed endpoint
  }

  /** Queues a request for forwarding; drops the oldest queued ones when over maxQueueBytes. */
  enqueue(request: AcceptedRequest): void {
    if (this.closed) return;
    if (request.body.length > this.maxQueueBytes) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(request);
    this.queuedBytes += request.body.length;
    while (this.queuedBytes > this.maxQueueBytes) {
      const oldest = this.queue.shift();
      if (!oldest) break;
      this.queuedBytes -= oldest.body.length;
      this.counters.dropped++;
    }
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  stats(): OtlpForwarderStats {
    return { ...this.counters, queuedBytes: this.queuedBytes };
  }

  /** Stops forwarding: the request in flight is aborted and queued ones are discarded. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    this.queue.length = 0;
    this.queuedBytes = 0;
    await this.pumping;
  }

  private async pump(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.closed; next = this.queue.shift()) {
      this.queuedBytes -= next.body.length;
      await this.deliver(next);
    }
  }

  private async deliver(request: AcceptedRequest): Promise<void> {
    let backoffMs = this.initialBackoffMs;
    while (!this.closed) {
      let retryAfterMs: number | undefined;
      const attempt = this.attemptSignal();
      try {
        const response = await fetch(`${this.endpoint}${request.path}`, {
          method: 'POST',
          body: new Uint8Array(request.body),
          headers: {
            ...this.headers,
            'content-type': request.contentType,
            ...(request.contentEncoding ? { 'content-encoding': request.contentEncoding } : {}),
          },
          signal: attempt.signal,
        });
        await response.arrayBuffer();
        if (response.ok) {
          this.counters.forwarded++;
          return;
        }
        if (!RETRYABLE.has(response.status)) {
          this.counters.failed++;
          return;
        }
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.maxBackoffMs);
      } catch {
        if (this.closed) return;
        // a network error or a timeout: retried like a 503
      } finally {
        attempt.dispose();
      }
      this.counters.retries++;
      await this.sleep(retryAfterMs ?? backoffMs * (0.5 + Math.random() / 2));
      backoffMs = Math.min(backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** A signal aborted by the request timeout or by close(); dispose() unhooks both. */
  private attemptSignal(): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, this.requestTimeoutMs);
    this.abort.signal.addEventListener('abort', abort, { once: true });
    return {
      signal: controller.signal,
      dispose: () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', abort);
      },
    };
  }

  /** Waits `ms`, or less if close() is called meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms, capped; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, capMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), capMs);
}
