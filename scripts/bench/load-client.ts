import { Pool } from 'undici';
import { type BenchEncoding, CONTENT_TYPES, loadBenchBody, stampBody } from './bench-bodies';
import { serveRpc } from './rpc';

/**
 * The load client, a process of its own: posts pre-encoded OTLP bodies to /v1/traces over
 * `concurrency` keep-alive connections, one request in flight per connection. Each request
 * gets trace ids of its own (stampBody), so the collectors store new traces, as with real
 * traffic, instead of growing the same ones.
 */
export interface LoadStart {
  otlpUrl: string;
  encoding: BenchEncoding;
  bodiesDir: string;
  concurrency: number;
  /** Stop after this many requests; without it, run until "stop". */
  maxRequests?: number;
}

export interface LoadMark {
  completed: number;
  /** performance.now() of the client when the mark was taken. */
  atMs: number;
}

export interface LoadResult extends LoadMark {
  spansPerRequest: number;
  /** HTTP status -> responses; transport failures under "error". */
  statuses: Record<string, number>;
  firstFailure: string | null;
}

class LoadRun {
  private completed = 0;
  private issued = 0;
  private stopping = false;
  private readonly statuses: Record<string, number> = {};
  private firstFailure: string | null = null;
  private readonly pool: Pool;
  private readonly workers: Promise<void>[];
  private readonly spansPerRequest: number;
  private result: Promise<LoadResult> | undefined;

  constructor(private readonly options: LoadStart) {
    const url = new URL(options.otlpUrl);
    this.pool = new Pool(url.origin, { connections: options.concurrency, pipelining: 1 });
    const body = loadBenchBody(options.bodiesDir, options.encoding);
    this.spansPerRequest = body.spans;
    this.workers = Array.from({ length: options.concurrency }, () => {
      const own = Buffer.from(body.bytes); // each worker stamps its own copy
      return this.work(own, (stamp) => stampBody(body, own, stamp));
    });
  }

  mark(): LoadMark {
    return { completed: this.completed, atMs: performance.now() };
  }

  /** Resolves when every worker is done; `stop` makes them stop issuing requests. */
  finish(stop: boolean): Promise<LoadResult> {
    if (stop) this.stopping = true;
    this.result ??= this.collect();
    return this.result;
  }

  private async collect(): Promise<LoadResult> {
    await Promise.all(this.workers);
    const mark = this.mark();
    await this.pool.close();
    return {
      ...mark,
      spansPerRequest: this.spansPerRequest,
      statuses: this.statuses,
      firstFailure: this.firstFailure,
    };
  }

  private async work(bytes: Buffer, stamp: (value: number) => void): Promise<void> {
    const headers = { 'content-type': CONTENT_TYPES[this.options.encoding] };
    const limit = this.options.maxRequests ?? Number.POSITIVE_INFINITY;
    while (!this.stopping && this.issued < limit) {
      this.issued++;
      stamp(this.issued);
      let status = 'error';
      try {
        const response = await this.pool.request({
          path: '/v1/traces',
          method: 'POST',
          headers,
          body: bytes,
        });
        status = String(response.statusCode);
        const answer = Buffer.from(await response.body.arrayBuffer());
        if (response.statusCode !== 200) this.fail(`${status}: ${answer.toString('latin1')}`);
      } catch (error) {
        this.fail(error instanceof Error ? error.message : String(error));
      }
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
      this.completed++;
    }
  }

  private fail(reason: string): void {
    this.firstFailure ??= reason.slice(0, 300);
  }
}

let run: LoadRun | undefined;

function current(): LoadRun {
  if (!run) throw new Error('no load run started');
  return run;
}

serveRpc({
  start: (options: LoadStart) => {
    run = new LoadRun(options);
    return null;
  },
  mark: () => current().mark(),
  /** Waits for maxRequests to complete. */
  finish: () => current().finish(false),
  /** Stops issuing requests and waits for those in flight. */
  stop: () => current().finish(true),
});
