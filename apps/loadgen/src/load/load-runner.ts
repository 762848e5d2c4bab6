import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderFactory, PlannedOrder } from '../orders/order-factory';
import { arrivals, type RateProfile } from '../profile/rate-profile';
import type { Answer, IntakeClient } from './intake-client';
import { RunStats } from './run-stats';

export interface LoadOptions {
  profile: RateProfile;
  /** Requests allowed to wait for a socket or an answer; beyond it the tool drops the order and says so. */
  maxPending: number;
  /** Retries per submission after 503/429 (honouring Retry-After) or a timeout. */
  maxRetries: number;
  /** Upper bound on one Retry-After wait, so a wild header cannot stall the run. */
  maxRetryAfterSeconds: number;
}

/** Everything the audit needs to know about one idempotency key. */
export interface OrderOutcome {
  order: PlannedOrder;
  /** Every answer in order: HTTP status, or 'timeout' / 'network' / 'dropped' (never sent: the tool was saturated). */
  answers: Array<number | string>;
  /** Ids in 202 answers; more than one would mean a retry made a second order. */
  orderIds: Set<string>;
}

export interface LoadResult {
  stats: RunStats;
  outcomes: OrderOutcome[];
  startedAt: number;
  endedAt: number;
  dropped: number;
  retries: number;
  resubmissions: number;
}

/**
 * Open-model load: each order is sent at its due time whether or not earlier
 * ones were answered, and its latency runs from that due time, so a slow
 * server shows up as latency instead of silently slowing the load down
 * (coordinated omission).
 */
export class LoadRunner {
  private pending = 0;
  private dropped = 0;
  private retries = 0;
  private resubmissions = 0;
  private readonly chains = new Set<Promise<void>>();
  readonly stats: RunStats;
  readonly startedAt: number;

  constructor(
    private readonly client: IntakeClient,
    private readonly factory: OrderFactory,
    private readonly options: LoadOptions,
    startDelayMs = 20,
  ) {
    this.startedAt = performance.now() + startDelayMs;
    this.stats = new RunStats(this.startedAt);
  }

  inFlight(): number {
    return this.pending;
  }

  async run(): Promise<LoadResult> {
    const outcomes: OrderOutcome[] = [];
    for (const offset of arrivals(this.options.profile)) {
      const due = this.startedAt + offset;
      const ahead = due - performance.now();
      if (ahead >= 1) await sleep(ahead);
      this.stats.scheduled(due);
      const outcome: OrderOutcome = { order: this.factory.next(), answers: [], orderIds: new Set() };
      outcomes.push(outcome);
      this.track(this.submit(outcome, due, true));
    }
    const loadEnded = performance.now();
    while (this.chains.size > 0) await Promise.all([...this.chains]);
    return {
      stats: this.stats,
      outcomes,
      startedAt: this.startedAt,
      endedAt: Math.max(loadEnded, performance.now()),
      dropped: this.dropped,
      retries: this.retries,
      resubmissions: this.resubmissions,
    };
  }

  private track(chain: Promise<void>): void {
    this.chains.add(chain);
    void chain.finally(() => this.chains.delete(chain));
  }

  /** One submission of the order, with its bounded Retry-After retries; then the resubmission, if planned. */
  private async submit(outcome: OrderOutcome, due: number, first: boolean): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.pending >= this.options.maxPending) {
        this.dropped++;
        outcome.answers.push('dropped');
        break;
      }
      this.pending++;
      this.stats.sent(performance.now(), due, first && attempt === 0);
      let answer: Answer;
      try {
        answer = await this.client.place(outcome.order);
      } finally {
        this.pending--;
      }
      const status = answer.kind === 'http' ? answer.status : answer.reason;
      this.stats.answered(performance.now(), due, status);
      outcome.answers.push(status);
      if (answer.kind === 'http' && answer.orderId) outcome.orderIds.add(answer.orderId);

      const retriable = answer.kind === 'error' || answer.status === 503 || answer.status === 429;
      if (!retriable || attempt >= this.options.maxRetries) break;
      const waitSeconds = Math.min(
        answer.kind === 'http' ? (answer.retryAfterSeconds ?? 1) : 1,
        this.options.maxRetryAfterSeconds,
      );
      // A little jitter so the refused orders do not all come back in the same millisecond.
      const waitMs = waitSeconds * 1000 + Math.random() * 100;
      await sleep(waitMs);
      this.retries++;
      due = performance.now();
    }
    if (first && outcome.order.resubmit) {
      this.resubmissions++;
      await this.submit(outcome, performance.now(), false);
    }
  }
}
