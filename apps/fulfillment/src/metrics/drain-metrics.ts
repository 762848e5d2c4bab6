import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DrainObserver, KafkaBatchTransport } from '@surge/kafka';
import type { DrainThrottle } from '@surge/pacing';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from '../drain/drain.tokens';
import type { WriteSummary } from '../orders/order-writer.service';

/**
 * What ops watch while a backlog drains: outcomes, batch sizes and write
 * latency, lag per partition, and the ceiling beside the rate actually paced
 * to (they differ while adaptive backoff holds the database's load down).
 */
@Injectable()
export class DrainMetrics implements DrainObserver, OnModuleInit {
  private readonly drained: Counter<'outcome'>;
  private readonly sliceSize: Histogram;
  private readonly writeSeconds: Histogram<'ok'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly deadLetters: Counter;

  constructor(
    registry: Registry,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
    @Inject(DRAIN_THROTTLE) throttle: DrainThrottle,
  ) {
    const registers = [registry];
    this.drained = new Counter({
      name: 'surge_drained_orders_total',
      help: 'Orders drained into MySQL, by outcome (redelivered = already stored, nothing changed)',
      labelNames: ['outcome'],
      registers,
    });
    this.sliceSize = new Histogram({
      name: 'surge_drain_batch_size',
      help: 'Orders per MySQL transaction',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
      registers,
    });
    this.writeSeconds = new Histogram({
      name: 'surge_drain_write_seconds',
      help: 'Time to write and commit one batch (transaction, dead letters, offset commit)',
      labelNames: ['ok'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.lag = new Gauge({
      name: 'surge_consumer_lag',
      help: 'Messages behind the last committed offset, per partition this instance holds',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.deadLetters = new Counter({ name: 'surge_dlq_messages_total', help: 'Messages sent to the DLQ', registers });
    const snapshotGauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    snapshotGauge(
      'surge_drain_rate_ceiling',
      'Orders/s ops allow the whole group (0 = unlimited)',
      () => throttle.snapshot().groupCeiling,
    );
    snapshotGauge(
      'surge_drain_rate_instance_ceiling',
      "This instance's share of the ceiling",
      () => throttle.snapshot().instanceCeiling,
    );
    snapshotGauge(
      'surge_drain_rate_effective',
      'Orders/s this instance paces itself to after adaptive backoff',
      () => throttle.snapshot().effectiveRate,
    );
    snapshotGauge(
      'surge_drain_backoff_factor',
      'Adaptive backoff factor (1 = healthy)',
      () => throttle.snapshot().factor,
    );
    snapshotGauge('surge_drain_paused', '1 while ops paused draining', () => (transport.isPaused ? 1 : 0));
  }

  onModuleInit(): void {
    this.transport.observe(this);
  }

  onSlice({ size, latencyMs, ok }: { size: number; latencyMs: number; ok: boolean }): void {
    this.sliceSize.observe(size);
    this.writeSeconds.observe({ ok: String(ok) }, latencyMs / 1000);
  }

  onLag({ topic, partition, lag }: { topic: string; partition: number; lag: number }): void {
    this.lag.set({ topic, partition: String(partition) }, lag);
  }

  onDeadLetters(count: number): void {
    this.deadLetters.inc(count);
  }

  onWritten(summary: WriteSummary): void {
    this.drained.inc({ outcome: 'fulfilled' }, summary.fulfilled);
    this.drained.inc({ outcome: 'rejected' }, summary.rejected);
    this.drained.inc({ outcome: 'redelivered' }, summary.duplicates);
  }
}
