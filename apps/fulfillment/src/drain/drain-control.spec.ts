import type { KafkaBatchTransport } from '@surge/kafka';
import { DrainThrottle } from '@surge/pacing';
import { elapseFakeTime } from '@surge/testing';
import type { DataSource } from 'typeorm';
import { loadFulfillmentConfig } from '../config';
import { DrainControl } from './drain-control.service';

/** The transport as DrainControl.state() reads it: running, with `backlog` orders waiting. */
const transport = (backlog: number) =>
  ({
    isPaused: false,
    batchesInHand: 1,
    runSettings: { partitionsConcurrency: 4, batchSize: 500 },
    backlog,
  }) as unknown as KafkaBatchTransport;

/**
 * Stores batches of 100 orders, each written in `writeMs`, for 4 s on jest's
 * clock, through the throttle's rate limiter as the transport does; returns
 * what `read` saw at the end, while the drain still ran.
 */
async function drainFor<T>(throttle: DrainThrottle, writeMs: number, read: () => T): Promise<T> {
  let running = true;
  const drain = (async () => {
    while (running) {
      await throttle.acquire(100);
      // The write, simulated on the fake clock.
      await elapseFakeTime(writeMs);
      throttle.record({ latencyMs: writeMs, ok: true, orders: 100 });
    }
  })();
  await jest.advanceTimersByTimeAsync(4000);
  const seen = read();
  running = false;
  await jest.advanceTimersByTimeAsync(1000);
  await drain;
  return seen;
}

describe('DrainControl: why this instance drains below its share of the ceiling', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const below = (throttle: DrainThrottle, backlog: number) =>
    new DrainControl(loadFulfillmentConfig({}), transport(backlog), throttle, {} as DataSource).state().belowCeiling;

  it('says the drain is at its own limit when a backlog waits and no batch waited for the rate limiter', async () => {
    // Writes of 100 orders taking 200 ms: 500/s at most, under a 1,000/s ceiling.
    const throttle = new DrainThrottle(1000);
    const [snapshot, reason] = await drainFor(throttle, 200, () => [
      throttle.snapshot(),
      below(throttle, 50_000)?.reason,
    ]);
    expect(snapshot).toMatchObject({ factor: 1, effectiveRate: 1000, paced: false });
    expect(reason).toMatch(
      /^writing 5\d\d\/s of an effective 1000\/s with 50000 orders waiting, and no batch waited for the rate limiter: the drain is at its own limit here \(the database, the broker or this process's CPU\), not at the ceiling$/,
    );
  });

  it('says nothing when the drain keeps up with what arrives (less than a second of the rate waiting)', async () => {
    const throttle = new DrainThrottle(1000);
    expect(await drainFor(throttle, 200, () => below(throttle, 200))).toBeNull();
  });

  it('says nothing when the ceiling holds the drain back: batches waited for the rate limiter', async () => {
    // Writes that could go at 1,000/s under a 500/s ceiling.
    const throttle = new DrainThrottle(500);
    const [snapshot, reason] = await drainFor(throttle, 100, () => [throttle.snapshot(), below(throttle, 50_000)]);
    expect(snapshot).toMatchObject({ paced: true });
    expect(reason).toBeNull();
  });
});
