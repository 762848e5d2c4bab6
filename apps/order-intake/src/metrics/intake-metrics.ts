import { Injectable } from '@nestjs/common';
import type { BatchStats } from '@surge/kafka';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What intake exposes on /metrics besides the process defaults. Names follow
 * surge_<app>_<thing>_<unit>; `outcome` is ok|failed in every app.
 */
@Injectable()
export class IntakeMetrics {
  readonly accepted: Counter;
  /** By HTTP status: 400 invalid, 413 too large, 415 not JSON, 422 Idempotency-Key reused, 429 throttled, 503 overloaded or Kafka did not take it. */
  readonly rejected: Counter<'reason'>;
  private readonly batchOrders: Histogram;
  private readonly batchSeconds: Histogram<'outcome'>;
  private readonly produceRequests: Counter<'outcome'>;
  private readInFlight: () => number = () => 0;

  constructor(registry: Registry) {
    const registers = [registry];
    this.accepted = new Counter({
      name: 'surge_intake_orders_accepted_total',
      help: 'Orders answered 202: acknowledged by Kafka',
      registers,
    });
    this.rejected = new Counter({
      name: 'surge_intake_orders_rejected_total',
      help: 'Orders answered with an error, by HTTP status',
      labelNames: ['reason'],
      registers,
    });
    this.batchOrders = new Histogram({
      name: 'surge_intake_produce_batch_orders',
      help: 'Orders per produce batch (one Kafka produce request, acks=all)',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'surge_intake_produce_batch_seconds',
      help: 'Time from sending a batch to its acknowledgement (acks=all) or failure, by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.produceRequests = new Counter({
      name: 'surge_intake_produce_requests_total',
      help: 'Produce requests put on the wire, retries included: ok = the broker answered, failed = timed out',
      labelNames: ['outcome'],
      registers,
    });
    const readInFlight = () => this.readInFlight();
    new Gauge({
      name: 'surge_intake_produce_in_flight_orders',
      help: 'Orders queued or being sent, awaiting acknowledgement',
      registers,
      collect() {
        this.set(readInFlight());
      },
    });
  }

  /** Where the in-flight gauge reads its value at scrape time. */
  trackInFlight(read: () => number): void {
    this.readInFlight = read;
  }

  recordBatch(stats: BatchStats): void {
    this.batchOrders.observe(stats.messages);
    this.batchSeconds.observe({ outcome: stats.ok ? 'ok' : 'failed' }, stats.latencyMs / 1000);
  }

  recordProduceRequest({ ok }: { ok: boolean }): void {
    this.produceRequests.inc({ outcome: ok ? 'ok' : 'failed' });
  }
}
