import { randomFillSync } from 'node:crypto';

// One randomFillSync per order cost ~3% of intake's CPU under load (profiled);
// drawing a few bytes at a time from a refilled pool is what uuid and Node's
// own randomUUID do. Order ids and trace ids draw from it.
const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let poolOffset = POOL_BYTES;

/** `count` random bytes (at most a few dozen), a view into the pool: copy or encode them before the next call. */
export function randomBytesFromPool(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  poolOffset += count;
  return pool.subarray(poolOffset - count, poolOffset);
}
