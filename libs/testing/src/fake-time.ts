/**
 * Lets `ms` pass on jest's fake clock, for a simulated write that takes time
 * while the spec advances the clock (jest.advanceTimersByTimeAsync). It refuses
 * to run on the real clock, so it can never become a sleep. (libs/pacing keeps
 * a copy in its test-support: its boundary tag lets it depend on no project.)
 */
export function elapseFakeTime(ms: number): Promise<void> {
  if (!('clock' in setTimeout)) throw new Error('elapseFakeTime needs jest.useFakeTimers()');
  return new Promise<void>((done) => setTimeout(done, ms));
}
