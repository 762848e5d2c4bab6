import { RateLimiter } from './rate-limiter';

/** A fake clock: sleeping advances time, so the schedule is checked without waiting. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    waits,
  };
}

describe('RateLimiter', () => {
  it('spaces batches so units per second match the rate', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(100, 0, time.now, time.sleep);
    for (let i = 0; i < 10; i++) await limiter.acquire(50);
    // 500 units at 100/s: the 10th batch starts 4.5 s in and its 0.5 s runs until 5 s.
    expect(time.now()).toBe(4500);
    expect(time.waits.every((w) => w === 500)).toBe(true);
  });

  it('lets concurrent callers share one schedule', async () => {
    const waits: number[] = [];
    const limiter = new RateLimiter(
      1000,
      0,
      () => 0,
      async (ms) => void waits.push(ms),
    );
    await Promise.all([1, 2, 3, 4].map(() => limiter.acquire(250)));
    expect(waits).toEqual([250, 500, 750]);
  });

  it('keeps at most the burst allowance of idle time', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(100, 1, time.now, time.sleep);
    time.advance(60_000);
    await limiter.acquire(100); // uses the 1 s of banked time
    await limiter.acquire(100); // on schedule, no wait
    await limiter.acquire(100);
    expect(time.waits).toEqual([1000]);
  });

  it('applies a new rate to the next acquisition', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(100, 0, time.now, time.sleep);
    await limiter.acquire(100);
    limiter.setRate(1000);
    await limiter.acquire(100);
    await limiter.acquire(100);
    expect(time.waits).toEqual([1000, 100]);
  });

  it('does not wait when unlimited', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(0, 0, time.now, time.sleep);
    await limiter.acquire(1_000_000);
    expect(time.waits).toEqual([]);
  });

  it('says how long each acquire waited: 0 once the work is behind its schedule', async () => {
    const time = fakeTime();
    const limiter = new RateLimiter(100, 0, time.now, time.sleep);
    expect(await limiter.acquire(50)).toBe(0);
    expect(await limiter.acquire(50)).toBe(500);
    time.advance(2000); // a write slower than the schedule
    expect(await limiter.acquire(50)).toBe(0);
  });
});
