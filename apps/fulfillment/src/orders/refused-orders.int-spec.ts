import { readTopic } from '@surge/kafka-testing';
import { refusalMessage, refuseSku, uniqueName, waitFor } from '@surge/testing';
import { DrainHarness } from '../test-support/drain-harness';

const harness = new DrainHarness();
// Orders with this SKU pass the event parser; only the database refuses them.
const refusedSku = uniqueName('REFUSED');
let allow: () => Promise<void>;

beforeAll(async () => {
  allow = await refuseSku(harness.pool, refusedSku);
});
afterAll(async () => {
  await allow();
  await harness.end();
});
beforeEach(() => harness.setUp({ 'SKU-1': [1000, 100] }));
afterEach(() => harness.tearDown());

describe('orders the database refuses', () => {
  it('dead-letters each refused order with the database error and stores every order around it', async () => {
    const drain = await harness.start({ topicPartitions: 1, batchSize: 100 });
    const events = Array.from({ length: 60 }, (_, i) =>
      harness.order([i % 20 === 7 ? [refusedSku, 1] : ['SKU-1', 2]], `customer-${i}`),
    );
    const culprits = events.filter((e) => e.items[0].sku === refusedSku);
    expect(culprits).toHaveLength(3);
    // One send, in order: the three culprits sit in the same batch as the orders around them.
    await harness.publish(drain.config.ordersTopic, events);

    await waitFor('the offsets committed past every message', async () => (await harness.totalLag(drain)) === 0);
    const stored = await harness.rows<{ id: string }>('SELECT id FROM orders');
    expect(stored.map((r) => r.id).sort()).toEqual(
      events
        .filter((e) => !culprits.includes(e))
        .map((e) => e.orderId)
        .sort(),
    );
    expect(await harness.available('SKU-1')).toBe(1000 - 57 * 2);

    const dead = await readTopic(harness.kafka, drain.config.deadLetterTopic);
    expect(dead.map((m) => JSON.parse(m.value?.toString() ?? '{}').orderId).sort()).toEqual(
      culprits.map((e) => e.orderId).sort(),
    );
    for (const letter of dead) {
      expect(letter.headers['x-error']).toBe(
        `database refused the order: ${refusalMessage(refusedSku)} (ER_SIGNAL_EXCEPTION 1644 SQLSTATE 45000)`,
      );
      expect(letter.headers['x-source-topic']).toBe(drain.config.ordersTopic);
      const offset = Number(letter.headers['x-source-offset']);
      expect(JSON.parse(letter.value?.toString() ?? '{}').orderId).toBe(events[offset].orderId);
    }
  });
});
