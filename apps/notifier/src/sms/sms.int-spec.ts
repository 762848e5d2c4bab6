import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { encodeOrderOutcome, EVENT_ID_HEADER, outcomeEventId, type OrderOutcomeEvent } from '@surge/contracts';
import { BatchingProducer, createKafka, ensureTopic } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { freePort, mysqlPool, testStack, truncateOrderTables, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { startNotifier } from '../bootstrap';
import { loadNotifierConfig, type NotifierConfig } from '../config';

interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { from: string; to: string; text: string; reference: string };
}

const TOKEN = 'sms-gateway-token-0123456789';
const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'notifier-sms-int-spec' });
const pool = mysqlPool();
let gateway: Server;
let gatewayUrl: string;
let received: GatewayRequest[] = [];
/** Statuses the gateway answers in turn; the last one is repeated. */
let statuses: number[] = [];
let producer: BatchingProducer;
let app: NestFastifyApplication | null = null;
let config: NotifierConfig;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead((statuses.length > 1 ? statuses.shift() : undefined) ?? statuses[0]).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => gateway.listen(port, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${port}/messages`;
});
beforeEach(async () => {
  await truncateOrderTables(pool);
  received = [];
  statuses = [202];
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
      SMS_GATEWAY_URL: gatewayUrl,
      SMS_GATEWAY_TOKEN: TOKEN,
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
  await new Promise((resolve) => gateway.close(resolve));
  await pool.end();
});

function outcome(phone?: string): OrderOutcomeEvent {
  const orderId = randomUUID();
  return {
    schema: 'order.outcome',
    version: 1,
    eventId: outcomeEventId(orderId),
    orderId,
    customerId: 'customer-1',
    status: 'fulfilled',
    rejectReason: null,
    currency: 'EUR',
    totalCents: 1250,
    lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 1250 }],
    ...(phone ? { contact: { phone } } : {}),
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

async function smsRow(orderId: string) {
  const [rows] = await pool.query<RowDataPacket[]>(
    "SELECT status, attempts, last_error FROM notifications WHERE order_id = ? AND channel = 'sms'",
    [orderId],
  );
  return rows[0];
}

describe('notifier, SMS through an HTTP gateway', () => {
  it('texts each outcome with a phone once, with the token and the event id as reference; none without, none again on redelivery', async () => {
    const texted = outcome('+33612345678');
    const silent = outcome();
    await publish(texted, silent);
    await waitFor('the text recorded', async () => (await smsRow(texted.orderId))?.status === 'sent');
    const marker = outcome('+14155550100');
    await publish(texted, marker);
    await waitFor('the marker recorded', async () => (await smsRow(marker.orderId))?.status === 'sent');

    expect(received.map((r) => r.body.to)).toEqual(['+33612345678', '+14155550100']);
    expect(received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received[0].headers['idempotency-key']).toBe(texted.eventId);
    expect(received[0].body).toEqual({
      from: 'Surge',
      to: '+33612345678',
      reference: texted.eventId,
      text: `Surge: order ${texted.orderId.slice(0, 8)} confirmed, total 12.50 EUR.`,
    });
    expect(await smsRow(silent.orderId)).toBeUndefined();
  });

  it('tries a refused text again later and records the failures, then sends it', async () => {
    statuses = [503, 500, 202];
    const event = outcome('+33612345678');
    await publish(event);
    await waitFor('the text recorded', async () => (await smsRow(event.orderId))?.status === 'sent');

    expect(received).toHaveLength(3);
    expect(await smsRow(event.orderId)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });
});
