import { newestTimestampUpTo, type TimestampProbe } from './offset-timestamps';

const NOW = 1_800_000_000_000;

/** Kafka's answer over a log whose message i has timestamps[i]: the earliest offset with a timestamp >= t. */
function logOf(timestamps: number[]): { probe: TimestampProbe; calls: () => number } {
  let calls = 0;
  return {
    probe: async (t) => {
      calls++;
      const i = timestamps.findIndex((ts) => ts >= t);
      return BigInt(i === -1 ? timestamps.length : i);
    },
    calls: () => calls,
  };
}

describe('newestTimestampUpTo', () => {
  it('finds an order a few seconds old to within a second, never younger than it is', async () => {
    const { probe } = logOf([NOW - 9_500, NOW - 4_200, NOW - 100]);
    const found = await newestTimestampUpTo(probe, 1n, NOW);
    expect(found).toBeLessThanOrEqual(NOW - 4_200);
    expect(found).toBeGreaterThan(NOW - 4_200 - 1000);
  });

  it('finds a two-day-old order to within 1% of its age in a few dozen requests', async () => {
    const twoDays = 2 * 24 * 3600 * 1000;
    const { probe, calls } = logOf([NOW - twoDays - 5000, NOW - twoDays, NOW - 60_000]);
    const found = await newestTimestampUpTo(probe, 1n, NOW);
    expect(found).toBeLessThanOrEqual(NOW - twoDays);
    expect(found).toBeGreaterThan(NOW - twoDays * 1.01);
    expect(calls()).toBeLessThan(40);
  });

  it('takes the newest timestamp before the offset when producer clocks disagree, as retention does', async () => {
    const { probe } = logOf([NOW - 50_000, NOW - 20_000, NOW - 30_000]);
    const found = await newestTimestampUpTo(probe, 2n, NOW);
    expect(found).toBeLessThanOrEqual(NOW - 20_000);
    expect(found).toBeGreaterThan(NOW - 21_000);
  });

  it('starts from a timestamp known to be reached, in a handful of requests', async () => {
    const twoDays = 2 * 24 * 3600 * 1000;
    const log = logOf([NOW - twoDays - 600_000, NOW - twoDays - 300_000, NOW - twoDays]);
    const found = await newestTimestampUpTo(log.probe, 2n, NOW, NOW - twoDays - 600_000);
    expect(found).toBeLessThanOrEqual(NOW - twoDays);
    expect(found).toBeGreaterThan(NOW - twoDays * 1.01);
    expect(log.calls()).toBeLessThan(12);
  });

  it('calls a timestamp in the future now, and a log without timestamps NaN', async () => {
    expect(await newestTimestampUpTo(logOf([NOW + 5000]).probe, 0n, NOW)).toBe(NOW);
    expect(await newestTimestampUpTo(logOf([-1]).probe, 0n, NOW)).toBeNaN();
  });
});
