import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { encodeOrderEvent, type OrderPlacedEvent } from '@surge/contracts';
import { BatchingProducer, createKafka, provisionOrderTopics } from '@surge/kafka';
import { INTAKE_CONFIG } from '../config.token';
import type { IntakeConfig } from '../config';

/** Puts order events on the orders topic; resolves only once Kafka holds them (acks=all). */
@Injectable()
export class OrderPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OrderPublisher.name);
  private readonly kafka;
  private readonly producer: BatchingProducer;

  constructor(@Inject(INTAKE_CONFIG) private readonly config: IntakeConfig) {
    this.kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'surge-intake' });
    this.producer = new BatchingProducer(this.kafka, config.produce);
  }

  get isConnected(): boolean {
    return this.producer.isConnected;
  }

  async onModuleInit(): Promise<void> {
    await provisionOrderTopics(this.kafka, {
      ordersTopic: this.config.ordersTopic,
      deadLetterTopic: this.config.deadLetterTopic,
      partitions: this.config.topicPartitions,
      replicationFactor: this.config.topicReplicationFactor,
    });
    await this.producer.connect();
  }

  /** Keyed by customer: one customer's orders stay ordered on one partition. */
  publish(event: OrderPlacedEvent): Promise<void> {
    return this.producer.send(this.config.ordersTopic, { key: event.customerId, value: encodeOrderEvent(event) });
  }

  /** Flushes what is in hand before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
    this.logger.log('producer flushed and closed');
  }
}
