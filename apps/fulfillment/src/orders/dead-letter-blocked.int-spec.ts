import { consumerLag, ensureTopic } from '@surge/kafka';
import { readTopic } from '@surge/kafka-testing';
import { waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();

beforeEach(() => harness.setUp({ 'SKU-1': [100, 100] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

/** Sets the dead-letter topic's largest accepted message: tiny, it refuses every dead letter. */
function dlqMaxMessageBytes(drain: Drain, bytes: number) {
  return ensureTopic(harness.kafka, {
    topic: drain.config.deadLetterTopic,
    partitions: 1,
    replicationFactor: 1,
    configs: { 'max.message.bytes': String(bytes) },
  });
}

async function ready(drain: Drain): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${drain.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const blockedGauge = (drain: Drain, value: 0 | 1) =>
  `surge_fulfillment_dead_letter_blocked{topic="${drain.config.ordersTopic}",partition="0",app="fulfillment"} ${value}`;

describe('a dead letter that cannot be written', () => {
  it('holds its partition, reports not ready naming partition, offset and reason, and resumes once written', async () => {
    const drain = await harness.start({
      topicPartitions: 1,
      deadLetterAttempts: 2,
      retryInitialMs: 100,
      retryMaxMs: 300,
    });
    await dlqMaxMessageBytes(drain, 64);
    expect((await ready(drain)).status).toBe(200);

    await harness.send(drain.config.ordersTopic, 'x', Buffer.from('{"not":"an order"}'));
    const behind = harness.order([['SKU-1', 1]]);
    await harness.publish(drain.config.ordersTopic, [behind]);

    const notReady = await waitFor('readiness to fail', async () => {
      const answer = await ready(drain);
      return answer.status === 503 ? answer : false;
    });
    expect(notReady.body.error).toMatchObject({
      deadLetters: {
        status: 'down',
        blocked: [
          {
            topic: drain.config.ordersTopic,
            partition: 0,
            offset: '0',
            reason: expect.stringMatching(/larger than the max message size/) as unknown,
          },
        ],
      },
    });
    expect(await (await fetch(`${drain.url}/metrics`)).text()).toContain(blockedGauge(drain, 1));
    // Held, not skipped: nothing committed past the dead letter.
    const [held] = await consumerLag(harness.kafka, drain.config.groupId, drain.config.ordersTopic);
    expect(held.committedOffset).toBeNull();

    await dlqMaxMessageBytes(drain, 1_048_588);
    await waitFor('readiness back', async () => (await ready(drain)).status === 200);
    await waitFor('the offsets committed past both', async () => (await harness.totalLag(drain)) === 0);
    const [dead] = await readTopic(harness.kafka, drain.config.deadLetterTopic);
    expect(dead.value?.toString()).toBe('{"not":"an order"}');
    expect(dead.headers['x-error']).toBe('unknown schema undefined');
    expect(await harness.rows('SELECT id FROM orders')).toEqual([{ id: behind.orderId }]);
    expect(await (await fetch(`${drain.url}/metrics`)).text()).toContain(blockedGauge(drain, 0));
  });
});
