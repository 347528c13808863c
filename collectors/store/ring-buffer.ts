/** A fixed-capacity FIFO: pushing onto a full ring overwrites the oldest item, in O(1). */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an item; returns the item it overwrote, if the ring was full. */
  push(item: T): T | undefined {
    const at = (this.start + this.count) % this.capacity;
    if (this.count < this.capacity) {
      this.items[at] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** The newest item, or undefined when empty. */
  newest(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity];
  }

  /** Items from oldest to newest. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.start + i) % this.capacity] as T;
  }

  /** Items from newest to oldest. */
  *newestFirst(): IterableIterator<T> {
    for (let i = this.count - 1; i >= 0; i--) {
      yield this.items[(this.start + i) % this.capacity] as T;
    }
  }
}
