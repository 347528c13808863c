import type { ChildProcess } from 'node:child_process';

/**
 * A tiny request/answer protocol over Node's IPC channel between the benchmark and its child
 * processes: the parent calls `{ id, call, payload }`, the child answers `{ id, result }` or
 * `{ id, error }`; a child announces itself with `{ event, payload }`.
 */
interface CallMessage {
  id: number;
  call: string;
  payload: unknown;
}
interface AnswerMessage {
  id: number;
  result?: unknown;
  error?: string;
}
interface EventMessage {
  event: string;
  payload: unknown;
}

type Handler = (payload: never) => unknown;

/** Child side: answers the parent's calls with `handlers`. Keeps the process alive until disconnect. */
export function serveRpc(handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error('this script runs as a child of scripts/bench/run.ts');
  process.on('message', async (message: CallMessage) => {
    const handler = handlers[message.call];
    try {
      if (!handler) throw new Error(`unknown call ${message.call}`);
      const result = await handler(message.payload as never);
      process.send!({ id: message.id, result } satisfies AnswerMessage);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send!({ id: message.id, error: text } satisfies AnswerMessage);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

/** Child side: tells the parent something happened (e.g. "ready"). */
export function emitEvent(event: string, payload: unknown = null): void {
  process.send?.({ event, payload } satisfies EventMessage);
}

/** Parent side of the protocol for one child process. */
export class RpcClient {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private readonly events: EventMessage[] = [];
  private readonly eventWaiters: Array<() => void> = [];
  private exited: Error | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: AnswerMessage | EventMessage) => {
      if ('event' in message) {
        this.events.push(message);
        for (const wake of this.eventWaiters.splice(0)) wake();
        return;
      }
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`child ${child.pid} exited (code ${code}, signal ${signal})`);
      for (const waiter of this.waiting.values()) waiter.reject(this.exited);
      this.waiting.clear();
      for (const wake of this.eventWaiters.splice(0)) wake();
    });
  }

  call<T>(name: string, payload: unknown = null): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, call: name, payload } satisfies CallMessage);
    });
  }

  /** The payload of the first `event` the child sent, waiting for it up to `timeoutMs`. */
  async nextEvent<T>(event: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((e) => e.event === event);
      if (index !== -1) return this.events.splice(index, 1)[0]!.payload as T;
      if (this.exited) throw this.exited;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no "${event}" from child ${this.child.pid} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.eventWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
