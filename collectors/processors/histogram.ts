/**
 * A compact, mergeable log-scale histogram (the DDSketch idea): value v > minValue lands in
 * bucket i = ceil(log_gamma(v)) with gamma = (1 + a) / (1 - a), so every value in a bucket is
 * within relative accuracy `a` of the bucket's representative. Quantiles are exact in rank and
 * within `a` in value. Memory is bounded: indices are clamped to [minValue, maxValue], so at
 * most ln(maxValue / minValue) / ln(gamma) buckets exist (~1270 with the defaults), and only
 * touched buckets are stored. Values at or below minValue (and negatives) share a zero bucket.
 */

export interface HistogramOptions {
  /** Relative accuracy of quantiles, 0 < a < 1 (default 0.01, i.e. 1%). */
  relativeAccuracy?: number;
  /** Values at or below this share the zero bucket (default 0.001: 1 µs when values are ms). */
  minValue?: number;
  /** Larger values are clamped into the top bucket (default 1e8: ~28 hours in ms). */
  maxValue?: number;
}

const DEFAULTS = { relativeAccuracy: 0.01, minValue: 0.001, maxValue: 1e8 };

export class LogHistogram {
  readonly relativeAccuracy: number;
  readonly minValue: number;
  readonly maxValue: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly minIndex: number;
  private readonly maxIndex: number;
  private readonly buckets = new Map<number, number>();
  private zeroCount = 0;
  private total = 0;
  private sumValue = 0;
  private minSeen = Number.POSITIVE_INFINITY;
  private maxSeen = Number.NEGATIVE_INFINITY;

  constructor(options: HistogramOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    if (!(o.relativeAccuracy > 0 && o.relativeAccuracy < 1)) {
      throw new RangeError('relativeAccuracy must be between 0 and 1');
    }
    if (!(o.minValue > 0 && o.maxValue > o.minValue)) {
      throw new RangeError('need 0 < minValue < maxValue');
    }
    this.relativeAccuracy = o.relativeAccuracy;
    this.minValue = o.minValue;
    this.maxValue = o.maxValue;
    this.gamma = (1 + o.relativeAccuracy) / (1 - o.relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
    this.minIndex = this.indexOf(o.minValue);
    this.maxIndex = this.indexOf(o.maxValue);
  }

  /** Upper bound on the number of buckets this histogram can hold. */
  get maxBuckets(): number {
    return this.maxIndex - this.minIndex + 2;
  }

  get count(): number {
    return this.total;
  }

  get sum(): number {
    return this.sumValue;
  }

  /** Exact smallest and largest values recorded (0 when empty). */
  get min(): number {
    return this.total === 0 ? 0 : this.minSeen;
  }

  get max(): number {
    return this.total === 0 ? 0 : this.maxSeen;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sumValue / this.total;
  }

  record(value: number, count = 1): void {
    if (!Number.isFinite(value) || !(count > 0)) return;
    this.total += count;
    this.sumValue += value * count;
    if (value < this.minSeen) this.minSeen = value;
    if (value > this.maxSeen) this.maxSeen = value;
    if (value <= this.minValue) {
      this.zeroCount += count;
      return;
    }
    const index = Math.min(this.maxIndex, Math.max(this.minIndex, this.indexOf(value)));
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
  }

  /** Adds every value of `other` to this histogram; both must share their options. */
  merge(other: LogHistogram): void {
    if (
      other.relativeAccuracy !== this.relativeAccuracy ||
      other.minValue !== this.minValue ||
      other.maxValue !== this.maxValue
    ) {
      throw new Error('cannot merge histograms with different options');
    }
    if (other.total === 0) return;
    for (const [index, count] of other.buckets) {
      this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
    }
    this.zeroCount += other.zeroCount;
    this.total += other.total;
    this.sumValue += other.sumValue;
    this.minSeen = Math.min(this.minSeen, other.minSeen);
    this.maxSeen = Math.max(this.maxSeen, other.maxSeen);
  }

  /**
   * The value at rank q * (count - 1) of the sorted values (the lower nearest rank), within the
   * relative accuracy, clamped to the exact min and max; q = 0 and q = 1 give min and max
   * exactly. 0 when empty.
   */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const clampedQ = Math.min(1, Math.max(0, Number.isNaN(q) ? 0 : q));
    const rank = Math.floor(clampedQ * (this.total - 1));
    if (rank === 0) return this.minSeen;
    if (rank >= this.total - 1) return this.maxSeen;
    let seen = this.zeroCount;
    let value = 0;
    if (seen <= rank) {
      const indices = [...this.buckets.keys()].sort((a, b) => a - b);
      for (const index of indices) {
        seen += this.buckets.get(index)!;
        if (seen > rank) {
          value = this.valueOf(index);
          break;
        }
      }
    }
    return Math.min(this.maxSeen, Math.max(this.minSeen, value));
  }

  clone(): LogHistogram {
    const copy = new LogHistogram(this);
    copy.merge(this);
    return copy;
  }

  clear(): void {
    this.buckets.clear();
    this.zeroCount = 0;
    this.total = 0;
    this.sumValue = 0;
    this.minSeen = Number.POSITIVE_INFINITY;
    this.maxSeen = Number.NEGATIVE_INFINITY;
  }

  /** Buckets in use (for memory checks). */
  get bucketCount(): number {
    return this.buckets.size + (this.zeroCount > 0 ? 1 : 0);
  }

  private indexOf(value: number): number {
    return Math.ceil(Math.log(value) / this.logGamma);
  }

  /** The representative of bucket i, which covers (gamma^(i-1), gamma^i]. */
  private valueOf(index: number): number {
    return (2 * this.gamma ** index) / (this.gamma + 1);
  }
}
