import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pino, { type DestinationStream } from 'pino';
import { Counter, type Registry } from 'prom-client';
import {
  SHIPPING_REPORT_EVENT,
  type LogShippingReport,
  type LogShippingSettings,
  type LogShippingWorkerOptions,
} from './log-shipping-settings';

/** How often the worker reports its counts; /metrics is at most this stale. */
const REPORT_INTERVAL_MS = 1000;
/** At most one warning about dropped lines per this long, so a dead broker does not flood stdout. */
const WARN_INTERVAL_MS = 30_000;
/** How long shutdown waits for the worker to send what it holds. */
const CLOSE_TIMEOUT_MS = 5000;

export interface LogShippingOptions {
  app: string;
  /** `surge_<app>`: the prefix of the app's metrics. */
  metricPrefix: string;
  /** Intake's cluster worker id, appended to host:pid. */
  workerId?: number;
  settings: LogShippingSettings;
  registry: Registry;
  /** Where the periodic warning about dropped lines goes (stdout, through the app's logger). */
  warn: (message: string) => void;
}

/**
 * The main thread's side of log shipping: starts the worker thread (pino's
 * transport), writes each line to it without ever waiting, and turns the
 * worker's reports into the app's metrics and a periodic warning.
 */
export class LogShipping {
  private readonly thread: ReturnType<typeof pino.transport>;
  private readonly shipped: Counter;
  private readonly dropped: Counter<'reason'>;
  private readonly lastReport: LogShippingReport = { shipped: 0, queueFull: 0, refused: 0 };
  /** Lines dropped here because the worker had not caught up (its buffer full) or had stopped. */
  private droppedHere = 0;
  private open = true;
  private full = false;
  private droppedAtLastWarning = 0;
  private lastWarningAt = 0;
  /** What pino writes to: the worker's stream, unless it is full or gone. */
  readonly stream: DestinationStream = { write: (line: string) => this.write(line) };

  constructor(private readonly options: LogShippingOptions) {
    const { app, metricPrefix, registry, settings, workerId } = options;
    this.shipped = new Counter({
      name: `${metricPrefix}_log_lines_shipped_total`,
      help: 'Log lines handed to Kafka (LOG_SHIPPING)',
      registers: [registry],
    });
    this.dropped = new Counter({
      name: `${metricPrefix}_log_lines_dropped_total`,
      help:
        'Log lines given up on (stdout has them all), by reason: queue_full (Kafka slow or away), ' +
        'refused (Kafka refused or missed their batch), behind (the shipping thread fell behind or stopped)',
      labelNames: ['reason'],
      registers: [registry],
    });
    const workerOptions: LogShippingWorkerOptions = {
      ...settings,
      app,
      instance: [hostname(), process.pid, ...(workerId === undefined ? [] : [workerId])].join(':'),
      reportIntervalMs: REPORT_INTERVAL_MS,
    };
    // As one of `targets` (of one), pino's own worker loads the module, with require for a .ts file.
    this.thread = pino.transport({
      targets: [{ target: workerEntry(), options: workerOptions }],
      worker: workerLoader(),
    });
    this.thread.on(SHIPPING_REPORT_EVENT, (report: LogShippingReport) => this.onReport(report));
    this.thread.on('drain', () => (this.full = false));
    // A worker that failed stops shipping; the app and its stdout go on.
    this.thread.on('error', (error: Error) => {
      this.open = false;
      options.warn(`log shipping stopped: ${error.message}`);
    });
  }

  /** Nest's hook: the app is closing. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Sends what the worker holds (within a deadline), then stops it. */
  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const closed = once(this.thread, 'close');
    this.thread.end();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    await Promise.race([closed.then(() => undefined), deadline]);
  }

  private write(line: string): void {
    if (!this.open || this.full) {
      this.droppedHere++;
      this.dropped.inc({ reason: 'behind' });
      return;
    }
    // false: the worker's buffer is full (it fell behind); drop until it drains rather than queue here.
    this.full = !this.thread.write(line);
  }

  private onReport(report: LogShippingReport): void {
    this.shipped.inc(report.shipped - this.lastReport.shipped);
    this.dropped.inc({ reason: 'queue_full' }, report.queueFull - this.lastReport.queueFull);
    this.dropped.inc({ reason: 'refused' }, report.refused - this.lastReport.refused);
    Object.assign(this.lastReport, report);
    const total = report.queueFull + report.refused + this.droppedHere;
    const now = Date.now();
    if (total > this.droppedAtLastWarning && now - this.lastWarningAt >= WARN_INTERVAL_MS) {
      this.options.warn(
        `log shipping dropped ${total - this.droppedAtLastWarning} lines to ${this.options.settings.topic}` +
          ` (${report.lastError ?? 'queue full'}); stdout still has every line`,
      );
      this.droppedAtLastWarning = total;
      this.lastWarningAt = now;
    }
  }
}

/**
 * The worker's module: built beside the app's main.js (an additional webpack
 * entry), or this folder's TypeScript source on the development path and in
 * specs.
 */
function workerEntry(): string {
  const built = path.join(__dirname, 'log-shipping-worker.js');
  return existsSync(built) ? built : path.join(__dirname, 'log-shipping.worker.ts');
}

/** A worker thread loading TypeScript needs the same SWC hook and path aliases as the main thread. */
function workerLoader(): { execArgv?: string[] } {
  if (!workerEntry().endsWith('.ts')) return {};
  return { execArgv: ['-r', path.join(__dirname, '../../../../scripts/register.js')] };
}
