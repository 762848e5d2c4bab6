import { FailedBatches } from './failed-batches';

describe('FailedBatches', () => {
  it('keeps the latest few errors, most recent first, and counts every failure', () => {
    const failed = new FailedBatches(2);
    for (const error of ['a', 'b', 'a', 'c', 'c']) failed.add(error, new Date(0));
    expect(failed.snapshot()).toEqual({
      count: 5,
      errors: [
        { error: 'c', count: 2, lastAt: '1970-01-01T00:00:00.000Z' },
        { error: 'a', count: 2, lastAt: '1970-01-01T00:00:00.000Z' },
      ],
    });
  });
});
