import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface StepResult {
  rate: number;
  durationMs: number;
  sent: number;
  accepted: number;
  /** Count per HTTP status other than 202, plus "error" for transport failures. */
  refused: Record<string, number>;
  /** Requests still unanswered when the drain wait ended. */
  unanswered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Accepted orders per second over the step. */
  achievedRate: number;
}

/**
 * Open-model load: request i is due at start + i/rate whether or not earlier
 * ones were answered, and its latency counts from that due time, so a slow
 * server cannot slow the generator down and hide its own delay (coordinated
 * omission). Requests beyond the socket cap wait in undici's queue, on the
 * clock.
 */
export class OpenLoad {
  private readonly pool: Pool;
  private outstanding = 0;
  private sequence = 0;

  constructor(
    origin: string,
    connections: number,
    /** Called with the body of every 202, to audit the topic afterwards. */
    private readonly onAccepted: (body: string) => void,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async run(rate: number, durationMs: number, drainTimeoutMs = 30_000): Promise<StepResult> {
    const total = Math.round((rate * durationMs) / 1000);
    const interval = 1000 / rate;
    const latencies = new Float64Array(total).fill(Number.POSITIVE_INFINITY);
    const refused: Record<string, number> = {};
    let accepted = 0;
    let done = 0;
    let lastAnswer = 0;
    const start = performance.now() + 5;

    const fire = (i: number): void => {
      const due = start + i * interval;
      this.outstanding++;
      const body = orderBody(this.sequence++);
      this.pool
        .request({ path: '/orders', method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (response) => {
          const text = await response.body.text();
          if (response.statusCode === 202) {
            accepted++;
            this.onAccepted(text);
          } else refused[response.statusCode] = (refused[response.statusCode] ?? 0) + 1;
        })
        .catch(() => (refused.error = (refused.error ?? 0) + 1))
        .finally(() => {
          const now = performance.now();
          latencies[i] = now - due;
          lastAnswer = Math.max(lastAnswer, now);
          this.outstanding--;
          done++;
        });
    };

    let next = 0;
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        while (next < total && start + next * interval <= now) fire(next++);
        if (next < total) setTimeout(tick, 1);
        else resolve();
      };
      tick();
    });
    const deadline = performance.now() + drainTimeoutMs;
    while (done < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));

    const sorted = Float64Array.from(latencies).sort();
    const at = (q: number) => sorted[Math.min(total - 1, Math.ceil(q * total) - 1)];
    return {
      rate,
      durationMs,
      sent: total,
      accepted,
      refused,
      unanswered: total - done,
      p50Ms: round(at(0.5)),
      p99Ms: round(at(0.99)),
      maxMs: round(sorted[total - 1]),
      achievedRate: Math.round((accepted * 1000) / Math.max(durationMs, lastAnswer - start)),
    };
  }

  /** Waits for every request ever sent to be answered (for the topic audit). */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (this.outstanding > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.outstanding;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

const CUSTOMERS = 5000;

/** A realistic small order; customers rotate so orders spread over partitions. */
function orderBody(n: number): string {
  return `{"customerId":"bench-${n % CUSTOMERS}","currency":"EUR","items":[{"sku":"SKU-${n % 97}","quantity":1},{"sku":"SKU-${n % 13}","quantity":2}]}`;
}

function round(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 10) / 10 : ms;
}
