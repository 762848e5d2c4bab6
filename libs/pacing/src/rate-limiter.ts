export type Clock = () => number;
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Paces work to a rate in units per second (GCRA, the token bucket written as
 * a schedule): each acquire(n) reserves the next n/rate seconds and waits for
 * its slot. Several partitions drained at once share the schedule, so their sum
 * keeps to the rate. Up to `burstSeconds` of unused time is kept, so a short
 * stall is caught up without exceeding the rate over a window.
 * A rate of 0 or less means unlimited.
 */
export class RateLimiter {
  private nextFreeAt: number;

  constructor(
    private rate: number,
    private readonly burstSeconds = 1,
    private readonly now: Clock = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
  ) {
    this.nextFreeAt = now();
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    this.rate = rate;
  }

  /** Resolves when `units` may proceed, with how long they waited (0: the work is behind the schedule). */
  async acquire(units: number): Promise<number> {
    if (this.rate <= 0 || units <= 0) return 0;
    const now = this.now();
    const start = Math.max(this.nextFreeAt, now - this.burstSeconds * 1000);
    this.nextFreeAt = start + (units / this.rate) * 1000;
    // Pay for the units after they run, not before: a batch waits only for the
    // batches ahead of it, so a rate change applies from the next batch on.
    const wait = start - now;
    if (wait <= 0) return 0;
    await this.sleep(wait);
    return wait;
  }
}
