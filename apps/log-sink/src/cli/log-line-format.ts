import type { LogDocument } from '@surge/log-store';

/** A span of time as a person reads it: milliseconds under a second, then seconds, then minutes. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(3)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${((ms % 60_000) / 1000).toFixed(0)} s`;
}

/** What went wrong on a warning or error line: its message and, when it has one, the error's. */
export function problem(line: LogDocument): string {
  const error = line.err ? `: ${line.err.type ? `${line.err.type}: ` : ''}${line.err.message}` : '';
  return `${line.msg}${error}`;
}

/** One line of `npm run logs`: time, level, app, message, then the order and trace it belongs to. */
export function formatLogLine(line: LogDocument): string {
  const ids = [line.orderId && `order=${line.orderId}`, line.traceId && `trace=${line.traceId}`].filter(Boolean);
  return [line.time, line.level.toUpperCase().padEnd(5), line.app.padEnd(12), problem(line), ...ids].join('  ');
}
