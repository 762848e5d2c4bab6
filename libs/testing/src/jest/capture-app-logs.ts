import { Logger, type LoggerService } from '@nestjs/common';
import { redirectLogs } from '@surge/observability';
import { keepAppLog } from '../captured-logs';

// Integration specs boot whole apps: their lines go to the test's buffer,
// printed only if the test fails, so a passing run shows only results.
redirectLogs({ write: keepAppLog });

// Nest's own logger too: lines written before an app hands it to pino, and by
// code a spec calls outside an app (topic provisioning, the transport).
const toBuffer =
  (level: string) =>
  (message: unknown, ...context: unknown[]) =>
    keepAppLog(`[nest ${level}] ${[message, ...context].map(String).join(' ')}\n`);
const bufferedNestLogger: LoggerService = {
  log: toBuffer('log'),
  error: toBuffer('error'),
  warn: toBuffer('warn'),
  debug: toBuffer('debug'),
  verbose: toBuffer('verbose'),
};
Logger.overrideLogger(bufferedNestLogger);
