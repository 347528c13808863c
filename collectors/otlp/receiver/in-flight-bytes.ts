/**
 * Bytes of request bodies the receiver holds (being received, decoded or delivered). A request
 * is admitted when nothing is in flight, or when its bytes fit under the limit with the others;
 * otherwise the receiver answers 503 with Retry-After and the client retries (OTLP/HTTP
 * throttling). Admitting a lone request whatever its size means a body under maxBodyBytes is
 * never refused forever.
 */
export class InFlightBytes {
  private bytes = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 0)) throw new RangeError(`maxInFlightBytes must be >= 0, got ${limit}`);
  }

  get current(): number {
    return this.bytes;
  }

  /** Reserves `size` bytes; false (nothing reserved) when they do not fit. */
  tryReserve(size: number): boolean {
    if (this.bytes > 0 && this.bytes + size > this.limit) return false;
    this.bytes += size;
    return true;
  }

  release(size: number): void {
    this.bytes = Math.max(0, this.bytes - size);
  }
}
