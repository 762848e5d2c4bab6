import { seededRandom } from './random';
import { Zipf } from './zipf';

describe('Zipf', () => {
  it('weights rank k as 1/(k+1)^s', () => {
    const zipf = new Zipf(10, 1);
    const harmonic = Array.from({ length: 10 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
    expect(zipf.probability(0)).toBeCloseTo(1 / harmonic, 10);
    expect(zipf.probability(0) / zipf.probability(1)).toBeCloseTo(2, 10);
    expect(Array.from({ length: 10 }, (_, k) => zipf.probability(k)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('samples match the weights: a few hot ranks take most picks', () => {
    const zipf = new Zipf(20, 1.1);
    const random = seededRandom(42);
    const counts = new Array<number>(20).fill(0);
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[zipf.sample(random)]++;
    for (let k = 0; k < 20; k++) expect(Math.abs(counts[k] / n - zipf.probability(k))).toBeLessThan(0.005);
    const top3 = (counts[0] + counts[1] + counts[2]) / n;
    expect(top3).toBeGreaterThan(0.5);
  });

  it('exponent 0 is uniform, and every sample is a valid rank', () => {
    const zipf = new Zipf(4, 0);
    const random = seededRandom(7);
    for (let k = 0; k < 4; k++) expect(zipf.probability(k)).toBeCloseTo(0.25, 10);
    for (let i = 0; i < 10_000; i++) expect([0, 1, 2, 3]).toContain(zipf.sample(random));
  });

  it('the seeded generator replays', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
