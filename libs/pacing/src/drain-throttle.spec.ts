import { DrainThrottle } from './drain-throttle';

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
    const throttle = new DrainThrottle(1000, {
      targetLatencyMs: 100,
      minFactor: 0.1,
      decrease: 0.5,
      increase: 0.1,
      smoothing: 1,
    });
    throttle.record({ latencyMs: 400, ok: true });
    expect(throttle.snapshot()).toMatchObject({ groupCeiling: 1000, instanceCeiling: 1000, effectiveRate: 500 });
  });

  it('follows a new group ceiling', () => {
    const throttle = new DrainThrottle(1000);
    throttle.setAssignment(1, 2);
    throttle.setGroupCeiling(300);
    expect(throttle.snapshot().effectiveRate).toBe(150);
  });
});
