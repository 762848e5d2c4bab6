import { retryAfterMs } from './retry-after';

const now = Date.parse('2026-11-26T10:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['seconds', '3', 3000],
    ['zero seconds', '0', 0],
    ['an HTTP date', 'Thu, 26 Nov 2026 10:00:05 GMT', 5000],
    ['a date in the past', 'Thu, 26 Nov 2026 09:00:00 GMT', 0],
    ['more than the ceiling', '86400', 30_000],
  ])('reads %s', (_, header, ms) => {
    expect(retryAfterMs(header, 30_000, now)).toBe(ms);
  });

  it.each([null, '', 'soon', '-1', '1.5'])('ignores %p', (header) => {
    expect(retryAfterMs(header, 30_000, now)).toBeUndefined();
  });
});
