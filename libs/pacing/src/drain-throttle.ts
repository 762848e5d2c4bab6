import {
  AdaptiveRate,
  DEFAULT_ADAPTIVE_RATE,
  type AdaptiveRateOptions,
  type BackoffCause,
  type BatchTiming,
} from './adaptive-rate';
import { FailedBatches, type FailedBatchesSnapshot } from './failed-batches';
import { RateLimiter } from './rate-limiter';
import { RateMeter } from './rate-meter';

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
  /** Orders/s this instance stored over the last few seconds. */
  measuredRate: number;
  /**
   * Whether a batch waited for the rate limiter over those seconds. false
   * while orders are stored means the drain writes as fast as it can and
   * falls behind the effective rate: the database, the broker or this
   * process's CPU is the limit, not the ceiling.
   */
  paced: boolean;
  /** Why the effective rate is below this instance's ceiling, and since when; null when it is not. */
  backoff: { since: string; reason: string } | null;
  /** Batches whose write failed since the instance started, by the error they failed with. */
  failedBatches: FailedBatchesSnapshot;
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
  private readonly meter = new RateMeter();
  private readonly failed = new FailedBatches();
  private backoffSince: Date | null = null;
  private heldAt = -Infinity;

  constructor(groupCeiling: number, adaptiveOptions: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE) {
    this.groupCeiling = groupCeiling;
    this.adaptive = new AdaptiveRate(adaptiveOptions);
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

  async acquire(orders: number): Promise<void> {
    if ((await this.limiter.acquire(orders)) > 0) this.heldAt = performance.now();
  }

  /** One batch written (or failed): feeds adaptive backoff and, when it stored orders, the measured rate. */
  record(outcome: BatchTiming & { orders?: number }): void {
    if (outcome.ok && outcome.orders) this.meter.add(outcome.orders);
    if (!outcome.ok) this.failed.add(outcome.error ?? 'unknown error');
    const before = this.adaptive.factor;
    const after = this.adaptive.record(outcome);
    if (after === before) return;
    if (after < 1 && this.backoffSince === null) this.backoffSince = new Date();
    if (after >= 1) this.backoffSince = null;
    this.apply();
  }

  snapshot(): ThrottleSnapshot {
    const instanceCeiling = this.groupCeiling * this.share;
    return {
      groupCeiling: this.groupCeiling,
      share: this.share,
      instanceCeiling,
      factor: this.adaptive.factor,
      effectiveRate: instanceCeiling * this.adaptive.factor,
      measuredRate: this.meter.ratePerSecond,
      paced: performance.now() - this.heldAt <= this.meter.windowMs,
      backoff: this.backoffReason(),
      failedBatches: this.failed.snapshot(),
    };
  }

  private backoffReason(): ThrottleSnapshot['backoff'] {
    const cut = this.adaptive.lastSlowBatch;
    if (!cut || this.backoffSince === null) return null;
    const percent = Math.round(this.adaptive.factor * 100);
    return {
      since: this.backoffSince.toISOString(),
      reason: `adaptive backoff at ${percent}% of the ceiling: ${describeCause(cut, this.adaptive.targetLatencyMs)}; it climbs back with each healthy batch`,
    };
  }

  private apply(): void {
    // Unlimited stays unlimited; an instance without partitions has nothing to pace.
    this.limiter.setRate(this.groupCeiling > 0 ? Math.max(1, this.snapshot().effectiveRate) : 0);
  }
}

/** What made the last cut, in the figures it was judged on. */
function describeCause(cut: BackoffCause, targetLatencyMs: number): string {
  if (!cut.ok) return `a batch failed (${cut.error ?? 'unknown error'})`;
  const queued =
    cut.queuedMs >= 1 ? `, not counting ${Math.round(cut.queuedMs)} ms queued behind the group's other batches` : '';
  return (
    `batch writes averaged ${Math.round(cut.smoothedMs)} ms, over the ${targetLatencyMs} ms target ` +
    `(the last took ${Math.round(cut.writeMs)} ms${queued})`
  );
}
