import { Logger as NestLogger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import { LogShipping } from './log-shipping/log-shipping';
import type { LogShippingSettings } from './log-shipping/log-shipping-settings';

/** pino's levels, for config validation: a typo in LOG_LEVEL stops the boot. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggingOptions {
  /** Name put on every line, so lines of both apps can share one stream. */
  app: string;
  level: LogLevel;
  /** `surge_<app>`: the prefix of the app's metrics (log shipping counts its lines under it). */
  metricPrefix: string;
  /** Ship every line to Kafka too (LOG_SHIPPING); undefined writes to stdout alone. */
  shipping?: LogShippingSettings;
  /** Intake's cluster worker id: shipped lines name their instance host:pid:worker. */
  workerId?: number;
}

/** Where the apps of this process write their lines; stdout unless redirected. */
let destination: DestinationStream | undefined;

/**
 * Sends the lines of every app built in this process from now on to `stream`
 * instead of stdout. The integration specs keep them there and print them only
 * for a spec that fails, so a passing run stays quiet.
 */
export function redirectLogs(stream: DestinationStream): void {
  destination = stream;
}

/** Probes and scrapes arrive every few seconds and say nothing about orders. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * JSON logs through pino for the whole app. The line per request is logged at
 * debug: at info, a flash sale of 10k orders/s would write 10k lines/s and the
 * logging would cost more than the orders. 5xx answers are logged at error,
 * except 503: that is deliberate backpressure, counted in /metrics, and a line
 * per shed request would make overload worse.
 */
export function loggerModule({ app, level, metricPrefix, shipping, workerId }: LoggingOptions): DynamicModule {
  const perRequest = level === 'debug' || level === 'trace';
  const pinoOptions = {
    level,
    base: { app },
    redact: { paths: ['req.headers.authorization'], censor: '[redacted]' },
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      requestLogLevel(res.statusCode, error),
  };
  const perRoute = {
    // Below debug there is no request line to write, so the pino-http middleware
    // is not mounted at all: with it, every request paid for a child logger, the
    // redaction of its bindings and an AsyncLocalStorage context (which on Node
    // 20 turns on promise hooks for every promise): ~10% of intake's CPU at
    // 2,000 orders/s, profiled. Lines then carry no request id.
    forRoutes: perRequest ? undefined : [],
  };
  if (!shipping)
    return LoggerModule.forRoot({ ...perRoute, pinoHttp: destination ? [pinoOptions, destination] : pinoOptions });
  return LoggerModule.forRootAsync({
    providers: [
      {
        provide: LogShipping,
        inject: [Registry],
        useFactory: (registry: Registry) => {
          const logger = new NestLogger(LogShipping.name);
          return new LogShipping({
            app,
            metricPrefix,
            workerId,
            settings: shipping,
            registry,
            warn: (message: string) => logger.warn(message),
          });
        },
      },
    ],
    inject: [LogShipping],
    // One serialization per line, written to stdout (as without shipping) and to the shipping worker.
    useFactory: (shipper: LogShipping) => ({
      ...perRoute,
      pinoHttp: [
        pinoOptions,
        pino.multistream([
          { stream: destination ?? pino.destination(1), level },
          { stream: shipper.stream, level },
        ]),
      ],
    }),
  });
}

export function requestLogLevel(statusCode: number, error?: Error): 'debug' | 'error' {
  return error || (statusCode >= 500 && statusCode !== 503) ? 'error' : 'debug';
}

/**
 * Routes Nest's own logging (and every `new Logger(...)`) through pino. Create
 * the app with `{ bufferLogs: true }` so the boot lines logged before this call
 * come out as JSON too.
 */
export function usePinoLogger(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
}
