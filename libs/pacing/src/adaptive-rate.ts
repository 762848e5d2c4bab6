export interface AdaptiveRateOptions {
  /** Batch write latency above which the database counts as struggling. */
  targetLatencyMs: number;
  /** Lowest share of the ceiling the rate falls to. */
  minFactor: number;
  /** Multiplier on each decrease (AIMD's "multiplicative decrease"). */
  decrease: number;
  /** Share of the ceiling regained per healthy batch ("additive increase"). */
  increase: number;
  /**
   * Weight of the newest batch in the smoothed latency compared with the
   * target (1 = judge each batch alone). A failed batch cuts at once.
   */
  smoothing: number;
}

export const DEFAULT_ADAPTIVE_RATE: AdaptiveRateOptions = {
  // A full slice of 500 orders took 250-290 ms to write at 10,000/s on a
  // healthy MariaDB (bench:drain, quiet 2-core machine), so a 250 ms target
  // cut a drain the database was keeping up with to 30-80 % of its ceiling.
  // Twice that still marks a database that is slowing down.
  targetLatencyMs: 500,
  minFactor: 0.05,
  decrease: 0.7,
  increase: 0.02,
  smoothing: 0.2,
};

/** One written batch, timed on the clock the caller uses (performance.now()). */
export interface BatchTiming {
  latencyMs: number;
  /**
   * Part of latencyMs the batch spent queued behind the group's other batches
   * (waiting for rows they held locked). It is not counted against the
   * database: under a high ceiling every batch waits for the stock rows the
   * batches ahead of it hold, and the wait grows with the group's own
   * concurrency, not with how slowly the database writes.
   */
  queuedMs?: number;
  ok: boolean;
  /** Why a failed batch failed, as the error said. */
  error?: string;
  /** When the batch's write started; without it every slow batch counts as news. */
  startedAt?: number;
}

/** The batch behind the last cut, and what it was judged on. */
export interface BackoffCause {
  ok: boolean;
  error?: string;
  /** The batch's write time, queue left out. */
  writeMs: number;
  queuedMs: number;
  /** The smoothed write time compared with the target. */
  smoothedMs: number;
}

/**
 * AIMD on the ceiling ops set: a slow or failed batch cuts the effective rate
 * by a factor, each healthy batch gives a little back. The database thus sees
 * load fall quickly when it struggles and rise gradually when it recovers,
 * never above the ceiling.
 *
 * Latency is judged smoothed: at 5,000/s a batch is 500 orders and its
 * write time sits near the target, so single batches crossed it now and then
 * on a healthy database; each crossing cost a 30% cut and dozens of batches
 * to climb back. A database that really slows keeps the average up and is
 * cut within a few batches.
 *
 * Only the batch's own write time counts, not the time it queued behind the
 * group's other batches for the rows they held: at 10,000/s four partitions'
 * batches of 500 all lock the same hot stock rows; a trace showed each batch
 * waiting 140-190 ms for the ones ahead of it out of its 200-250 ms, near the
 * 250 ms target, so the drain cut itself to about half the ceiling on a
 * database that wrote each batch in 60-100 ms.
 *
 * One slow spell cuts once. Batches of several partitions written at the same
 * time all run through the same spell; counting each of them cut the rate to
 * 0.7^4 of the ceiling for a single hiccup and then took dozens of batches to
 * climb back, which is what held the drain ~5% under a 5,000/s ceiling. As
 * TCP cuts its window once per round trip, a slow batch that started before
 * the last cut says nothing new and only stops the climb.
 */
export class AdaptiveRate {
  private factorValue = 1;
  private lastCutAt = -Infinity;
  private lastCut: BackoffCause | null = null;
  private smoothedMs: number | null = null;

  constructor(private readonly options: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE) {}

  get factor(): number {
    return this.factorValue;
  }

  get targetLatencyMs(): number {
    return this.options.targetLatencyMs;
  }

  /** The batch behind the last cut, while the factor is below 1. */
  get lastSlowBatch(): BackoffCause | null {
    return this.factorValue < 1 ? this.lastCut : null;
  }

  /** Records one batch; returns the new factor (0 < factor <= 1). */
  record(
    { latencyMs, queuedMs = 0, ok, error, startedAt = Infinity }: BatchTiming,
    now = startedAt + latencyMs,
  ): number {
    const { targetLatencyMs, minFactor, decrease, increase, smoothing } = this.options;
    const writeMs = Math.max(0, latencyMs - queuedMs);
    const smoothed = this.smoothedMs === null ? writeMs : this.smoothedMs + smoothing * (writeMs - this.smoothedMs);
    this.smoothedMs = smoothed;
    if (!ok || smoothed > targetLatencyMs) {
      if (startedAt >= this.lastCutAt) {
        this.factorValue = Math.max(minFactor, this.factorValue * decrease);
        this.lastCutAt = Number.isFinite(now) ? now : this.lastCutAt;
        this.lastCut = { ok, error, writeMs, queuedMs, smoothedMs: smoothed };
      }
    } else {
      this.factorValue = Math.min(1, this.factorValue + increase);
    }
    return this.factorValue;
  }
}
