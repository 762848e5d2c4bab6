import { IdempotencyWindow } from './idempotency-window';

describe('IdempotencyWindow', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('binds a key to the first fingerprint: the same again is a retry, another one a conflict', () => {
    const window = new IdempotencyWindow({ ms: 60_000, keys: 10 }, clock);
    expect(window.bind('k1', 'A')).toBe('new');
    expect(window.bind('k1', 'A')).toBe('same');
    expect(window.bind('k1', 'B')).toBe('conflict');
    expect(window.bind('k1', 'A')).toBe('same');
    expect(window.bind('k2', 'B')).toBe('new');
  });

  it('forgets a key once its window has passed', () => {
    const window = new IdempotencyWindow({ ms: 60_000, keys: 10 }, clock);
    window.bind('k1', 'A');
    now += 59_999;
    expect(window.bind('k1', 'B')).toBe('conflict');
    now += 1;
    expect(window.bind('k1', 'B')).toBe('new');
    expect(window.bind('k1', 'A')).toBe('conflict');
  });

  it('holds at most `keys` keys, forgetting the oldest first', () => {
    const window = new IdempotencyWindow({ ms: 60_000, keys: 3 }, clock);
    for (const key of ['k1', 'k2', 'k3', 'k4']) window.bind(key, 'A');
    expect(window.size).toBe(3);
    expect(window.bind('k1', 'B')).toBe('new');
    expect(window.bind('k3', 'B')).toBe('conflict');
    expect(window.size).toBe(3);
  });

  it('drops expired keys as new ones arrive, so an idle window does not keep them', () => {
    const window = new IdempotencyWindow({ ms: 1_000, keys: 100 }, clock);
    for (let i = 0; i < 50; i++) window.bind(`k${i}`, 'A');
    now += 1_000;
    window.bind('fresh', 'A');
    expect(window.size).toBe(1);
  });
});
