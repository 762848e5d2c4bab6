import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DrainObserver, ExpiredOrders, KafkaBatchTransport } from '@surge/kafka';
import type { DrainThrottle } from '@surge/pacing';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from '../drain/drain.tokens';
import type { WriteSummary } from '../orders/order-writer.service';

/**
 * What ops watch while a backlog drains: outcomes, batch sizes and write
 * latency, lag per partition, and the ceiling beside the rate actually paced
 * to (they differ while adaptive backoff holds the database's load down).
 * Names follow surge_<app>_<thing>_<unit>; `outcome` is ok|failed in every app.
 */
@Injectable()
export class DrainMetrics implements DrainObserver, OnModuleInit {
  private readonly drained: Counter<'status'>;
  private readonly batchOrders: Histogram;
  private readonly writeSeconds: Histogram<'outcome'>;
  private readonly lag: Gauge<'topic' | 'partition'>;
  private readonly deadLetters: Counter;
  private readonly idempotencyConflicts: Counter;
  private readonly expired: Counter<'topic' | 'partition'>;

  constructor(
    registry: Registry,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
    @Inject(DRAIN_THROTTLE) throttle: DrainThrottle,
  ) {
    const registers = [registry];
    this.drained = new Counter({
      name: 'surge_fulfillment_orders_drained_total',
      help: 'Orders stored in MySQL, by the status they were stored with (a redelivered order is not counted again)',
      labelNames: ['status'],
      registers,
    });
    this.batchOrders = new Histogram({
      name: 'surge_fulfillment_batch_orders',
      help: 'Orders per batch, the unit written in one MySQL transaction (DRAIN_BATCH_SIZE at most)',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
      registers,
    });
    this.writeSeconds = new Histogram({
      name: 'surge_fulfillment_write_seconds',
      help: 'Time to write and commit one batch (transaction, dead letters, offset commit), by outcome',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.lag = new Gauge({
      name: 'surge_fulfillment_lag_orders',
      help: 'Orders behind the last committed offset, per partition this instance holds',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'surge_fulfillment_dead_letters_total',
      help: 'Messages sent to the dead-letter topic',
      registers,
    });
    this.idempotencyConflicts = new Counter({
      name: 'surge_fulfillment_idempotency_conflicts_total',
      help: 'Orders that reused a stored order Idempotency-Key with another body (kept in idempotency_conflicts)',
      registers,
    });
    this.expired = new Counter({
      name: 'surge_fulfillment_orders_expired_total',
      help: "Orders Kafka's retention deleted before the group read them (lost to the drain)",
      labelNames: ['topic', 'partition'],
      registers,
    });
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
      'surge_fulfillment_rate_ceiling_orders_per_second',
      'Orders/s ops allow the whole group (0 = unlimited)',
      () => throttle.snapshot().groupCeiling,
    );
    snapshotGauge(
      'surge_fulfillment_rate_instance_ceiling_orders_per_second',
      "This instance's share of the group's ceiling",
      () => throttle.snapshot().instanceCeiling,
    );
    snapshotGauge(
      'surge_fulfillment_rate_effective_orders_per_second',
      'Orders/s this instance paces itself to after adaptive backoff',
      () => throttle.snapshot().effectiveRate,
    );
    snapshotGauge(
      'surge_fulfillment_backoff_factor_ratio',
      'Adaptive backoff factor (1 = healthy, lower = database struggling)',
      () => throttle.snapshot().factor,
    );
    // Partitions that were held stay at 0 after they resume, so a graph shows the episode end.
    const everBlocked = new Set<string>();
    new Gauge({
      name: 'surge_fulfillment_dead_letter_blocked',
      help: '1 while a partition is held because its dead letters cannot be written to the DLQ',
      labelNames: ['topic', 'partition'],
      registers,
      collect() {
        this.reset();
        for (const key of everBlocked) {
          const [topic, partition] = JSON.parse(key) as [string, string];
          this.set({ topic, partition }, 0);
        }
        for (const { topic, partition } of transport.deadLetterBlocks()) {
          everBlocked.add(JSON.stringify([topic, String(partition)]));
          this.set({ topic, partition: String(partition) }, 1);
        }
      },
    });
    snapshotGauge('surge_fulfillment_paused', '1 while ops paused draining', () => (transport.isPaused ? 1 : 0));
  }

  onModuleInit(): void {
    this.transport.observe(this);
  }

  onBatch({ size, latencyMs, ok }: { size: number; latencyMs: number; ok: boolean }): void {
    this.batchOrders.observe(size);
    this.writeSeconds.observe({ outcome: ok ? 'ok' : 'failed' }, latencyMs / 1000);
  }

  onLag({ topic, partition, lag }: { topic: string; partition: number; lag: number }): void {
    this.lag.set({ topic, partition: String(partition) }, lag);
  }

  onDeadLetters(count: number): void {
    this.deadLetters.inc(count);
  }

  onExpired({ topic, partition, count }: ExpiredOrders): void {
    this.expired.inc({ topic, partition: String(partition) }, count);
  }

  onWritten(summary: WriteSummary): void {
    this.drained.inc({ status: 'fulfilled' }, summary.fulfilled);
    this.drained.inc({ status: 'rejected' }, summary.rejected);
    this.idempotencyConflicts.inc(summary.conflicts.length);
  }
}
