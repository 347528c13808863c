import type { LogQuery, LogRecord } from '../contracts/logs';
import { RingBuffer } from './ring-buffer';

export const DEFAULT_MAX_LOGS = 50_000;

export interface LogStoreStats {
  records: number;
  /** Records evicted (oldest first) to stay within maxRecords since start. */
  evicted: number;
}

/**
 * The last `maxRecords` log records, in a ring: the oldest is evicted first. Queries scan from
 * the newest record back and stop at the limit.
 */
export class LogStore {
  private readonly ring: RingBuffer<LogRecord>;
  private evicted = 0;

  constructor(readonly maxRecords: number = DEFAULT_MAX_LOGS) {
    this.ring = new RingBuffer(maxRecords);
  }

  add(records: Iterable<LogRecord>): void {
    for (const record of records) {
      if (this.ring.push(record) !== undefined) this.evicted++;
    }
  }

  /**
   * Records matching every given filter (trace id, service, time range inclusive, minimum
   * severity), newest first by time, at most `limit` (default 100) of the most recently received.
   */
  query(query: Partial<LogQuery> = {}): LogRecord[] {
    const { traceId, service, fromUnixMs, toUnixMs, minSeverity } = query;
    const limit = query.limit ?? 100;
    const wantedTrace = traceId?.toLowerCase();
    const found: LogRecord[] = [];
    for (const record of this.ring.newestFirst()) {
      if (found.length >= limit) break;
      if (wantedTrace !== undefined && record.traceId !== wantedTrace) continue;
      if (service !== undefined && record.service !== service) continue;
      if (fromUnixMs !== undefined && record.timeUnixMs < fromUnixMs) continue;
      if (toUnixMs !== undefined && record.timeUnixMs > toUnixMs) continue;
      if (minSeverity !== undefined && record.severityNumber < minSeverity) continue;
      found.push(record);
    }
    return found.sort((a, b) => b.timeUnixMs - a.timeUnixMs);
  }

  stats(): LogStoreStats {
    return { records: this.ring.size, evicted: this.evicted };
  }
}
