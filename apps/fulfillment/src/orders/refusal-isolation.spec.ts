import { isolateRefusals } from './refusal-isolation';

class Refused extends Error {}

/**
 * A fake writer: refuses any batch holding a bad item, fails transiently when
 * told to, and records every batch it stored and every call.
 */
function fakeWriter(bad: Set<number>, transientOn: (items: number[]) => boolean = () => false) {
  const stored: number[][] = [];
  const calls: number[][] = [];
  const write = async (items: number[]): Promise<number> => {
    calls.push(items);
    if (transientOn(items)) throw new Error('connection lost');
    if (items.some((i) => bad.has(i))) throw new Refused(`refused ${items.filter((i) => bad.has(i)).join(',')}`);
    stored.push(items);
    return items.length;
  };
  return { write, stored, calls };
}

const refuses = (error: unknown) => error instanceof Refused;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('isolateRefusals', () => {
  it('writes a clean batch once', async () => {
    const writer = fakeWriter(new Set());
    const result = await isolateRefusals(range(10), writer.write, refuses);
    expect(result).toEqual({ written: [10], refused: [] });
    expect(writer.calls).toEqual([range(10)]);
  });

  it('isolates the one refused item and stores every other, in order', async () => {
    const writer = fakeWriter(new Set([6]));
    const result = await isolateRefusals(range(10), writer.write, refuses);
    expect(result.refused.map((r) => r.item)).toEqual([6]);
    expect(result.refused[0].error).toEqual(new Refused('refused 6'));
    expect(writer.stored.flat()).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9]);
    expect(result.written.reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('isolates several refused items, including neighbours and both ends', async () => {
    const bad = new Set([0, 7, 8, 63]);
    const writer = fakeWriter(bad);
    const result = await isolateRefusals(range(64), writer.write, refuses);
    expect(result.refused.map((r) => r.item)).toEqual([0, 7, 8, 63]);
    expect(writer.stored.flat()).toEqual(range(64).filter((i) => !bad.has(i)));
    // Bisection, not one write per item: well under 64 writes for 4 culprits.
    expect(writer.calls.length).toBeLessThan(50);
  });

  it('gives up a batch that is all refused item by item', async () => {
    const writer = fakeWriter(new Set(range(4)));
    const result = await isolateRefusals(range(4), writer.write, refuses);
    expect(result.refused.map((r) => r.item)).toEqual(range(4));
    expect(writer.stored).toEqual([]);
  });

  it('tries a refused single item once more before giving it up', async () => {
    let clashes = 1;
    const calls: number[][] = [];
    const write = async (items: number[]) => {
      calls.push(items);
      if (items.includes(2) && clashes-- > 0) throw new Refused('duplicate entry');
      return items.length;
    };
    const result = await isolateRefusals([2], write, refuses);
    expect(result).toEqual({ written: [1], refused: [] });
    expect(calls).toEqual([[2], [2]]);
  });

  it('propagates a transient error at once, whole batch or half', async () => {
    const whole = fakeWriter(new Set([3]), () => true);
    await expect(isolateRefusals(range(8), whole.write, refuses)).rejects.toThrow('connection lost');
    expect(whole.calls).toEqual([range(8)]);

    // The first half was stored before the second failed: the caller retries the
    // whole batch and the (idempotent) writer skips what is stored.
    const half = fakeWriter(new Set([1]), (items) => items.includes(6) && !items.includes(1));
    await expect(isolateRefusals(range(8), half.write, refuses)).rejects.toThrow('connection lost');
    expect(half.stored.flat()).toEqual([0, 2, 3]);
  });
});
