import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first value that is not false or undefined', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls >= 3 ? calls : false), { intervalMs: 1 });
    expect(value).toBe(3);
  });

  it('fails after the timeout with the description and the last error', async () => {
    const failing = waitFor(
      'a broker that never answers',
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 20, intervalMs: 5 },
    );
    await expect(failing).rejects.toThrow(
      /timed out after 20 ms waiting for a broker that never answers; last error: connection refused/,
    );
  });
});
