import { isRetriable, retryRetriable } from './retriable';

const retriable = Object.assign(new Error('not the correct coordinator'), { retriable: true });
const wrapped = Object.assign(new Error('gave up'), { retriable: false, cause: retriable });
const fatal = Object.assign(new Error('topic authorization failed'), { retriable: false });

describe('retryRetriable', () => {
  it('tells a retriable error, also one kafkajs wrapped after giving up', () => {
    expect(isRetriable(retriable)).toBe(true);
    expect(isRetriable(wrapped)).toBe(true);
    expect(isRetriable(fatal)).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
  });

  it('rides out retriable errors until the attempt succeeds', async () => {
    const failures = [retriable, wrapped];
    const attempt = jest.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return 'read';
    });
    await expect(retryRetriable(attempt, { pauseMs: 1 })).resolves.toBe('read');
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it('throws a non-retriable error at once', async () => {
    const attempt = jest.fn(async () => Promise.reject(fatal));
    await expect(retryRetriable(attempt, { pauseMs: 1 })).rejects.toBe(fatal);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last try with the last error', async () => {
    const attempt = jest.fn(async () => Promise.reject(retriable));
    await expect(retryRetriable(attempt, { tries: 3, pauseMs: 1 })).rejects.toBe(retriable);
    expect(attempt).toHaveBeenCalledTimes(3);
  });
});
