import { requestLogLevel } from './logger';

describe('requestLogLevel', () => {
  it.each([200, 202, 400, 404, 413, 415, 429, 503])('logs a %d answer at debug only', (status) => {
    expect(requestLogLevel(status)).toBe('debug');
  });

  it.each([500, 502, 504])('logs a %d answer at error', (status) => {
    expect(requestLogLevel(status)).toBe('error');
  });

  it('logs a request that failed with an error at error', () => {
    expect(requestLogLevel(200, new Error('socket hang up'))).toBe('error');
  });
});
