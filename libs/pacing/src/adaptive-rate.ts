export interface AdaptiveRateOptions {
  /** Batch write latency above which the database counts as struggling. */
  targetLatencyMs: number;
  /** Lowest share of the ceiling the rate falls to. */
  minFactor: number;
  /** Multiplier on each decrease (AIMD's "multiplicative decrease"). */
  decrease: number;
  /** Share of the ceiling regained per healthy batch ("additive increase"). */
  increase: number;
}

export const DEFAULT_ADAPTIVE_RATE: AdaptiveRateOptions = {
  targetLatencyMs: 250,
  minFactor: 0.05,
  decrease: 0.7,
  increase: 0.02,
};

/**
 * AIMD on the ceiling ops set: a slow or failed batch cuts the effective rate
 * by a factor, each healthy batch gives a little back. The database thus sees
 * load fall quickly when it struggles and rise gradually when it recovers,
 * never above the ceiling.
 */
export class AdaptiveRate {
  private factorValue = 1;

  constructor(private readonly options: AdaptiveRateOptions = DEFAULT_ADAPTIVE_RATE) {}

  get factor(): number {
    return this.factorValue;
  }

  /** Records one batch; returns the new factor (0 < factor <= 1). */
  record(outcome: { latencyMs: number; ok: boolean }): number {
    const { targetLatencyMs, minFactor, decrease, increase } = this.options;
    if (!outcome.ok || outcome.latencyMs > targetLatencyMs) {
      this.factorValue = Math.max(minFactor, this.factorValue * decrease);
    } else {
      this.factorValue = Math.min(1, this.factorValue + increase);
    }
    return this.factorValue;
  }
}
