import {
  arrivals,
  durationOf,
  ramp,
  rateAt,
  spike,
  steady,
  timeline,
  totalArrivals,
  type RateProfile,
} from './rate-profile';

function perSecond(profile: RateProfile): number[] {
  const counts = new Array<number>(Math.ceil(durationOf(profile))).fill(0);
  for (const ms of arrivals(profile)) counts[Math.min(counts.length - 1, Math.floor(ms / 1000))]++;
  return counts;
}

describe('rate profiles', () => {
  it('steady: the rate every second, and rate x duration in total', () => {
    const profile = steady(120, 10);
    expect(totalArrivals(profile)).toBe(1200);
    expect(perSecond(profile)).toEqual(new Array(10).fill(120));
  });

  it('ramp: each second gets the area under the line (within one)', () => {
    const counts = perSecond(ramp(0, 100, 10));
    counts.forEach((count, s) => expect(Math.abs(count - (10 * s + 5))).toBeLessThanOrEqual(1));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it('spike: baseline, then the peak for the spike length, then baseline again', () => {
    const profile = spike(20, 300, 4, 3, 10);
    expect(perSecond(profile)).toEqual([20, 20, 20, 20, 300, 300, 300, 20, 20, 20]);
    expect(rateAt(profile, 5)).toBe(300);
    expect(rateAt(profile, 8)).toBe(20);
  });

  it('arrivals are in time order and within the duration', () => {
    const times = [...arrivals(ramp(5, 50, 7))];
    expect(times.length).toBe(totalArrivals(ramp(5, 50, 7)));
    times.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual(i ? times[i - 1] : 0);
      expect(t).toBeLessThanOrEqual(7000);
    });
  });

  it('timeline: linear between points, steps where two points share a second', () => {
    const profile = timeline({
      points: [
        { at: 0, rate: 10 },
        { at: 2, rate: 10 },
        { at: 2, rate: 200 },
        { at: 4, rate: 0 },
      ],
    });
    expect(perSecond(profile)).toEqual([10, 10, 150, 50]);
  });

  it.each([
    ['a negative rate', () => steady(-1, 10), /negative/],
    ['no orders', () => steady(0, 10), /no orders/],
    ['a zero duration', () => steady(10, 0), /more than 0/],
    ['a spike past the end', () => spike(10, 100, 8, 5, 10), /within the duration/],
    [
      'points out of order',
      () =>
        timeline([
          { at: 0, rate: 1 },
          { at: 5, rate: 1 },
          { at: 3, rate: 1 },
        ]),
      /time order/,
    ],
    [
      'a timeline not starting at 0',
      () =>
        timeline([
          { at: 1, rate: 1 },
          { at: 5, rate: 1 },
        ]),
      /second 0/,
    ],
    ['a point without a rate', () => timeline([{ at: 0 }, { at: 5, rate: 1 }]), /numeric/],
  ])('refuses %s', (_, make, message) => {
    expect(make).toThrow(message);
  });
});
