import { orderTopicSpecs, type OrderPlacedEvent } from '@surge/contracts';
import { provisionTopics } from '@surge/kafka';
import { metricValue, uniqueName, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();

beforeEach(() => harness.setUp({ 'SKU-1': [100, 1000] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

const conflictsMetric = (drain: Drain) => metricValue(drain.url, 'surge_fulfillment_idempotency_conflicts_total');

/** Two requests with one Idempotency-Key that reached two intake instances: one order id, two bodies. */
function keyedPair(): [OrderPlacedEvent, OrderPlacedEvent] {
  const first = { ...harness.order([['SKU-1', 2]], 'customer-k'), requestFingerprint: 'fingerprint-of-first' };
  const second = { ...first, items: [{ sku: 'SKU-1', quantity: 7 }], requestFingerprint: 'fingerprint-of-second' };
  return [first, second];
}

describe('an Idempotency-Key reused with another body, past intake', () => {
  it('stores the first body, keeps the other aside once, counts and shows it', async () => {
    // Bound to the loopback address (FULFILLMENT_HOST), which the harness's URL reaches as well.
    const drain = await harness.start({ topicPartitions: 1, host: '127.0.0.1' });
    expect(drain.app.getHttpServer().address()).toMatchObject({ address: '127.0.0.1' });
    const topic = drain.config.ordersTopic;
    const [first, second] = keyedPair();
    await harness.publish(topic, [first]);
    await waitFor('the first body stored', async () => (await harness.storedCount()) === 1);
    // Later on the partition, and again as a redelivery would bring it: recorded once.
    await harness.publish(topic, [second]);
    await harness.publish(topic, [second]);
    await harness.publish(topic, [first]);
    await waitFor('everything consumed', async () => (await harness.totalLag(drain)) === 0);

    expect(await harness.rows('SELECT id, request_fingerprint FROM orders')).toEqual([
      { id: first.orderId, request_fingerprint: 'fingerprint-of-first' },
    ]);
    expect(await harness.rows('SELECT quantity FROM order_items WHERE order_id = ?', [first.orderId])).toEqual([
      { quantity: 2 },
    ]);
    expect(await harness.available('SKU-1')).toBe(98);
    const kept = await harness.rows<{ order_id: string; request_fingerprint: string; event: string }>(
      'SELECT order_id, request_fingerprint, event FROM idempotency_conflicts',
    );
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ order_id: first.orderId, request_fingerprint: 'fingerprint-of-second' });
    expect(JSON.parse(kept[0].event)).toEqual(second);
    expect(await conflictsMetric(drain)).toBe(1);
  });

  it('lets the first of two bodies in one batch win', async () => {
    // Both on the topic before the drain starts, so they arrive in one batch.
    const ordersTopic = uniqueName('orders');
    const deadLetterTopic = `${ordersTopic}.dlq`;
    await provisionTopics(
      harness.kafka,
      orderTopicSpecs({ ordersTopic, deadLetterTopic, topicPartitions: 1, topicReplicationFactor: 1 }),
    );
    const [first, second] = keyedPair();
    await harness.publish(ordersTopic, [first]);
    await harness.publish(ordersTopic, [second]);
    const drain = await harness.start({ ordersTopic, deadLetterTopic, topicPartitions: 1 });
    await waitFor('everything consumed', async () => (await harness.totalLag(drain)) === 0);

    expect(await harness.rows('SELECT request_fingerprint FROM orders')).toEqual([
      { request_fingerprint: 'fingerprint-of-first' },
    ]);
    expect(await harness.rows('SELECT request_fingerprint FROM idempotency_conflicts')).toEqual([
      { request_fingerprint: 'fingerprint-of-second' },
    ]);
    expect(await conflictsMetric(drain)).toBe(1);
  });
});
