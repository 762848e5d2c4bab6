import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  encodeOrderOutcome,
  EVENT_ID_HEADER,
  outcomeEventId,
  parseOrderOutcome,
  type OrderOutcomeEvent,
} from '@surge/contracts';
import { BatchingProducer, createKafka, ensureTopic } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { freePort, mysqlPool, testStack, truncateOrderTables, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { startNotifier } from '../bootstrap';
import { loadNotifierConfig, type NotifierConfig } from '../config';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'notifier-webhook-int-spec' });
const pool = mysqlPool();
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const [oldSecret, newSecret] = [secret(), secret()];
let receiver: Server;
let receiverUrl: string;
let deliveries: Delivery[] = [];
/** What the storefront answers, in turn; the last one is repeated. */
let answers: Array<{ status: number; headers?: Record<string, string> }> = [];
let producer: BatchingProducer;
let app: NestFastifyApplication | null = null;
let config: NotifierConfig;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = (answers.length > 1 ? answers.shift() : undefined) ?? answers[0];
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${port}/surge-webhooks`;
});
beforeEach(async () => {
  await truncateOrderTables(pool);
  deliveries = [];
  answers = [{ status: 204 }];
  producer = new BatchingProducer(kafka, {
    lingerMs: 0,
    maxBatchMessages: 100,
    maxBatchBytes: 1 << 20,
    maxInFlight: 1000,
    sendTimeoutMs: 10_000,
    compression: 'none',
  });
  await producer.connect();
  const topic = uniqueName('outcomes');
  await ensureTopic(kafka, { topic, partitions: 1, replicationFactor: 1, configs: {} });
  config = {
    ...loadNotifierConfig({
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      MYSQL_URL: testStack.mysqlUrl,
      WEBHOOK_URL: receiverUrl,
      // Rotation: the old secret and the new one both sign.
      WEBHOOK_SECRETS: `${oldSecret},${newSecret}`,
      WEBHOOK_RETRY_INITIAL_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '2000',
    }),
    port: 0,
    outcomesTopic: topic,
    notificationsDeadLetterTopic: `${topic}.dlq`,
    groupId: uniqueName('notifier'),
    retryInitialMs: 100,
    retryMaxMs: 500,
    logLevel: 'info',
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
  await new Promise((resolve) => receiver.close(resolve));
  await pool.end();
});

function outcome(): OrderOutcomeEvent {
  const orderId = randomUUID();
  // No contact: the storefront hears of every order all the same.
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

async function webhookRow(orderId: string) {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT status, attempts, last_error FROM notifications WHERE order_id = ? AND channel = 'webhook'",
    [orderId],
  );
  return rows[0];
}

/** The headers as a receiver hands them to its Standard Webhooks library. */
const signed = (d: Delivery) => ({
  'webhook-id': String(d.headers['webhook-id']),
  'webhook-timestamp': String(d.headers['webhook-timestamp']),
  'webhook-signature': String(d.headers['webhook-signature']),
});

describe('notifier, storefront webhooks', () => {
  it('posts each outcome signed per Standard Webhooks, verifiable with the old secret and the new one', async () => {
    const event = outcome();
    await publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery.headers['webhook-id']).toBe(event.eventId);
    expect(delivery.headers['content-type']).toBe('application/json');
    for (const known of [oldSecret, newSecret]) {
      expect(new Webhook(known).verify(delivery.body, signed(delivery))).toEqual(JSON.parse(delivery.body));
    }
    expect(() => new Webhook(secret()).verify(delivery.body, signed(delivery))).toThrow('No matching signature');
    // A body changed on the way no longer verifies.
    expect(() => new Webhook(newSecret).verify(delivery.body.replace('1000', '1'), signed(delivery))).toThrow();
    expect(parseOrderOutcome(Buffer.from(delivery.body))).toEqual(event);
  });

  it('retries a refused delivery with the same id, waiting as long as Retry-After asks', async () => {
    answers = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 500 }, { status: 200 }];
    const event = outcome();
    await publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.headers['webhook-id']))).toEqual(new Set([event.eventId]));
    // Retry-After: 1 s, where the backoff alone would have waited 25-50 ms.
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(950);
    for (const d of deliveries) expect(new Webhook(oldSecret).verify(d.body, signed(d))).toBeTruthy();
  });

  it('disables the endpoint on 410 Gone: nothing more is posted, and the notifications say why', async () => {
    answers = [{ status: 410 }];
    const first = outcome();
    const second = outcome();
    await publish(first);
    await waitFor('the first settled', async () => (await webhookRow(first.orderId))?.status === 'dropped');
    // After the 410; deliveries already in flight when it came (same batch) are not recalled.
    await publish(second);
    await waitFor('the second settled', async () => (await webhookRow(second.orderId))?.status === 'dropped');

    expect(deliveries).toHaveLength(1);
    for (const event of [first, second]) {
      expect(await webhookRow(event.orderId)).toMatchObject({
        status: 'dropped',
        last_error: expect.stringContaining('410 Gone'),
      });
    }
  });
});
