import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 5000 };

  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(400);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
  });

  it('never exceeds the maximum, however many attempts', () => {
    expect(backoffDelay(1000, options, () => 1)).toBe(5000);
  });
});
