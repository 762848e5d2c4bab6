import { consumerLag } from '@surge/kafka';
import { TcpProxy, testStack, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();

beforeEach(() => harness.setUp({ 'SKU-1': [100_000, 100], HOT: [5, 500] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

/** Every order stored once, and the stock taken equals the units of fulfilled orders. */
async function expectStoredOnce(expected: number, initialStock: Record<string, number>): Promise<void> {
  const [counts] = await harness.rows<{ total: number; ids: number }>(
    'SELECT COUNT(*) AS total, COUNT(DISTINCT id) AS ids FROM orders',
  );
  expect(counts).toEqual({ total: expected, ids: expected });
  for (const [sku, stock] of Object.entries(initialStock)) {
    const [{ sold }] = await harness.rows<{ sold: string | null }>(
      `SELECT SUM(oi.quantity) AS sold FROM order_items oi JOIN orders o ON o.id = oi.order_id
       WHERE oi.sku = ? AND o.status = 'fulfilled'`,
      [sku],
    );
    expect(Number(sold ?? 0) + (await harness.available(sku))).toBe(stock);
  }
}

async function committed(drain: Drain): Promise<number> {
  const partitions = await consumerLag(harness.kafka, drain.config.groupId, drain.config.ordersTopic);
  return partitions.reduce((sum, p) => sum + Number(p.committedOffset ?? 0), 0);
}

describe('draining under stress', () => {
  it('sells exactly the stock of a hot SKU with two instances draining at once', async () => {
    const first = await harness.start({ topicPartitions: 6, batchSize: 5 });
    const { ordersTopic, deadLetterTopic, groupId } = first.config;
    await harness.start({ ordersTopic, deadLetterTopic, groupId, batchSize: 5 });
    const orders = Array.from({ length: 120 }, (_, i) => harness.order([['HOT', 1 + (i % 2)]], `shopper-${i}`));
    await harness.publish(ordersTopic, orders);

    await waitFor('all 120 orders stored', async () => (await harness.storedCount()) === 120);
    const [{ units }] = await harness.rows<{ units: string }>(
      `SELECT SUM(oi.quantity) AS units FROM order_items oi JOIN orders o ON o.id = oi.order_id
       WHERE o.status = 'fulfilled' AND oi.sku = 'HOT'`,
    );
    // available is UNSIGNED and cannot show an oversell by going negative: the
    // units sold can, by exceeding the stock, or by not adding up with what is left.
    const sold = Number(units);
    expect(sold).toBeLessThanOrEqual(5);
    expect(sold + (await harness.available('HOT'))).toBe(5);
    // One unit may remain unsold (a 2-unit order cannot take the last unit).
    expect(sold).toBeGreaterThanOrEqual(4);
    await expectStoredOnce(120, { HOT: 5 });
  });

  it('stores every order once when the database goes away mid-drain and comes back', async () => {
    const { proxy, url: mysqlUrl } = await TcpProxy.before(testStack.mysqlUrl);
    try {
      const drain = await harness.start({ mysqlUrl, rateCeiling: 300, batchSize: 50 });
      await harness.publish(
        drain.config.ordersTopic,
        Array.from({ length: 600 }, () => harness.order([['SKU-1', 2]])),
      );
      await waitFor('draining under way', async () => (await harness.storedCount()) >= 100);

      proxy.down();
      await waitFor('writes failing against the missing database', () => proxy.refused >= 3);
      const storedWhileDown = await harness.storedCount();
      expect(storedWhileDown).toBeLessThan(600);
      proxy.up();

      await waitFor(
        'every order stored after the database returned',
        async () => (await harness.storedCount()) === 600,
        {
          timeoutMs: 45_000,
        },
      );
      await waitFor('all offsets committed', async () => (await harness.totalLag(drain)) === 0);
      await expectStoredOnce(600, { 'SKU-1': 100_000 });
    } finally {
      await proxy.stop();
    }
  });

  it('commits the batch in hand on shutdown, and a successor drains the rest exactly once', async () => {
    const first = await harness.start({ rateCeiling: 150, batchSize: 25, topicPartitions: 2 });
    const { ordersTopic, deadLetterTopic, groupId } = first.config;
    await harness.publish(
      ordersTopic,
      Array.from({ length: 400 }, () => harness.order([['SKU-1', 1]])),
    );
    await waitFor('draining under way', async () => (await harness.storedCount()) >= 50);

    await first.app.close();
    // Nothing stored without its offset committed: a restart replays nothing already done.
    expect(await committed(first)).toBe(await harness.storedCount());

    const successor = await harness.start({ ordersTopic, deadLetterTopic, groupId, rateCeiling: 0 });
    await waitFor('the successor to drain the rest', async () => (await harness.storedCount()) === 400);
    await waitFor('all offsets committed', async () => (await harness.totalLag(successor)) === 0);
    await expectStoredOnce(400, { 'SKU-1': 100_000 });
  });
});
