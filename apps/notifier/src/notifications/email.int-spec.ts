import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  encodeOrderOutcome,
  EVENT_ID_HEADER,
  outcomeEventId,
  parseOrderOutcome,
  type OrderOutcomeEvent,
} from '@surge/contracts';
import { BatchingProducer, createKafka, ensureTopic } from '@surge/kafka';
import { deleteTopics, readTopic } from '@surge/kafka-testing';
import { MailCatcher, mysqlPool, TcpProxy, testStack, truncateOrderTables, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { randomUUID } from 'node:crypto';
import { startNotifier } from '../bootstrap';
import { loadNotifierConfig, type NotifierConfig } from '../config';

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'notifier-int-spec' });
const pool = mysqlPool();
let catcher: MailCatcher;
let smtp: TcpProxy;
let producer: BatchingProducer;
let app: NestFastifyApplication | null = null;
let config: NotifierConfig;

beforeAll(async () => {
  catcher = await MailCatcher.start();
  // Between the notifier and MailDev, so a test can take the mail server away.
  smtp = new TcpProxy('127.0.0.1', catcher.smtpPort);
  const port = await smtp.start();
  config = {
    ...loadNotifierConfig({
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      MYSQL_URL: testStack.mysqlUrl,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    }),
    port: 0,
    retryInitialMs: 100,
    retryMaxMs: 500,
    // Kept per test and printed only if it fails (libs/testing captured-logs).
    logLevel: 'info',
  };
});
beforeEach(async () => {
  await truncateOrderTables(pool);
  // A fresh producer per test: kafkajs keeps asking for metadata of the topics deleted after the last one.
  producer = new BatchingProducer(kafka, {
    lingerMs: 0,
    maxBatchMessages: 100,
    maxBatchBytes: 1 << 20,
    maxInFlight: 1000,
    sendTimeoutMs: 10_000,
    compression: 'none',
  });
  await producer.connect();
  await catcher.clear();
  smtp.up();
  const topic = uniqueName('outcomes');
  // One partition: what is published later is notified later.
  await ensureTopic(kafka, { topic, partitions: 1, replicationFactor: 1, configs: {} });
  config = {
    ...config,
    outcomesTopic: topic,
    notificationsDeadLetterTopic: `${topic}.dlq`,
    groupId: uniqueName('notifier'),
  };
  app = await startNotifier(config);
});
afterEach(async () => {
  await app?.close();
  app = null;
  await producer.close();
  await deleteTopics(kafka, [config.outcomesTopic, config.notificationsDeadLetterTopic]);
});
afterAll(async () => {
  await smtp.stop();
  await catcher.stop();
  await pool.end();
});

function outcome(patch: Partial<OrderOutcomeEvent> = {}): OrderOutcomeEvent {
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
    totalCents: 2400,
    lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1200 }],
    contact: { email: `shopper-${orderId.slice(0, 8)}@example.com` },
    placedAt: new Date().toISOString(),
    decidedAt: new Date().toISOString(),
    ...patch,
  };
}

async function publish(...events: OrderOutcomeEvent[]): Promise<void> {
  for (const event of events) {
    await producer.send(config.outcomesTopic, {
      key: event.orderId,
      value: encodeOrderOutcome(event),
      headers: { [EVENT_ID_HEADER]: event.eventId },
    });
  }
}

async function notificationRows() {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT order_id, channel, event_id, status, attempts, last_error FROM notifications ORDER BY created_at',
  );
  return rows;
}

function addressOf(event: OrderOutcomeEvent): string {
  if (!event.contact?.email) throw new Error(`outcome ${event.eventId} has no email`);
  return event.contact.email;
}

const mailsTo = async (address: string) =>
  (await catcher.mails()).filter((m) => m.to.some((t) => t.address === address));

describe('notifier, email channel', () => {
  it('sends one mail per outcome with an email, its Message-ID derived from the event id, and none without', async () => {
    const fulfilled = outcome();
    const rejected = outcome({ status: 'rejected', rejectReason: 'out_of_stock', totalCents: 0 });
    const anonymous = outcome();
    delete anonymous.contact;
    await publish(fulfilled, rejected, anonymous);

    await waitFor('two mails caught', async () => (await catcher.mails()).length === 2);
    await waitFor('both recorded as sent', async () => (await notificationRows()).every((r) => r.status === 'sent'));
    const [confirmed] = await mailsTo(addressOf(fulfilled));
    expect(confirmed.headers['message-id']).toBe(`<${fulfilled.eventId}@outcomes.surge>`);
    expect(confirmed.subject).toBe(`Your order ${fulfilled.orderId} is confirmed`);
    expect(confirmed.text).toContain('Total: 24.00 EUR');
    const [sorry] = await mailsTo(addressOf(rejected));
    expect(sorry.headers['message-id']).toBe(`<${rejected.eventId}@outcomes.surge>`);
    expect(sorry.subject).toBe(`Your order ${rejected.orderId} could not be served`);
    expect(sorry.text).toContain('sold out');

    expect(
      (await notificationRows()).map((r) => [r.order_id, r.channel, r.event_id, r.status, r.attempts]).sort(),
    ).toEqual(
      [
        [fulfilled.orderId, 'email', fulfilled.eventId, 'sent', 1],
        [rejected.orderId, 'email', rejected.eventId, 'sent', 1],
      ].sort(),
    );
  });

  it('sends nothing again for a redelivered outcome once its send is recorded', async () => {
    const first = outcome();
    await publish(first);
    await waitFor('the first mail', async () => (await mailsTo(addressOf(first))).length === 1);
    await waitFor('its send recorded', async () => (await notificationRows())[0]?.status === 'sent');

    // The same outcome twice more (a relay republishing it), then a marker after them on the one partition.
    const marker = outcome();
    await publish(first, first, marker);
    await waitFor('the marker mail', async () => (await mailsTo(addressOf(marker))).length === 1);

    expect(await mailsTo(addressOf(first))).toHaveLength(1);
    expect((await catcher.mails()).length).toBe(2);
  });

  it('delays a mail while the SMTP server is away, records the failures, and sends it once it is back', async () => {
    smtp.down();
    const event = outcome();
    await publish(event);
    await waitFor('two failed attempts recorded', async () => {
      const [row] = await notificationRows();
      return row !== undefined && row.attempts >= 2 && row.status === 'pending' && row.last_error !== null;
    });
    expect(await catcher.mails()).toHaveLength(0);

    smtp.up();
    await waitFor('the mail caught', async () => (await mailsTo(addressOf(event))).length === 1);
    await waitFor('its send recorded', async () => (await notificationRows())[0]?.status === 'sent');
    expect(await catcher.mails()).toHaveLength(1);
  });

  it('parks a message that is not an outcome in the notifications dead-letter topic and goes on', async () => {
    await producer.send(config.outcomesTopic, { key: 'x', value: Buffer.from('{"schema":"order.placed"}') });
    const after = outcome();
    await publish(after);
    await waitFor('the next outcome mailed', async () => (await mailsTo(addressOf(after))).length === 1);
    const parked = await readTopic(kafka, config.notificationsDeadLetterTopic);
    expect(parked).toHaveLength(1);
    expect(() => parseOrderOutcome(parked[0].value)).toThrow('unknown schema order.placed');
  });
});
