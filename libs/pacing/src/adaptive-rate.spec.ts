import { AdaptiveRate } from './adaptive-rate';

const options = { targetLatencyMs: 100, minFactor: 0.1, decrease: 0.5, increase: 0.1, smoothing: 1 };

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

describe('AdaptiveRate, judging a healthy database fairly', () => {
  it('lets a lone slow batch pass but cuts within a few batches when writes stay slow', () => {
    const rate = new AdaptiveRate({ ...options, smoothing: 0.2 });
    for (let i = 0; i < 5; i++) rate.record({ latencyMs: 50, ok: true });
    expect(rate.record({ latencyMs: 290, ok: true })).toBe(1);
    rate.record({ latencyMs: 50, ok: true });
    const factors = [300, 300, 300].map((latencyMs) => rate.record({ latencyMs, ok: true }));
    expect(factors.at(-1)).toBeLessThan(1);
  });

  it('cuts at once for a failed batch, whatever the average', () => {
    const rate = new AdaptiveRate({ ...options, smoothing: 0.2 });
    rate.record({ latencyMs: 50, ok: true });
    expect(rate.record({ latencyMs: 50, ok: false })).toBe(0.5);
  });

  it('cuts once for batches written through the same slow spell', () => {
    const rate = new AdaptiveRate(options);
    expect(rate.record({ latencyMs: 500, ok: true, startedAt: 0 })).toBe(0.5);
    // Three more partitions' batches that were already being written when the cut came.
    for (const startedAt of [50, 100, 400]) expect(rate.record({ latencyMs: 500, ok: true, startedAt })).toBe(0.5);
    // A batch that started after the cut and is still slow is news.
    expect(rate.record({ latencyMs: 500, ok: true, startedAt: 600 })).toBe(0.25);
  });

  it('judges the write, not the queue for rows the group holds', () => {
    const rate = new AdaptiveRate(options);
    // 400 ms in all, 350 of them waiting for the batches ahead: a healthy 50 ms write.
    expect(rate.record({ latencyMs: 400, queuedMs: 350, ok: true })).toBe(1);
    expect(rate.record({ latencyMs: 400, queuedMs: 10, ok: true })).toBe(0.5);
    expect(rate.lastSlowBatch).toEqual({ ok: true, error: undefined, writeMs: 390, queuedMs: 10, smoothedMs: 390 });
  });
});
