import { Logger } from '@nestjs/common';
import type { LogStore } from '@surge/log-store';

/** What one retention run did. */
export interface RetentionRun {
  deleted: string[];
  /** Set when the store could not be listed or an index not deleted; the next run tries again. */
  error?: string;
}

/**
 * Deletes the store's daily indices every line of which is older than the
 * retention, once at start and then every interval. The clock is injected so a
 * spec can stand on any day. Each run is awaited before the next is planned,
 * and stop() waits for the one in hand: nothing runs after shutdown.
 */
export class LogRetention {
  private readonly logger: Pick<Logger, 'log' | 'warn'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: LogStore,
    private readonly options: {
      retentionDays: number;
      intervalMs: number;
      now?: () => Date;
      onRun?: (run: RetentionRun) => void;
      /** The Nest logger unless given (specs keep the lines). */
      logger?: Pick<Logger, 'log' | 'warn'>;
    },
  ) {
    this.logger = options.logger ?? new Logger(LogRetention.name);
  }

  async runOnce(): Promise<RetentionRun> {
    const now = (this.options.now ?? (() => new Date()))();
    let run: RetentionRun;
    try {
      const deleted = await this.store.deleteExpired(now, this.options.retentionDays);
      if (deleted.length > 0) {
        this.logger.log(
          `deleted ${deleted.length} log indices older than ${this.options.retentionDays} days: ${deleted.join(', ')}`,
        );
      }
      run = { deleted };
    } catch (error) {
      run = { deleted: [], error: (error as Error).message };
      this.logger.warn(`log retention failed, trying again in ${this.options.intervalMs} ms: ${run.error}`);
    }
    this.options.onRun?.(run);
    return run;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    // The retention alone never keeps the process alive.
    this.timer.unref();
  }
}
