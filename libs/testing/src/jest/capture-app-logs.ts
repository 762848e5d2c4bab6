import { Logger } from '@nestjs/common';
import { redirectLogs } from '@surge/observability';
import { keepAppLog } from '../captured-logs';

// Integration specs boot whole apps: their lines go to the test's buffer,
// printed only if the test fails, so a passing run shows only results.
redirectLogs({ write: keepAppLog });
// Nest's own logger, before an app hands it to pino: warnings and errors only.
Logger.overrideLogger(['error', 'warn']);
