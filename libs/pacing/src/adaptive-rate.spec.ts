import { AdaptiveRate } from './adaptive-rate';

const options = { targetLatencyMs: 100, minFactor: 0.1, decrease: 0.5, increase: 0.1 };

describe('AdaptiveRate', () => {
  it('cuts the factor on slow or failed batches, down to the floor', () => {
    const rate = new AdaptiveRate(options);
    expect(rate.record({ latencyMs: 500, ok: true })).toBe(0.5);
    expect(rate.record({ latencyMs: 10, ok: false })).toBe(0.25);
    for (let i = 0; i < 10; i++) rate.record({ latencyMs: 500, ok: true });
    expect(rate.factor).toBe(0.1);
  });

  it('climbs back gradually and never above the ceiling', () => {
    const rate = new AdaptiveRate(options);
    rate.record({ latencyMs: 500, ok: true });
    expect(rate.record({ latencyMs: 50, ok: true })).toBeCloseTo(0.6);
    for (let i = 0; i < 20; i++) rate.record({ latencyMs: 50, ok: true });
    expect(rate.factor).toBe(1);
  });
});
