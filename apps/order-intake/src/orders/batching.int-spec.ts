import { parseOrderEvent } from '@surge/contracts';
import { readTopic } from '@surge/kafka-testing';
import { metricValue } from '@surge/testing';
import {
  intakeConfig,
  kafka,
  post,
  startOnNewTopic,
  stop,
  validOrder,
  type Intake,
} from '../test-support/intake-harness';

describe('micro-batched produce', () => {
  let intake: Intake;
  // The burst shares this process (and jest's slow module sandbox) with the app,
  // so it reaches the server over a second or two; a linger longer than that
  // makes the batching deterministic: everything queues, then goes out at once.
  beforeAll(
    async () =>
      (intake = await startOnNewTopic({
        produce: { ...intakeConfig().produce, lingerMs: 5000, sendTimeoutMs: 20_000 },
      })),
  );
  afterAll(() => stop(intake));

  it('answers many concurrent requests with few produce requests, each with its own id on the topic', async () => {
    const orders = 400;
    const responses = await Promise.all(
      Array.from({ length: orders }, (_, i) =>
        post(intake.url, JSON.stringify({ ...validOrder, customerId: `c-${i}` })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(orders).fill(202));
    const acked = await Promise.all(responses.map(async (r) => ((await r.json()) as { orderId: string }).orderId));
    expect(new Set(acked).size).toBe(orders);

    const onTopic = (await readTopic(kafka, intake.topic)).map((m) => {
      const event = parseOrderEvent(m.value);
      expect(m.key?.toString()).toBe(event.customerId);
      return event.orderId;
    });
    expect(onTopic.sort()).toEqual([...acked].sort());

    const batches = await metricValue(intake.url, 'surge_intake_produce_batch_orders_count');
    const batched = await metricValue(intake.url, 'surge_intake_produce_batch_orders_sum');
    const produceRequests = await metricValue(intake.url, 'surge_intake_produce_requests_total');
    expect(batched).toBe(orders);
    expect(batches).toBeLessThanOrEqual(2);
    // One broker: one Produce request per batch, unless kafkajs had to retry.
    expect(produceRequests).toBeGreaterThanOrEqual(batches);
    expect(produceRequests).toBeLessThanOrEqual(batches + 2);
    expect(await metricValue(intake.url, 'surge_intake_orders_accepted_total')).toBe(orders);
  });
});
