import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DrainObserver, ExpiredOrders, KafkaBatchTransport } from '@surge/kafka';
import type { LogDocument } from '@surge/log-store';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LOG_SINK_TRANSPORT } from './log-sink.tokens';

/**
 * What ops watch on the sink: lines stored per app and level (the per-minute
 * error and warning counts are `increase(...[1m])` of it, and the error-burst
 * alert reads them), lines refused, failed bulk writes, lag. Names follow
 * surge_<app>_<thing>_<unit>; `outcome` is ok|failed in every app.
 */
@Injectable()
export class SinkMetrics implements DrainObserver, OnModuleInit {
  private readonly lines: Counter<'app' | 'level'>;
  private readonly duplicates: Counter;
  private readonly refused: Counter;
  private readonly bulkFailures: Counter;
  private readonly bulkSeconds: Histogram<'outcome'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly expired: Counter<'topic' | 'partition'>;
  private readonly indicesDeleted: Counter;
  private readonly retentionFailures: Counter;

  constructor(
    registry: Registry,
    @Inject(LOG_SINK_TRANSPORT) private readonly transport: KafkaBatchTransport,
  ) {
    const registers = [registry];
    this.lines = new Counter({
      name: 'surge_log_sink_lines_total',
      // `app` is the app that wrote the line: prom-client lets a series' own label win over the registry's default `app`.
      help: 'Log lines stored, by the app that wrote them and their level (a redelivered line is not counted again)',
      labelNames: ['app', 'level'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'surge_log_sink_duplicates_total',
      help: 'Redelivered log lines the store already had (same topic, partition and offset)',
      registers,
    });
    this.refused = new Counter({
      name: 'surge_log_sink_refused_total',
      help: 'Log lines sent to the dead-letter topic: no log record, or refused by the store (mapping error)',
      registers,
    });
    this.bulkFailures = new Counter({
      name: 'surge_log_sink_bulk_failures_total',
      help: 'Bulk writes that failed (store down, slow or overloaded) and were retried after a backoff',
      registers,
    });
    this.bulkSeconds = new Histogram({
      name: 'surge_log_sink_bulk_seconds',
      help: 'Time to write one batch (bulk write, dead letters, offset commit), by outcome',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.lag = new Gauge({
      name: 'surge_log_sink_lag_lines',
      help: 'Log lines behind the last committed offset, per partition this instance holds',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.expired = new Counter({
      name: 'surge_log_sink_lines_expired_total',
      help: "Log lines Kafka's retention deleted before the sink read them",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.indicesDeleted = new Counter({
      name: 'surge_log_sink_indices_deleted_total',
      help: 'Daily indices deleted by the retention (LOG_RETENTION_DAYS)',
      registers,
    });
    this.retentionFailures = new Counter({
      name: 'surge_log_sink_retention_failures_total',
      help: 'Retention runs that could not list or delete indices (tried again at the next interval)',
      registers,
    });
  }

  onModuleInit(): void {
    this.transport.observe(this);
  }

  /** After a bulk write: the new lines by app and level, and the redelivered ones. */
  stored(created: LogDocument[], duplicates: number): void {
    for (const { app, level } of created) this.lines.inc({ app, level });
    if (duplicates > 0) this.duplicates.inc(duplicates);
  }

  retentionRan(deleted: number, ok: boolean): void {
    if (deleted > 0) this.indicesDeleted.inc(deleted);
    if (!ok) this.retentionFailures.inc();
  }

  onBatch({ latencyMs, ok }: { latencyMs: number; ok: boolean }): void {
    this.bulkSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, latencyMs / 1000);
    if (!ok) this.bulkFailures.inc();
  }

  onLag({ topic, partition, lag }: { topic: string; partition: number; lag: number }): void {
    this.lag.set({ topic, partition: String(partition) }, lag);
  }

  onDeadLetters(count: number): void {
    this.refused.inc(count);
  }

  onExpired({ topic, partition, count }: ExpiredOrders): void {
    this.expired.inc({ topic, partition: String(partition) }, count);
  }
}
