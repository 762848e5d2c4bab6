import { DEFAULT_ADAPTIVE_RATE, type AdaptiveRateOptions } from './adaptive-rate';
import { DrainThrottle } from './drain-throttle';

/**
 * Where the drain lost ~5% under a 5,000/s ceiling, on a fake clock: several
 * partitions drained at once through one throttle, batches of a tenth of a
 * second's worth (as the transport cuts them), each write taking `latencyMs`.
 */
interface Run {
  ceiling: number;
  partitions: number;
  /** Write time of the n-th batch of `size` orders. */
  latencyMs: (size: number, n: number) => number;
  adaptive: AdaptiveRateOptions;
  /** false: every slow batch counts as news, also one written through the same spell. */
  timed: boolean;
}

async function measuredRate({ ceiling, partitions, latencyMs, adaptive, timed }: Run, seconds = 60): Promise<number> {
  const throttle = new DrainThrottle(ceiling, adaptive);
  let stored = 0;
  let written = 0;
  let running = true;
  const drainPartition = async () => {
    while (running) {
      const size = Math.max(1, Math.min(500, Math.floor(throttle.snapshot().effectiveRate / 10)));
      await throttle.acquire(size);
      const startedAt = performance.now();
      const latency = latencyMs(size, written++);
      // The batch's write time, on jest's fake clock (advanced below): simulated, not waited for.
      await new Promise((resolve) => setTimeout(resolve, latency));
      stored += size;
      throttle.record({ latencyMs: latency, ok: true, startedAt: timed ? startedAt : undefined });
    }
  };
  const workers = Array.from({ length: partitions }, drainPartition);
  await jest.advanceTimersByTimeAsync(5000); // past the first second's burst allowance
  const from = stored;
  await jest.advanceTimersByTimeAsync(seconds * 1000);
  const rate = (stored - from) / seconds;
  running = false;
  await jest.advanceTimersByTimeAsync(2000);
  await Promise.all(workers);
  return rate;
}

const error = (rate: number, ceiling: number) => (rate - ceiling) / ceiling;
/** A healthy database: a write costs 20 ms + 0.2 ms an order, and one in ten takes 2.5 times as long. */
const healthy = (size: number, n: number) => (20 + 0.2 * size) * (n % 10 === 9 ? 2.5 : 1);
/** How batches were judged before: each alone, each counting. */
const before = { adaptive: { ...DEFAULT_ADAPTIVE_RATE, smoothing: 1 }, timed: false };
const now = { adaptive: DEFAULT_ADAPTIVE_RATE, timed: true };

describe('ceiling accuracy (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('is not the pacing: steady writes keep to the ceiling at every rate', async () => {
    for (const ceiling of [200, 1000, 5000, 10_000]) {
      const rate = await measuredRate({ ceiling, partitions: 4, latencyMs: () => 120, ...now });
      expect(Math.abs(error(rate, ceiling))).toBeLessThan(0.005);
    }
  });

  it('was the adaptive factor: at 5,000/s the odd slow batch of 500 cut the rate, as measured (about -5%)', async () => {
    // At 200 and 1,000/s batches of 20 and 100 orders never reach the 250 ms target.
    expect(
      Math.abs(error(await measuredRate({ ceiling: 1000, partitions: 4, latencyMs: healthy, ...before }), 1000)),
    ).toBeLessThan(0.005);
    const rate = await measuredRate({ ceiling: 5000, partitions: 4, latencyMs: healthy, ...before });
    expect(error(rate, 5000)).toBeLessThan(-0.03);
  });

  it('keeps within 2% of every ceiling on a healthy database now, with one or two instances', async () => {
    for (const ceiling of [200, 1000, 5000, 10_000]) {
      for (const instances of [1, 2]) {
        const rate = await measuredRate({ ceiling: ceiling / instances, partitions: 4, latencyMs: healthy, ...now });
        expect(Math.abs(error(rate * instances, ceiling))).toBeLessThan(0.02);
      }
    }
  });
});
