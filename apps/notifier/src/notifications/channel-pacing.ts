import { RateLimiter, type Clock, type Sleep } from '@surge/pacing';

/**
 * One rate limiter per channel, the drain's own (GCRA over a clock): SMS
 * providers cap sends per second, and a mail relay or a storefront may too.
 * Every partition the notifier works on shares its channel's schedule, so the
 * instance keeps to the rate whatever its concurrency. A channel without a
 * rate (0) is not paced.
 */
export class ChannelPacing {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    rates: Record<string, number>,
    private readonly clock?: { now: Clock; sleep: Sleep },
  ) {
    for (const [channel, rate] of Object.entries(rates)) {
      // No burst beyond one send: a provider counting per second must never see more than the rate.
      this.limiters.set(channel, new RateLimiter(rate, 0, clock?.now, clock?.sleep));
    }
  }

  /** Resolves when the channel may send one more. */
  async acquire(channel: string): Promise<void> {
    await this.limiters.get(channel)?.acquire(1);
  }
}
