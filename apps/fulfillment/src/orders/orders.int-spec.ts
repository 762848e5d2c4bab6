import { consumerLag } from '@surge/kafka';
import { readTopic } from '@surge/kafka-testing';
import { metricValue, TcpProxy, testStack, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();
const { kafka } = harness;

beforeEach(() => harness.setUp({ 'SKU-1': [100, 1999], HOT: [5, 500] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

const order = harness.order.bind(harness);
const publish = harness.publish.bind(harness);
const storedCount = () => harness.storedCount();
const available = (sku: string) => harness.available(sku);
const totalLag = (drain: Drain) => harness.totalLag(drain);
const rows = <T>(sql: string, params: unknown[] = []) => harness.rows<T>(sql, params);
const startDrain = harness.start.bind(harness);

describe('fulfillment drain', () => {
  it('stores a valid order as exactly one row with its lines, reserves its stock, then commits', async () => {
    const drain = await startDrain();
    const event = order([['SKU-1', 3]]);
    await publish(drain.config.ordersTopic, [event]);

    await waitFor('the order row', async () => (await storedCount()) === 1);
    expect(await rows('SELECT id, status, total_cents FROM orders')).toEqual([
      { id: event.orderId, status: 'fulfilled', total_cents: 5997 },
    ]);
    expect(
      await rows('SELECT sku, quantity, unit_price_cents FROM order_items WHERE order_id = ?', [event.orderId]),
    ).toEqual([{ sku: 'SKU-1', quantity: 3, unit_price_cents: 1999 }]);
    expect(await available('SKU-1')).toBe(97);
    await waitFor('the offset commit', async () => (await totalLag(drain)) === 0);

    expect(await metricValue(drain.url, 'surge_fulfillment_orders_drained_total', { status: 'fulfilled' })).toBe(1);
    expect(await metricValue(drain.url, 'surge_fulfillment_batch_orders_sum')).toBe(1);
    expect(
      await metricValue(drain.url, 'surge_fulfillment_write_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metricValue(drain.url, 'surge_fulfillment_lag_orders', { topic: drain.config.ordersTopic })).toBe(0);
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
    // The redelivery changed nothing, so it is not counted as drained either.
    expect(await metricValue(drain.url, 'surge_fulfillment_orders_drained_total')).toBe(2);
  });

  it('fulfils exactly the stock of a hot SKU and rejects the rest as out of stock', async () => {
    const drain = await startDrain();
    const events = Array.from({ length: 20 }, (_, i) => order([['HOT', 1]], `shopper-${i}`));
    await publish(drain.config.ordersTopic, [...events, order([['GHOST', 1]])]);

    await waitFor('every order stored', async () => (await storedCount()) === 21);
    expect(
      await rows(
        'SELECT status, reject_reason, COUNT(*) AS n FROM orders GROUP BY status, reject_reason ORDER BY status, reject_reason',
      ),
    ).toEqual([
      { status: 'fulfilled', reject_reason: null, n: 5 },
      { status: 'rejected', reject_reason: 'out_of_stock', n: 15 },
      { status: 'rejected', reject_reason: 'unknown_sku', n: 1 },
    ]);
    expect(await available('HOT')).toBe(0);
  });

  it('sends a poison message to the dead-letter topic and stores the orders behind it', async () => {
    const drain = await startDrain({ topicPartitions: 1 });
    await harness.send(drain.config.ordersTopic, 'x', Buffer.from('{"not":"an order"'));
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
    expect(await metricValue(drain.url, 'surge_fulfillment_dead_letters_total')).toBe(1);
  });

  it('commits nothing while the database is down and stores the order once it is back', async () => {
    const { proxy, url: mysqlUrl } = await TcpProxy.before(testStack.mysqlUrl);
    try {
      const drain = await startDrain({ mysqlUrl, topicPartitions: 1 });
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
      expect(
        await metricValue(drain.url, 'surge_fulfillment_write_seconds_count', { outcome: 'failed' }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.stop();
    }
  });
});
