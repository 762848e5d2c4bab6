/**
 * Lets `ms` pass on jest's fake clock, for a simulated write that takes time
 * while the spec advances the clock (jest.advanceTimersByTimeAsync). It refuses
 * to run on the real clock, so it can never become a sleep. libs/pacing may
 * depend on no other project (its boundary tag), hence this copy of
 * @surge/testing's elapseFakeTime.
 */
export function elapseFakeTime(ms: number): Promise<void> {
  if (!('clock' in setTimeout)) throw new Error('elapseFakeTime needs jest.useFakeTimers()');
  return new Promise<void>((done) => setTimeout(done, ms));
}
