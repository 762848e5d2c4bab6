import { AdaptiveRate, DEFAULT_ADAPTIVE_RATE, type AdaptiveRateOptions } from './adaptive-rate';
import { RateLimiter } from './rate-limiter';

export interface ThrottleSnapshot {
  /** Orders/s ops allow the whole consumer group (0 = unlimited). */
  groupCeiling: number;
  /** This instance's share of the group's partitions. */
  share: number;
  /** groupCeiling x share: this instance's ceiling. */
  instanceCeiling: number;
  /** Adaptive backoff factor (1 = healthy, lower = database struggling). */
  factor: number;
  /** instanceCeiling x factor: what this instance paces itself to now. */
  effectiveRate: number;
}

/**
 * The ceiling for a whole consumer group, applied by each instance to its
 * share of the partitions (re-computed on every rebalance), so N instances
 * together drain at the ceiling and not N times it. Adaptive backoff scales it
 * down while the database is slow or failing.
 */
export class DrainThrottle {
  private groupCeiling: number;
  private share = 1;
  private readonly adaptive: AdaptiveRate;
  private readonly limiter: RateLimiter;

  constructor(groupCeiling: number, adaptive: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE) {
    this.groupCeiling = groupCeiling;
    this.adaptive = new AdaptiveRate(adaptive);
    this.limiter = new RateLimiter(groupCeiling);
  }

  setGroupCeiling(ratePerSecond: number): void {
    this.groupCeiling = ratePerSecond;
    this.apply();
  }

  /** After a rebalance: how many of the topic's partitions this instance holds. */
  setAssignment(assigned: number, total: number): void {
    this.share = total > 0 ? assigned / total : 0;
    this.apply();
  }

  acquire(orders: number): Promise<void> {
    return this.limiter.acquire(orders);
  }

  record(outcome: { latencyMs: number; ok: boolean }): void {
    const before = this.adaptive.factor;
    if (this.adaptive.record(outcome) !== before) this.apply();
  }

  snapshot(): ThrottleSnapshot {
    const instanceCeiling = this.groupCeiling * this.share;
    return {
      groupCeiling: this.groupCeiling,
      share: this.share,
      instanceCeiling,
      factor: this.adaptive.factor,
      effectiveRate: instanceCeiling * this.adaptive.factor,
    };
  }

  private apply(): void {
    // Unlimited stays unlimited; an instance without partitions has nothing to pace.
    this.limiter.setRate(this.groupCeiling > 0 ? Math.max(1, this.snapshot().effectiveRate) : 0);
  }
}
