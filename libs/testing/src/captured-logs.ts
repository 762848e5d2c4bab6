/**
 * The log lines of the apps a spec runs, in-process or as child processes.
 * Under the integration specs' test environment (jest/app-logs-environment.ts)
 * they are kept for the running test and printed only if it fails; anywhere
 * else (benches, drills) there is no buffer and nothing is kept here.
 */
export interface LogBuffer {
  text: string;
}

/** The name of the global the test environment puts the buffer under. */
export const LOG_BUFFER_GLOBAL = '__surgeAppLogs';

/** Enough for the lines that explain a failure, not a whole run's logs. */
const MAX_CHARS = 256 * 1024;

export function keepAppLog(text: string): void {
  const buffer = (globalThis as unknown as Record<string, LogBuffer | undefined>)[LOG_BUFFER_GLOBAL];
  if (buffer) buffer.text = `${buffer.text}${text}`.slice(-MAX_CHARS);
}
