import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  encodeOrderEvent,
  formatTraceparent,
  logTopicSpecs,
  orderTopicSpecs,
  TRACEPARENT_HEADER,
  type OrderPlacedEvent,
  type TraceContext,
} from '@surge/contracts';
import {
  BatchingProducer,
  KAFKA_CLIENT,
  ProducerUnavailableError,
  provisionTopics,
  type Delivery,
  type Kafka,
} from '@surge/kafka';
import { backoffDelay } from '@surge/pacing';
import { INTAKE_CONFIG } from '../config.token';
import type { IntakeConfig } from '../config';

const RECONNECT = { initialMs: 500, maxMs: 10_000 };

/** Puts order events on the orders topic; resolves only once Kafka holds them (acks=all). */
@Injectable()
export class OrderPublisher implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(OrderPublisher.name);
  /** False until topics are provisioned and the producer first connected, with metadata for every partition. */
  private started = false;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(INTAKE_CONFIG) private readonly config: IntakeConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly producer: BatchingProducer,
  ) {}

  get topic(): string {
    return this.config.ordersTopic;
  }

  get isConnected(): boolean {
    return this.started && this.producer.isConnected;
  }

  /**
   * Tries Kafka once during boot. If it is unreachable the app still starts:
   * live but not ready, answering 503 at once, and keeps trying in the
   * background, so a broker that comes back later needs no restart of intake.
   */
  async onModuleInit(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.logger.error(`Kafka unreachable at start (${(error as Error).message}); answering 503 and retrying`);
      this.retryStart(0);
    }
  }

  /**
   * Keyed by customer: one customer's orders stay ordered on one partition.
   * The trace travels in a header, so fulfillment continues it.
   */
  publish(event: OrderPlacedEvent, trace: TraceContext): Promise<Delivery> {
    if (!this.started) return Promise.reject(new ProducerUnavailableError('not connected to Kafka yet'));
    return this.producer.send(this.config.ordersTopic, {
      key: event.customerId,
      value: encodeOrderEvent(event),
      headers: { [TRACEPARENT_HEADER]: formatTraceparent(trace) },
    });
  }

  /**
   * Nest's order on close: beforeApplicationShutdown, then the HTTP server
   * closes (no new requests; it waits for the open ones), then
   * onApplicationShutdown. The open requests wait on batches in hand, so
   * those go out now instead of after the linger.
   */
  beforeApplicationShutdown(): void {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.producer.stopLingering();
  }

  /** Runs once the HTTP server is closed: sends what is left, then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await this.producer.close();
    this.logger.log('producer flushed and closed');
  }

  private async start(): Promise<void> {
    // The logs topic too, so the lines this app ships have somewhere to go on a fresh stack.
    await provisionTopics(this.kafka, [...orderTopicSpecs(this.config), ...logTopicSpecs(this.config)]);
    await this.producer.connect();
    // Ready means warm: a flash sale's first second must not pay for metadata.
    await this.producer.warm(this.config.ordersTopic);
    this.started = true;
  }

  private retryStart(attempt: number): void {
    if (this.closing) return;
    this.reconnectTimer = setTimeout(
      () => {
        this.start().then(
          () => this.logger.log('connected to Kafka; accepting orders'),
          (error: Error) => {
            this.logger.warn(`Kafka still unreachable (${error.message})`);
            this.retryStart(attempt + 1);
          },
        );
      },
      backoffDelay(attempt, RECONNECT),
    );
  }
}
