import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { encodeOrderOutcome, EVENT_ID_HEADER, outcomeEventId, type OrderOutcomeEvent } from '@surge/contracts';
import { createKafka, ensureTopic, type BatchingProducer } from '@surge/kafka';
import { deleteTopics, specProducer } from '@surge/kafka-testing';
import { mysqlPool, testStack, truncateOrderTables, uniqueName } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { randomUUID } from 'node:crypto';
import { startNotifier } from '../bootstrap';
import { loadNotifierConfig, type NotifierConfig } from '../config';

/** A fulfilled outcome of a new order, without contact unless the patch gives one. */
export function testOutcome(patch: Partial<OrderOutcomeEvent> = {}): OrderOutcomeEvent {
  const orderId = patch.orderId ?? randomUUID();
  return {
    schema: 'order.outcome',
    version: 1,
    eventId: outcomeEventId(orderId),
    orderId,
    customerId: 'customer-1',
    status: 'fulfilled',
    rejectReason: null,
    currency: 'EUR',
    totalCents: 1000,
    lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 1000 }],
    placedAt: new Date().toISOString(),
    decidedAt: new Date().toISOString(),
    ...patch,
  };
}

/**
 * What the notifier's integration specs share: a notifier on a fresh
 * one-partition outcomes topic and group (what is published later is notified
 * later), a producer feeding it as the relay does, and the notifications rows.
 */
export class NotifierHarness {
  readonly kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'notifier-int-spec' });
  readonly pool = mysqlPool();
  config!: NotifierConfig;
  /** Where the notifier's health, metrics and admin API answer. */
  url = '';
  private producer: BatchingProducer | null = null;
  private app: NestFastifyApplication | null = null;

  /** Empty tables, a fresh producer (kafkajs keeps asking for metadata of deleted topics) and a notifier read from env. */
  async start(env: NodeJS.ProcessEnv): Promise<void> {
    await truncateOrderTables(this.pool);
    this.producer = await specProducer(this.kafka);
    const topic = uniqueName('outcomes');
    await ensureTopic(this.kafka, { topic, partitions: 1, replicationFactor: 1, configs: {} });
    this.config = {
      ...loadNotifierConfig({
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        MYSQL_URL: testStack.mysqlUrl,
        LOG_SHIPPING: 'off',
        ...env,
      }),
      port: 0,
      outcomesTopic: topic,
      notificationsDeadLetterTopic: `${topic}.dlq`,
      groupId: uniqueName('notifier'),
      retryInitialMs: 100,
      retryMaxMs: 500,
      // Kept per test and printed only if it fails (libs/testing captured-logs).
      logLevel: 'info',
    };
    this.app = await startNotifier(this.config);
    this.url = await this.app.getUrl();
  }

  /** The notifier stopped and started again on the same topic, group and tables (a restart, or another instance). */
  async restart(): Promise<void> {
    await this.app?.close();
    this.app = await startNotifier(this.config);
    this.url = await this.app.getUrl();
  }

  /** A call to the notifier's admin API with a token (the right one unless told otherwise). */
  async admin(
    method: 'GET' | 'POST',
    path: string,
    token = this.config.adminToken,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const answer = await fetch(`${this.url}/admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? ''}` },
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }

  async stop(): Promise<void> {
    await this.app?.close();
    this.app = null;
    await this.producer?.close();
    this.producer = null;
    await deleteTopics(this.kafka, [this.config.outcomesTopic, this.config.notificationsDeadLetterTopic]);
  }

  end(): Promise<void> {
    return this.pool.end();
  }

  /** One at a time, in order, as the relay keys them. */
  async publish(...events: OrderOutcomeEvent[]): Promise<void> {
    for (const event of events) {
      await this.send(event.orderId, encodeOrderOutcome(event), { [EVENT_ID_HEADER]: event.eventId });
    }
  }

  async send(key: string, value: Buffer | string, headers: Record<string, string> = {}): Promise<void> {
    if (!this.producer) throw new Error('call start() first');
    await this.producer.send(this.config.outcomesTopic, { key, value, headers });
  }

  async notifications(channel: string, orderId?: string): Promise<RowDataPacket[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(
      `SELECT order_id, channel, event_id, status, attempts, last_error FROM notifications
       WHERE channel = ? ${orderId ? 'AND order_id = ?' : ''} ORDER BY created_at`,
      orderId ? [channel, orderId] : [channel],
    );
    return rows;
  }
}
