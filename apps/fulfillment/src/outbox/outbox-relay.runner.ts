import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BatchingProducer, KAFKA_CLIENT, type Kafka } from '@surge/kafka';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { OutboxRelay } from './outbox-relay';

/**
 * Runs this instance's outbox relay from boot to shutdown, with its own
 * producer (acks=all, idempotent) to the outcomes topic. It stops before the
 * drain does: orders stored in the drain's last batch keep their events in the
 * outbox until the next relay of the group publishes them.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly producer: BatchingProducer;
  private readonly relay: OutboxRelay;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(FULFILLMENT_CONFIG) config: FulfillmentConfig,
    registry: Registry,
  ) {
    const relayed = new Counter({
      name: 'surge_fulfillment_outcomes_relayed_total',
      help: 'Outcome events published from the outbox to the outcomes topic (a republished event counts again)',
      registers: [registry],
    });
    this.producer = new BatchingProducer(kafka, {
      lingerMs: 0,
      maxBatchMessages: config.outboxBatchSize,
      maxBatchBytes: 1 << 20,
      maxInFlight: config.outboxBatchSize,
      sendTimeoutMs: 30_000,
      compression: 'none',
    });
    const producer = this.producer;
    this.relay = new OutboxRelay(
      dataSource,
      {
        publish: async (messages) => {
          await Promise.all(messages.map((message) => producer.send(config.outcomesTopic, message)));
        },
      },
      {
        batchSize: config.outboxBatchSize,
        pollMs: config.outboxPollMs,
        retry: { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs },
        onRelayed: (events) => relayed.inc(events),
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.producer.close();
  }
}
