import { LatencyHistogram } from './latency-histogram';
import { parseRetryAfter } from './intake-client';

describe('LatencyHistogram', () => {
  it('percentiles within 1 % of the exact ones', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 10);
    expect(h.percentile(0.5)).toBeGreaterThanOrEqual(500);
    expect(h.percentile(0.5)).toBeLessThan(505);
    expect(h.percentile(0.99)).toBeGreaterThanOrEqual(990);
    expect(h.percentile(0.99)).toBeLessThan(1000);
    expect(h.percentile(1)).toBe(1000);
    expect(h.count).toBe(10_000);
  });

  it('merges windows by adding counts; empty is 0', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    expect(a.percentile(0.99)).toBe(0);
    a.record(1);
    b.record(100);
    a.merge(b);
    expect(a.count).toBe(2);
    expect(a.max).toBe(100);
    expect(a.percentile(1)).toBe(100);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    expect(parseRetryAfter('2')).toBe(2);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
