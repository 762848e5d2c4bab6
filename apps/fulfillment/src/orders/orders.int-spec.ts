import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { encodeOrderEvent, type OrderPlacedEvent } from '@surge/contracts';
import { BatchingProducer, consumerLag, createKafka, deleteTopics, readTopic } from '@surge/kafka';
import { mysqlPool, TcpProxy, testStack, truncateOrderTables, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { startFulfillment } from '../bootstrap';
import { loadFulfillmentConfig, type FulfillmentConfig } from '../config';

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'fulfillment-int-spec' });
const pool = mysqlPool();
// A producer per test: kafkajs keeps asking for metadata of topics it sent to,
// and earlier tests' topics are deleted.
let producer: BatchingProducer;

interface Drain {
  app: NestFastifyApplication;
  config: FulfillmentConfig;
}

const running: Drain[] = [];

async function startDrain(overrides: Partial<FulfillmentConfig> = {}): Promise<Drain> {
  const topic = uniqueName('orders');
  const config: FulfillmentConfig = {
    ...loadFulfillmentConfig({ KAFKA_BROKERS: testStack.kafkaBrokers.join(','), MYSQL_URL: testStack.mysqlUrl }),
    port: 0,
    ordersTopic: topic,
    deadLetterTopic: `${topic}.dlq`,
    groupId: uniqueName('fulfillment'),
    topicPartitions: 3,
    retryInitialMs: 100,
    retryMaxMs: 500,
    ...overrides,
  };
  const app = await startFulfillment(config);
  const drain = { app, config };
  running.push(drain);
  return drain;
}

let seq = 0;
function order(items: Array<[string, number]>, customerId = `customer-${seq % 7}`): OrderPlacedEvent {
  seq++;
  return {
    schema: 'order.placed',
    version: 1,
    orderId: `01a217b3-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    customerId,
    currency: 'EUR',
    items: items.map(([sku, quantity]) => ({ sku, quantity })),
    placedAt: new Date().toISOString(),
  };
}

function publish(topic: string, events: OrderPlacedEvent[]): Promise<void[]> {
  return Promise.all(
    events.map((e) => producer.send(topic, { key: e.customerId, value: encodeOrderEvent(e) })),
  );
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await pool.query<RowDataPacket[]>(sql, params);
  return result as T[];
}

const storedCount = async () => (await rows<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))[0].n;
const available = async (sku: string) =>
  (await rows<{ available: number }>('SELECT available FROM inventory WHERE sku = ?', [sku]))[0].available;
const totalLag = async ({ config }: Drain) =>
  (await consumerLag(kafka, config.groupId, config.ordersTopic)).reduce((sum, p) => sum + p.lag, 0);

beforeEach(async () => {
  producer = new BatchingProducer(kafka, {
    lingerMs: 0,
    maxBatchMessages: 500,
    maxBatchBytes: 1 << 20,
    maxInFlight: 10_000,
    sendTimeoutMs: 10_000,
    compression: 'none',
  });
  await producer.connect();
  await truncateOrderTables(pool);
  await pool.query("INSERT INTO inventory (sku, available, price_cents) VALUES ('SKU-1', 100, 1999), ('HOT', 5, 500)");
});
afterEach(async () => {
  await producer.close();
  for (const { app, config } of running.splice(0)) {
    await app.close();
    await deleteTopics(kafka, [config.ordersTopic, config.deadLetterTopic]);
  }
});
afterAll(async () => {
  await pool.end();
});

describe('fulfillment drain', () => {
  it('stores a valid order as exactly one row with its lines, reserves its stock, then commits', async () => {
    const drain = await startDrain();
    const event = order([['SKU-1', 3]]);
    await publish(drain.config.ordersTopic, [event]);

    await waitFor('the order row', async () => (await storedCount()) === 1);
    expect(await rows('SELECT id, status, total_cents FROM orders')).toEqual([
      { id: event.orderId, status: 'fulfilled', total_cents: 5997 },
    ]);
    expect(await rows('SELECT sku, quantity, unit_price_cents FROM order_items WHERE order_id = ?', [event.orderId]))
      .toEqual([{ sku: 'SKU-1', quantity: 3, unit_price_cents: 1999 }]);
    expect(await available('SKU-1')).toBe(97);
    await waitFor('the offset commit', async () => (await totalLag(drain)) === 0);
  });

  it('leaves one row and reserves stock once when the same event is delivered twice', async () => {
    const drain = await startDrain();
    const event = order([['SKU-1', 4]]);
    await publish(drain.config.ordersTopic, [event]);
    await waitFor('the first delivery stored', async () => (await storedCount()) === 1);
    await publish(drain.config.ordersTopic, [event, order([['SKU-1', 1]])]);

    await waitFor('both messages consumed', async () => (await totalLag(drain)) === 0);
    expect(await storedCount()).toBe(2);
    expect(await rows('SELECT COUNT(*) AS n FROM orders WHERE id = ?', [event.orderId])).toEqual([{ n: 1 }]);
    expect(await available('SKU-1')).toBe(95);
  });

  it('fulfils exactly the stock of a hot SKU and rejects the rest as out of stock', async () => {
    const drain = await startDrain();
    const events = Array.from({ length: 20 }, (_, i) => order([['HOT', 1]], `shopper-${i}`));
    await publish(drain.config.ordersTopic, [...events, order([['GHOST', 1]])]);

    await waitFor('every order stored', async () => (await storedCount()) === 21);
    expect(await rows('SELECT status, reject_reason, COUNT(*) AS n FROM orders GROUP BY status, reject_reason ORDER BY status, reject_reason'))
      .toEqual([
        { status: 'fulfilled', reject_reason: null, n: 5 },
        { status: 'rejected', reject_reason: 'out_of_stock', n: 15 },
        { status: 'rejected', reject_reason: 'unknown_sku', n: 1 },
      ]);
    expect(await available('HOT')).toBe(0);
  });

  it('sends a poison message to the dead-letter topic and stores the orders behind it', async () => {
    const drain = await startDrain({ topicPartitions: 1 });
    await producer.send(drain.config.ordersTopic, { key: 'x', value: Buffer.from('{"not":"an order"') });
    const behind = order([['SKU-1', 1]]);
    await publish(drain.config.ordersTopic, [behind]);

    await waitFor('the order behind the poison', async () => (await storedCount()) === 1);
    const dead = await waitFor('the dead letter', async () => {
      const messages = await readTopic(kafka, drain.config.deadLetterTopic);
      return messages.length === 1 ? messages[0] : false;
    });
    expect(dead.value?.toString()).toBe('{"not":"an order"');
    expect(dead.headers).toMatchObject({
      'x-error': 'value is not JSON',
      'x-source-topic': drain.config.ordersTopic,
      'x-source-partition': '0',
      'x-source-offset': '0',
    });
    await waitFor('the offset commit past both', async () => (await totalLag(drain)) === 0);
  });

  it('commits nothing while the database is down and stores the order once it is back', async () => {
    const mysql = new URL(testStack.mysqlUrl);
    const proxy = new TcpProxy(mysql.hostname, Number(mysql.port || 3306));
    const proxyPort = await proxy.start();
    try {
      mysql.host = `127.0.0.1:${proxyPort}`;
      const drain = await startDrain({ mysqlUrl: mysql.toString(), topicPartitions: 1 });
      proxy.down();
      await publish(drain.config.ordersTopic, [order([['SKU-1', 2]])]);

      await waitFor('a write attempt against the dead database', () => proxy.refused >= 2);
      const [partition] = await consumerLag(kafka, drain.config.groupId, drain.config.ordersTopic);
      expect(partition.committedOffset).toBeNull();
      expect(await storedCount()).toBe(0);

      proxy.up();
      await waitFor('the order stored after the database returned', async () => (await storedCount()) === 1);
      await waitFor('the offset committed', async () => (await totalLag(drain)) === 0);
      expect(await available('SKU-1')).toBe(98);
    } finally {
      await proxy.stop();
    }
  });
});
