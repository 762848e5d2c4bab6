import { Logger } from '@nestjs/common';
import { EVENT_ID_HEADER, parseOrderOutcome, type OrderOutcomeEvent } from '@surge/contracts';
import { BatchingProducer, createKafka, ensureTopic, type OutboundMessage } from '@surge/kafka';
import { countMessages, deleteTopics, readTopic } from '@surge/kafka-testing';
import { mysqlPool, testStack, truncateOrderTables, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { outcomeEvent } from './outcome-event';
import { OutboxRelay, type OutboxRelayOptions, type OutcomePublisher } from './outbox-relay';

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'outbox-relay-int-spec' });
const pool = mysqlPool();
let dataSource: DataSource;
let producer: BatchingProducer;
let topic: string;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  dataSource = await createDataSource(testStack.mysqlUrl, 6).initialize();
});
beforeEach(async () => {
  await truncateOrderTables(pool);
  topic = uniqueName('outcomes');
  await ensureTopic(kafka, { topic, partitions: 3, replicationFactor: 1, configs: {} });
  producer = new BatchingProducer(kafka, {
    lingerMs: 0,
    maxBatchMessages: 500,
    maxBatchBytes: 1 << 20,
    maxInFlight: 10_000,
    sendTimeoutMs: 10_000,
    compression: 'none',
  });
  await producer.connect();
});
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.stop();
  await producer.close();
  await deleteTopics(kafka, [topic]);
});
afterAll(async () => {
  await dataSource.destroy();
  await pool.end();
});

/** What the app's runner does: every message to the topic, resolved once all are acknowledged. */
const toTopic: OutcomePublisher = {
  publish: async (messages) => {
    await Promise.all(messages.map((m) => producer.send(topic, m)));
  },
};

function relay(publisher: OutcomePublisher, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
  const created = new OutboxRelay(dataSource, publisher, {
    batchSize: 10,
    pollMs: 50,
    retry: { initialMs: 50, maxMs: 200 },
    ...options,
  });
  relays.push(created);
  return created;
}

/** Outcome events as the order writer leaves them in the outbox. */
async function seedOutbox(count: number): Promise<OrderOutcomeEvent[]> {
  const events = Array.from({ length: count }, (_, i) =>
    outcomeEvent(
      {
        order: {
          schema: 'order.placed',
          version: 1,
          orderId: randomUUID(),
          customerId: `customer-${i % 7}`,
          currency: 'EUR',
          items: [{ sku: 'SKU-1', quantity: 1 }],
          placedAt: new Date().toISOString(),
        },
        status: 'fulfilled',
        rejectReason: null,
        totalCents: 1000,
        lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 1000 }],
      },
      new Date(),
    ),
  );
  await pool.query('INSERT INTO outbox (event_id, order_id, payload) VALUES ?', [
    events.map((e) => [e.eventId, e.orderId, JSON.stringify(e)]),
  ]);
  return events;
}

async function pending(): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM outbox');
  return Number(rows[0].n);
}

/** Every event id on the topic, once per time it was published, after checking key and header. */
async function publishedIds(atLeast: number): Promise<string[]> {
  await waitFor(`${atLeast} messages on ${topic}`, async () => (await countMessages(kafka, topic)) >= atLeast);
  return (await readTopic(kafka, topic)).map((m) => {
    const event = parseOrderOutcome(m.value);
    expect([m.key?.toString(), m.headers[EVENT_ID_HEADER]]).toEqual([event.orderId, event.eventId]);
    return event.eventId;
  });
}

const sorted = (ids: string[]) => [...ids].sort();

describe('OutboxRelay', () => {
  it('publishes each event keyed by its order id with its event id as a header, then deletes it', async () => {
    const events = await seedOutbox(25);
    const relayer = relay(toTopic);
    expect([await relayer.relayOnce(), await relayer.relayOnce(), await relayer.relayOnce()]).toEqual([10, 10, 5]);
    expect(await relayer.relayOnce()).toBe(0);

    expect(await pending()).toBe(0);
    const messages = await readTopic(kafka, topic);
    expect(messages.map((m) => parseOrderOutcome(m.value))).toEqual(expect.arrayContaining(events));
    expect(sorted(await publishedIds(25))).toEqual(sorted(events.map((e) => e.eventId)));
  });

  it('keeps every event when it dies after publishing and before its delete commits: the next pass publishes them again', async () => {
    const events = await seedOutbox(15);
    const dying = relay({
      publish: async (messages) => {
        await toTopic.publish(messages);
        throw new Error('process killed before the delete committed');
      },
    });
    await expect(dying.relayOnce()).rejects.toThrow('process killed');
    expect(await pending()).toBe(15);

    const successor = relay(toTopic, { batchSize: 100 });
    expect(await successor.relayOnce()).toBe(15);
    expect(await pending()).toBe(0);
    const ids = await publishedIds(25);
    // At least once: every event is there, and only the ten of the dead pass twice.
    expect(sorted([...new Set(ids)])).toEqual(sorted(events.map((e) => e.eventId)));
    expect(ids).toHaveLength(25);
  });

  it('keeps every event when the broker refuses them, and publishes them once it takes them again', async () => {
    const events = await seedOutbox(12);
    let brokerDown = true;
    let refused = 0;
    const relayer = relay({
      publish: (messages) => {
        if (!brokerDown) return toTopic.publish(messages);
        refused++;
        return Promise.reject(new Error('broker unreachable'));
      },
    });
    // Kept, not printed: a passing run is quiet, and the warning is checked below.
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    relayer.start();
    await waitFor('two refused passes, retried with backoff', () => refused >= 2);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringMatching(/outbox relay pass failed, retrying in \d+ ms: broker unreachable/),
    );
    warnings.mockRestore();
    expect(await pending()).toBe(12);
    brokerDown = false;
    await waitFor('the outbox emptied', async () => (await pending()) === 0);
    expect(sorted(await publishedIds(12))).toEqual(sorted(events.map((e) => e.eventId)));
  });

  it('lets a second relay take the rows the first one holds no claim on, without waiting for it', async () => {
    const events = await seedOutbox(30);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimed: OutboundMessage[] = [];
    const slow = relay({
      publish: async (messages) => {
        claimed = messages;
        await held;
        await toTopic.publish(messages);
      },
    });
    const slowPass = slow.relayOnce();
    await waitFor('the first relay holding its claim', () => claimed.length === 10);

    const other = relay(toTopic, { batchSize: 100 });
    expect(await other.relayOnce()).toBe(20);
    release();
    expect(await slowPass).toBe(10);

    expect(await pending()).toBe(0);
    const ids = await publishedIds(30);
    expect(sorted(ids)).toEqual(sorted(events.map((e) => e.eventId)));
  });

  it('publishes each event once with two relays running side by side', async () => {
    const events = await seedOutbox(600);
    const counts = [0, 0];
    for (const i of [0, 1]) relay(toTopic, { batchSize: 25, onRelayed: (n) => (counts[i] += n) }).start();
    await waitFor('the outbox emptied', async () => (await pending()) === 0);

    expect(counts[0] + counts[1]).toBe(600);
    const ids = await publishedIds(600);
    expect(ids).toHaveLength(600);
    expect(sorted(ids)).toEqual(sorted(events.map((e) => e.eventId)));
  });
});
