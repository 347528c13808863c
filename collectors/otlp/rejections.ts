/** Counts the records of one request rejected as invalid and says why (OTLP partial success). */
export class RejectionCounter {
  count = 0;
  private readonly reasons = new Set<string>();

  constructor(private readonly what: string) {}

  reject(reason: string): void {
    this.count++;
    this.reasons.add(reason);
  }

  /** e.g. "2 log record(s) rejected: trace_id must be empty or 16 bytes"; '' when none were. */
  message(): string {
    return this.count > 0
      ? `${this.count} ${this.what}(s) rejected: ${[...this.reasons].join('; ')}`
      : '';
  }
}
