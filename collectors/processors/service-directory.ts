import type { ServiceInfo } from '../contracts/query-api';

/**
 * The services that sent telemetry (any signal), with when the collector first and last
 * received some from each and how many spans. At most `maxServices` are kept; the one seen
 * least recently is evicted first, so a sender inventing service names cannot grow it.
 */
export class ServiceDirectory {
  /** Insertion order is recency order: a service seen again moves to the end. */
  private readonly services = new Map<string, ServiceInfo>();

  constructor(readonly maxServices = 1000) {}

  get size(): number {
    return this.services.size;
  }

  /** Notes telemetry from `name` received at `nowMs`, carrying `spans` spans. */
  seen(name: string, nowMs: number, spans = 0): void {
    let info = this.services.get(name);
    if (info) {
      this.services.delete(name);
    } else {
      info = { name, firstSeenUnixMs: nowMs, lastSeenUnixMs: nowMs, spanCount: 0 };
      while (this.services.size >= this.maxServices) {
        this.services.delete(this.services.keys().next().value as string);
      }
    }
    info.lastSeenUnixMs = Math.max(info.lastSeenUnixMs, nowMs);
    info.spanCount += spans;
    this.services.set(name, info);
  }

  /** Most recently seen first (by name on ties). */
  list(): ServiceInfo[] {
    return [...this.services.values()]
      .map((info) => ({ ...info }))
      .sort((a, b) => b.lastSeenUnixMs - a.lastSeenUnixMs || a.name.localeCompare(b.name));
  }
}
