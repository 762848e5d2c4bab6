import { Injectable } from '@nestjs/common';
import type { BatchStats } from '@surge/kafka';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What intake exposes on /metrics besides the process defaults. */
@Injectable()
export class IntakeMetrics {
  readonly accepted: Counter;
  /** By HTTP status: 400 invalid, 413 too large, 415 not JSON, 429 throttled, 503 Kafka did not take it. */
  readonly rejected: Counter<'reason'>;
  private readonly batchSize: Histogram<'outcome'>;
  private readonly batchSeconds: Histogram<'outcome'>;
  private readonly produceRequests: Counter;
  private readonly inFlight: Gauge;
  private readInFlight: () => number = () => 0;

  constructor(registry: Registry) {
    const registers = [registry];
    this.accepted = new Counter({
      name: 'intake_orders_accepted_total',
      help: 'Orders answered 202: acknowledged by Kafka',
      registers,
    });
    this.rejected = new Counter({
      name: 'intake_orders_rejected_total',
      help: 'Orders answered with an error, by HTTP status',
      labelNames: ['reason'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'intake_produce_batch_messages',
      help: 'Orders per produce batch',
      labelNames: ['outcome'],
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'intake_produce_batch_seconds',
      help: 'Time from sending a batch to its acknowledgement (acks=all) or failure',
      labelNames: ['outcome'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.produceRequests = new Counter({
      name: 'intake_kafka_produce_requests_total',
      help: 'Produce requests sent to brokers, retries included (kafkajs instrumentation)',
      registers,
    });
    const readInFlight = () => this.readInFlight();
    this.inFlight = new Gauge({
      name: 'intake_produce_in_flight',
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
    const outcome = stats.ok ? 'ok' : 'failed';
    this.batchSize.observe({ outcome }, stats.messages);
    this.batchSeconds.observe({ outcome }, stats.latencyMs / 1000);
  }

  recordProduceRequest(): void {
    this.produceRequests.inc();
  }
}
