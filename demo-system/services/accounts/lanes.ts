/**
 * One queue per key: work for a key runs after the previous work for that key settled, work
 * for different keys runs concurrently. The accounts write side runs each account's commands
 * on its lane, so commands of one process never race each other on a stream (optimistic
 * concurrency then only has writers in other processes, or the loan consumer, to catch).
 */
export class KeyedLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running work (for tests: empty when idle). */
  get size(): number {
    return this.tails.size;
  }
}
