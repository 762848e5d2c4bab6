/**
 * Units done per second over a sliding window, for what ops see next to the
 * ceiling. A few seconds: short enough to show a changed ceiling taking hold,
 * long enough to smooth the batch-by-batch steps.
 */
export class RateMeter {
  private readonly events: Array<{ at: number; units: number }> = [];
  private startedAt: number;

  constructor(
    readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  add(units: number): void {
    this.events.push({ at: this.now(), units });
    this.prune();
  }

  /** Units per second over the window (or since the meter started, when that is shorter). */
  get ratePerSecond(): number {
    this.prune();
    const span = Math.min(this.windowMs, this.now() - this.startedAt);
    if (span <= 0) return 0;
    return (this.events.reduce((sum, e) => sum + e.units, 0) * 1000) / span;
  }

  private prune(): void {
    const from = this.now() - this.windowMs;
    while (this.events.length > 0 && this.events[0].at < from) this.events.shift();
  }
}
