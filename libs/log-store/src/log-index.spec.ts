import { expiredLogIndices, LOG_INDEX_PREFIX_PATTERN, logIndexDay, logIndexName } from './log-index';

describe('logIndexName', () => {
  it("names the UTC day of the line's time", () => {
    expect(logIndexName('surge-logs', new Date('2026-11-27T23:59:59.999Z'))).toBe('surge-logs-2026.11.27');
    expect(logIndexName('surge-logs', new Date('2026-11-28T00:00:00.000+01:00'))).toBe('surge-logs-2026.11.27');
    expect(logIndexName('t', new Date('2026-01-05T00:00:00.000Z'))).toBe('t-2026.01.05');
  });
});

describe('logIndexDay', () => {
  it('reads the day back from a daily index of the prefix', () => {
    expect(logIndexDay('surge-logs', 'surge-logs-2026.11.27')).toEqual(new Date('2026-11-27T00:00:00.000Z'));
  });

  it('ignores indices of another prefix, other suffixes and impossible dates', () => {
    expect(logIndexDay('surge-logs', 'surge-logs-test-2026.11.27')).toBeNull();
    expect(logIndexDay('surge-logs', 'other-2026.11.27')).toBeNull();
    expect(logIndexDay('surge-logs', 'surge-logs-2026.11.27-restored')).toBeNull();
    expect(logIndexDay('surge-logs', 'surge-logs-2026.02.31')).toBeNull();
  });
});

describe('expiredLogIndices', () => {
  const indices = ['surge-logs-2026.11.23', 'surge-logs-2026.11.24', 'surge-logs-2026.11.26', 'surge-logs-2026.11.27'];

  it('chooses the days whose end is older than the retention, never a younger line', () => {
    // 3 days before 2026-11-27T04:00Z is 2026-11-24T04:00Z: the 23rd ended before it, the 24th did not.
    expect(expiredLogIndices('surge-logs', indices, new Date('2026-11-27T04:00:00Z'), 3)).toEqual([
      'surge-logs-2026.11.23',
    ]);
    expect(expiredLogIndices('surge-logs', indices, new Date('2026-11-28T00:00:00Z'), 3)).toEqual([
      'surge-logs-2026.11.23',
      'surge-logs-2026.11.24',
    ]);
  });

  it('keeps everything inside the retention and touches no other index', () => {
    expect(expiredLogIndices('surge-logs', indices, new Date('2026-11-27T04:00:00Z'), 30)).toEqual([]);
    expect(
      expiredLogIndices('surge-logs', ['surge-logs-keep', 'orders-2020.01.01'], new Date('2026-11-27T00:00:00Z'), 1),
    ).toEqual([]);
  });
});

describe('LOG_INDEX_PREFIX_PATTERN', () => {
  it('takes lowercase names and refuses wildcards, lists and capitals', () => {
    expect(LOG_INDEX_PREFIX_PATTERN.test('surge-logs')).toBe(true);
    for (const bad of ['Surge', 'logs-*', 'a,b', '-logs', '']) expect(LOG_INDEX_PREFIX_PATTERN.test(bad)).toBe(false);
  });
});
