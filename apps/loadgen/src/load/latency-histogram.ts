/**
 * Log-bucketed latency histogram (1 % resolution from 10 µs to ~17 min), so
 * percentiles of millions of requests cost a fixed few kilobytes and windows
 * merge by adding counts.
 */
const MIN_MS = 0.01;
const GROWTH = Math.log(1.01);
const BUCKETS = Math.ceil(Math.log(1e6 / MIN_MS) / GROWTH) + 1;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  record(ms: number): void {
    const index = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN_MS) / GROWTH));
    this.counts[index]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** Upper bound of the bucket holding the q-th quantile (0..1); 0 when empty. */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(MIN_MS * Math.exp(i * GROWTH), this.max);
    }
    return this.max;
  }
}
