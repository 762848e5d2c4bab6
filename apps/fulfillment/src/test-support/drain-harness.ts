import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { encodeOrderEvent, type OrderPlacedEvent } from '@surge/contracts';
import { BatchingProducer, consumerLag, createKafka } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { mysqlPool, testStack, truncateOrderTables, uniqueName } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import type { DataSource } from 'typeorm';
import { startFulfillment } from '../bootstrap';
import { loadFulfillmentConfig, type FulfillmentConfig } from '../config';
import { createDataSource } from '../data-source';
import { OrderWriter } from '../orders/order-writer.service';

export interface Drain {
  app: NestFastifyApplication;
  config: FulfillmentConfig;
  url: string;
}

export interface AdminCall {
  body?: unknown;
  /** null: no Authorization header at all. */
  token?: string | null;
  headers?: Record<string, string>;
}

/**
 * What the fulfillment integration specs share: real fulfillment instances on
 * a fresh topic and group, a producer to feed them, and row queries.
 */
export class DrainHarness {
  readonly kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'fulfillment-int-spec' });
  readonly pool = mysqlPool();
  private producer: BatchingProducer | null = null;
  private running: Drain[] = [];
  private readonly stopped = new WeakSet<Drain>();
  private dataSource: DataSource | null = null;

  /** Empty tables, the given stock, a fresh producer (kafkajs keeps asking for metadata of deleted topics). */
  async setUp(stock: Record<string, [available: number, priceCents: number]>): Promise<void> {
    await truncateOrderTables(this.pool);
    const rows = Object.entries(stock).map(([sku, [available, price]]) => [sku, available, price]);
    if (rows.length) await this.pool.query('INSERT INTO inventory (sku, available, price_cents) VALUES ?', [rows]);
    this.producer = new BatchingProducer(this.kafka, {
      lingerMs: 0,
      maxBatchMessages: 500,
      maxBatchBytes: 1 << 20,
      maxInFlight: 100_000,
      sendTimeoutMs: 10_000,
      compression: 'none',
    });
    await this.producer.connect();
  }

  async tearDown(): Promise<void> {
    await this.producer?.close();
    const topics = new Set<string>();
    for (const drain of this.running.splice(0)) {
      if (!this.stopped.has(drain)) await drain.app.close();
      topics.add(drain.config.ordersTopic).add(drain.config.deadLetterTopic).add(drain.config.outcomesTopic);
    }
    await deleteTopics(this.kafka, [...topics]);
  }

  /** Stops one instance now (it leaves its group, its last batch committed); its topics go at tearDown. */
  async stop(drain: Drain): Promise<void> {
    this.stopped.add(drain);
    await drain.app.close();
  }

  /** An OrderWriter on a data source of its own, for specs that write batches without a consumer. */
  async writer(): Promise<OrderWriter> {
    this.dataSource ??= await createDataSource(testStack.mysqlUrl).initialize();
    return new OrderWriter(this.dataSource);
  }

  async end(): Promise<void> {
    await this.dataSource?.destroy();
    await this.pool.end();
  }

  /** A fulfillment instance on a new topic and group, unless the overrides name them. */
  async start(overrides: Partial<FulfillmentConfig> = {}): Promise<Drain> {
    const topic = uniqueName('orders');
    const config: FulfillmentConfig = {
      ...loadFulfillmentConfig({
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        MYSQL_URL: testStack.mysqlUrl,
        LOG_SHIPPING: 'off',
      }),
      port: 0,
      ordersTopic: topic,
      deadLetterTopic: `${topic}.dlq`,
      outcomesTopic: `${topic}.outcomes`,
      groupId: uniqueName('fulfillment'),
      topicPartitions: 3,
      retryInitialMs: 100,
      retryMaxMs: 500,
      rateCeiling: 0,
      // Kept per test and printed only if it fails (libs/testing captured-logs).
      logLevel: 'info',
      ...overrides,
    };
    const app = await startFulfillment(config);
    const drain = { app, config, url: await app.getUrl() };
    this.running.push(drain);
    return drain;
  }

  order(items: Array<[string, number]>, customerId = `customer-${Math.floor(Math.random() * 7)}`): OrderPlacedEvent {
    return {
      schema: 'order.placed',
      version: 1,
      orderId: randomUUID(),
      customerId,
      currency: 'EUR',
      items: items.map(([sku, quantity]) => ({ sku, quantity })),
      placedAt: new Date().toISOString(),
    };
  }

  /** `timestampMs` back-dates the messages (CreateTime), as if they had waited in Kafka that long. */
  async publish(topic: string, events: OrderPlacedEvent[], timestampMs?: number): Promise<void> {
    await Promise.all(events.map((e) => this.send(topic, e.customerId, encodeOrderEvent(e), timestampMs)));
  }

  async send(
    topic: string,
    key: string,
    value: Buffer | string,
    timestampMs?: number,
    headers?: Record<string, string>,
  ): Promise<void> {
    if (!this.producer) throw new Error('call setUp() first');
    await this.producer.send(topic, {
      key,
      value,
      headers,
      timestamp: timestampMs === undefined ? undefined : String(timestampMs),
    });
  }

  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [result] = await this.pool.query<RowDataPacket[]>(sql, params);
    return result as T[];
  }

  async storedCount(): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))[0].n;
  }

  /** How many rows one order id has: exactly once is 1. */
  async timesStored(orderId: string): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT COUNT(*) AS n FROM orders WHERE id = ?', [orderId]))[0].n;
  }

  async available(sku: string): Promise<number> {
    return (await this.rows<{ available: number }>('SELECT available FROM inventory WHERE sku = ?', [sku]))[0]
      .available;
  }

  /** A call to the instance's admin API, with the token it was started with unless told otherwise. */
  admin(
    drain: Drain,
    method: string,
    path: string,
    { body, token = drain.config.adminToken, headers = {} }: AdminCall = {},
  ): Promise<Response> {
    return fetch(`${drain.url}/admin/${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === undefined || token === null ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async totalLag({ config }: Drain): Promise<number> {
    const partitions = await consumerLag(this.kafka, config.groupId, config.ordersTopic);
    return partitions.reduce((sum, p) => sum + p.lag, 0);
  }
}
