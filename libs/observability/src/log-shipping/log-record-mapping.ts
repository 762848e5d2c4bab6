import type { LogRecord } from '@surge/contracts';

const LEVEL_LABELS: Record<number, LogRecord['level']> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A line as pino writes it: numeric level, epoch milliseconds, its own pid and hostname. */
export interface PinoLine {
  level: number;
  time: number;
  pid?: number;
  hostname?: string;
  app?: string;
  msg?: string;
  [field: string]: unknown;
}

/**
 * The record shipped for one pino line. Runs in the shipping worker thread, so
 * the request path pays nothing for it. `instance` is the writer's
 * host:pid[:worker], given by the thread that started the worker (a cluster
 * worker's id is not on the line).
 */
export function toLogRecord(line: PinoLine, instance: string): LogRecord {
  const { level, time, app, msg, ...fields } = line;
  // `instance` says which process wrote it, in one field.
  delete fields.pid;
  delete fields.hostname;
  return {
    ...fields,
    time: new Date(time).toISOString(),
    level: LEVEL_LABELS[level] ?? (level > 60 ? 'fatal' : 'trace'),
    app: app ?? 'unknown',
    instance,
    msg: msg ?? '',
  };
}
