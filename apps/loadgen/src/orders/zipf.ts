import type { Random } from './random';

/**
 * Zipf-like popularity over ranks 0..n-1: rank k is picked with weight
 * 1/(k+1)^exponent, so a few hot SKUs take most of the orders, as in a promotion.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(
    readonly size: number,
    readonly exponent: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('Zipf needs at least one rank');
    if (!(exponent >= 0)) throw new RangeError('the Zipf exponent must be 0 or more');
    this.cumulative = new Float64Array(size);
    let sum = 0;
    for (let k = 0; k < size; k++) this.cumulative[k] = sum += 1 / Math.pow(k + 1, exponent);
    for (let k = 0; k < size; k++) this.cumulative[k] /= sum;
  }

  /** Share of picks rank k should get. */
  probability(k: number): number {
    return this.cumulative[k] - (k === 0 ? 0 : this.cumulative[k - 1]);
  }

  sample(random: Random): number {
    const u = random();
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
