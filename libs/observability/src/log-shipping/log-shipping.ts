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
/**
 * Lines are gathered here and handed to the worker together, at most this
 * long after the first of them: one hand-off per line woke the worker
 * thousands of times a second, and the waking (a futex call on each side)
 * cost intake more CPU per order than the shipping itself.
 */
const HAND_OFF_MS = 50;
/** A burst hands off sooner, so what waits here stays small. */
const HAND_OFF_MAX_LINES = 1000;
/**
 * Text handed to the worker after it said its buffer was full, before lines
 * are dropped. thread-stream says so each time its 4 MiB buffer is used up and
 * waits for the worker to read it all before starting over, a moment in which
 * a healthy worker is behind for a few lines; only a worker that stays behind
 * should cost lines.
 */
const BEHIND_MAX_CHARS = 4 * 1024 * 1024;

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
  /** Text handed to the worker since it last said its buffer was full; 0 while it is not. */
  private handedWhileFull = 0;
  private full = false;
  /** Lines not yet handed to the worker. */
  private pending: string[] = [];
  private handOffTimer: NodeJS.Timeout | null = null;
  private droppedAtLastWarning = 0;
  private lastWarningAt = 0;
  /** What pino writes to: lines gathered for the worker, unless it stayed behind or is gone. */
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
    this.thread.on('drain', () => {
      this.full = false;
      this.handedWhileFull = 0;
    });
    // A worker that failed stops shipping; the app and its stdout go on.
    this.thread.on('error', (error: Error) => {
      this.open = false;
      this.drop(this.pending.length);
      this.pending = [];
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
    this.handOff();
    this.open = false;
    const closed = once(this.thread, 'close');
    this.thread.end();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    await Promise.race([closed.then(() => undefined), deadline]);
  }

  private write(line: string): void {
    if (!this.open) {
      this.drop(1);
      return;
    }
    this.pending.push(line);
    if (this.pending.length >= HAND_OFF_MAX_LINES) this.handOff();
    else this.handOffTimer ??= setTimeout(() => this.handOff(), HAND_OFF_MS).unref();
  }

  private handOff(): void {
    if (this.handOffTimer) clearTimeout(this.handOffTimer);
    this.handOffTimer = null;
    if (this.pending.length === 0 || !this.open) return;
    const lines = this.pending;
    this.pending = [];
    if (this.full && this.handedWhileFull >= BEHIND_MAX_CHARS) {
      this.drop(lines.length);
      return;
    }
    const text = lines.join('');
    // false: the worker's buffer is full; thread-stream holds the text until the worker catches up.
    if (!this.thread.write(text)) this.full = true;
    if (this.full) this.handedWhileFull += text.length;
  }

  private drop(lines: number): void {
    this.droppedHere += lines;
    this.dropped.inc({ reason: 'behind' }, lines);
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

/**
 * A worker thread loading TypeScript needs the same SWC hook and path aliases
 * as the main thread; a profiled app (--cpu-prof) profiles this thread too.
 */
function workerLoader(): { execArgv?: string[] } {
  if (!workerEntry().endsWith('.ts')) return {};
  const profiling = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
  return { execArgv: [...profiling, '-r', path.join(__dirname, '../../../../scripts/register.js')] };
}
