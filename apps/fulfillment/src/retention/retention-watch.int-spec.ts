import { Logger } from '@nestjs/common';
import { ORDERS_RETENTION_MS } from '@surge/contracts';
import { deleteRecordsBefore } from '@surge/kafka-testing';
import { metricValue, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';
import type { PartitionBacklog } from './retention-watch.service';

const harness = new DrainHarness();
const TOKEN = 'test-admin-token-0123456789';
const DAY_MS = 24 * 3600 * 1000;
const RETENTION_SECONDS = ORDERS_RETENTION_MS / 1000;

beforeEach(() => harness.setUp({ 'SKU-1': [100_000, 100] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

interface BacklogBody {
  partitions: PartitionBacklog[];
  retentionSeconds: number | null;
  groupMembers: number;
}

interface ReadyBody {
  status: string;
  info: { retention: { state: string; partitions?: Array<{ partition: number; secondsLeft: number }> } };
}

/** A paused single-partition drain: what is published stays undrained until resume. */
async function pausedDrain(overrides: Parameters<DrainHarness['start']>[0] = {}): Promise<Drain> {
  const drain = await harness.start({ adminToken: TOKEN, topicPartitions: 1, retentionCheckMs: 200, ...overrides });
  expect((await harness.admin(drain, 'POST', 'pause')).status).toBe(200);
  return drain;
}

const backlog = async (drain: Drain) => (await (await harness.admin(drain, 'GET', 'backlog')).json()) as BacklogBody;

async function ready(drain: Drain): Promise<ReadyBody> {
  const response = await fetch(`${drain.url}/health/ready`);
  expect(response.status).toBe(200);
  return (await response.json()) as ReadyBody;
}

const orders = (n: number) => Array.from({ length: n }, () => harness.order([['SKU-1', 1]]));

describe('oldest undrained order against retention', () => {
  it('shows its age and time left, warns past half of retention, and clears once drained', async () => {
    const drain = await pausedDrain();
    await harness.publish(drain.config.ordersTopic, orders(3), Date.now() - 2 * DAY_MS);
    await harness.publish(drain.config.ordersTopic, orders(2));

    const body = await waitFor('the backlog to show 5 orders', async () => {
      const b = await backlog(drain);
      return b.partitions[0]?.lag === 5 ? b : false;
    });
    expect(body).toMatchObject({ retentionSeconds: RETENTION_SECONDS, groupMembers: 1 });
    const [partition] = body.partitions;
    // Kafka's time index answers to within 1% of the age, erring old.
    expect(partition.oldestOrderAgeSeconds).toBeGreaterThanOrEqual(2 * 86400);
    expect(partition.oldestOrderAgeSeconds).toBeLessThan(2 * 86400 * 1.01 + 5);
    expect(partition.secondsLeft).toBeLessThanOrEqual(86400);
    expect(partition.secondsLeft).toBeGreaterThan(86400 - 2 * 86400 * 0.01 - 5);
    expect(Date.parse(partition.deletableAt ?? '')).toBeCloseTo(Date.now() + (partition.secondsLeft ?? 0) * 1000, -4);

    const warned = await waitFor('health to warn', async () => {
      const r = await ready(drain);
      return r.info.retention.state === 'warning' ? r : false;
    });
    expect(warned.status).toBe('ok');
    expect(warned.info.retention.partitions?.map((p) => p.partition)).toEqual([0]);
    const { ordersTopic: topic, groupId: group } = drain.config;
    const age = { topic, partition: '0' };
    expect(await metricValue(drain.url, 'surge_fulfillment_oldest_order_age_seconds', age)).toBeGreaterThanOrEqual(
      2 * 86400,
    );
    expect(await metricValue(drain.url, 'surge_fulfillment_retention_seconds', { topic })).toBe(RETENTION_SECONDS);
    expect(await metricValue(drain.url, 'surge_fulfillment_group_members', { group })).toBe(1);

    expect((await harness.admin(drain, 'POST', 'resume')).status).toBe(200);
    await waitFor('all 5 stored', async () => (await harness.storedCount()) === 5);
    await waitFor('the warning to clear', async () => (await ready(drain)).info.retention.state === 'ok');
    expect((await backlog(drain)).partitions[0]).toMatchObject({ lag: 0, oldestOrderAgeSeconds: 0, secondsLeft: null });
    await waitFor('the age metric back to 0', async () => {
      return (await metricValue(drain.url, 'surge_fulfillment_oldest_order_age_seconds', age)) === 0;
    });
  });

  it('warns only past the configured share', async () => {
    const drain = await pausedDrain();
    const { ordersTopic, deadLetterTopic, groupId } = drain.config;
    await harness.publish(ordersTopic, orders(2), Date.now() - DAY_MS);
    const strict = await harness.start({
      adminToken: TOKEN,
      ordersTopic,
      deadLetterTopic,
      groupId,
      topicPartitions: 1,
      retentionCheckMs: 200,
      retentionWarningShare: 0.25,
    });
    await waitFor(
      'the stricter instance to warn',
      async () => (await ready(strict)).info.retention.state === 'warning',
    );
    // A day of three is a third: under the default half.
    await waitFor('the backlog age seen', async () => (await backlog(drain)).partitions[0].oldestOrderAgeSeconds > 0);
    expect((await ready(drain)).info.retention.state).toBe('ok');
  });
});

describe('a position Kafka deleted', () => {
  it('logs and counts the orders skipped, and drains the rest', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      const first = await harness.start({ topicPartitions: 1 });
      const { ordersTopic, deadLetterTopic, groupId } = first.config;
      await harness.publish(ordersTopic, orders(5));
      await waitFor('the first 5 stored', async () => (await harness.storedCount()) === 5);
      await harness.stop(first);

      // Ten more while nothing drains; retention takes offsets 5..11 (7 orders) before anyone reads them.
      const later = orders(10);
      for (const order of later) await harness.publish(ordersTopic, [order]);
      await deleteRecordsBefore(harness.kafka, ordersTopic, 0, '12');

      const second = await harness.start({ ordersTopic, deadLetterTopic, groupId, topicPartitions: 1 });
      await waitFor('the 3 left stored', async () => (await harness.storedCount()) === 8);
      const stored = await harness.rows<{ id: string }>('SELECT id FROM orders');
      expect(stored.map((r) => r.id)).toEqual(expect.arrayContaining(later.slice(7).map((o) => o.orderId)));
      expect(stored.map((r) => r.id)).not.toEqual(expect.arrayContaining([later[0].orderId]));

      const expired = { topic: ordersTopic, partition: '0' };
      expect(await metricValue(second.url, 'surge_fulfillment_orders_expired_total', expired)).toBe(7);
      expect(errors.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringContaining(`${ordersTopic}[0]: 7 orders (offsets 5..11) were deleted`),
      );
    } finally {
      errors.mockRestore();
    }
  });
});
