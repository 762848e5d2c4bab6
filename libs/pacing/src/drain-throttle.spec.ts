import { DrainThrottle } from './drain-throttle';

const options = { targetLatencyMs: 100, minFactor: 0.1, decrease: 0.5, increase: 0.1, smoothing: 1 };

describe('DrainThrottle', () => {
  it('gives each instance the ceiling in proportion to its partitions', () => {
    const throttle = new DrainThrottle(1200);
    throttle.setAssignment(4, 12);
    expect(throttle.snapshot()).toMatchObject({
      groupCeiling: 1200,
      share: 4 / 12,
      instanceCeiling: 400,
      effectiveRate: 400,
    });
  });

  it('lowers the effective rate, not the ceiling, when batches are slow', () => {
    const throttle = new DrainThrottle(1000, options);
    throttle.record({ latencyMs: 400, ok: true });
    expect(throttle.snapshot()).toMatchObject({ groupCeiling: 1000, instanceCeiling: 1000, effectiveRate: 500 });
  });

  it('follows a new group ceiling', () => {
    const throttle = new DrainThrottle(1000);
    throttle.setAssignment(1, 2);
    throttle.setGroupCeiling(300);
    expect(throttle.snapshot().effectiveRate).toBe(150);
  });

  it('says why it backs off, in the figures it judged: the averaged write time and the queue left out', () => {
    const throttle = new DrainThrottle(1000, { ...options, smoothing: 0.5 });
    throttle.record({ latencyMs: 80, ok: true });
    throttle.record({ latencyMs: 500, queuedMs: 100, ok: true });
    expect(throttle.snapshot().backoff?.reason).toBe(
      'adaptive backoff at 50% of the ceiling: batch writes averaged 240 ms, over the 100 ms target ' +
        "(the last took 400 ms, not counting 100 ms queued behind the group's other batches); " +
        'it climbs back with each healthy batch',
    );
  });

  it("names a failed batch's error in the reason and counts failures by error", () => {
    const throttle = new DrainThrottle(1000, options);
    throttle.record({ latencyMs: 20, ok: false, error: 'Deadlock found when trying to get lock (ER_LOCK_DEADLOCK)' });
    throttle.record({ latencyMs: 20, ok: false, error: 'connect ECONNREFUSED 127.0.0.1:3306' });
    throttle.record({ latencyMs: 20, ok: false, error: 'Deadlock found when trying to get lock (ER_LOCK_DEADLOCK)' });
    const { backoff, failedBatches } = throttle.snapshot();
    expect(backoff?.reason).toContain('a batch failed (Deadlock found when trying to get lock (ER_LOCK_DEADLOCK))');
    expect(failedBatches).toEqual({
      count: 3,
      errors: [
        { error: 'Deadlock found when trying to get lock (ER_LOCK_DEADLOCK)', count: 2, lastAt: expect.any(String) },
        { error: 'connect ECONNREFUSED 127.0.0.1:3306', count: 1, lastAt: expect.any(String) },
      ],
    });
  });

  it('has no reason once the factor is back at 1', () => {
    const throttle = new DrainThrottle(1000, { ...options, increase: 0.5 });
    throttle.record({ latencyMs: 400, ok: true });
    expect(throttle.snapshot().backoff).not.toBeNull();
    throttle.record({ latencyMs: 10, ok: true });
    expect(throttle.snapshot()).toMatchObject({ factor: 1, backoff: null });
  });
});
