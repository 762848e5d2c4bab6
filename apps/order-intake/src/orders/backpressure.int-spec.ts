import { parseOrderEvent } from '@surge/contracts';
import { countMessages, deleteTopics, readTopic } from '@surge/kafka-testing';
import { metricValue, TcpProxy, testStack, waitFor } from '@surge/testing';
import { startIntake } from '../bootstrap';
import { intakeConfig, kafka, post, startOnNewTopic, stop, validOrder } from '../test-support/intake-harness';

const order = JSON.stringify(validOrder);

describe('backpressure', () => {
  it('answers 503 with Retry-After at once when too many orders are in flight, and acknowledges the rest', async () => {
    // A long linger keeps the first orders in hand while the rest arrive. It must outlast the
    // arrival of all 20 on a loaded machine: intake is warm at ready, so once the linger ends the
    // first batch is acknowledged at once and frees its slots for late arrivals.
    const intake = await startOnNewTopic({ produce: { ...intakeConfig().produce, lingerMs: 2000, maxInFlight: 5 } });
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(intake.url, order)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 202)).toHaveLength(5);
      expect(statuses.filter((s) => s === 503)).toHaveLength(15);
      const refused = responses.find((r) => r.status === 503);
      expect(refused?.headers.get('retry-after')).toBe('1');
      expect(await refused?.text()).toContain('the order was not accepted');
      expect(await countMessages(kafka, intake.topic)).toBe(5);
      expect(await metricValue(intake.url, 'surge_intake_orders_rejected_total', { reason: '503' })).toBe(15);
    } finally {
      await stop(intake);
    }
  });
});

describe('with Kafka unreachable', () => {
  const [host, port] = testStack.kafkaBrokers[0].split(':');
  const proxy = new TcpProxy(host, Number(port));
  let brokers: string;
  beforeAll(async () => {
    brokers = `127.0.0.1:${await proxy.start()}`;
    proxy.down();
  });
  afterAll(() => proxy.stop());

  it('starts, answers 503 quickly with nothing acknowledged, stays live, and recovers once Kafka answers', async () => {
    const config = intakeConfig({ kafkaBrokers: [brokers] });
    const app = await startIntake(config);
    const url = await app.getUrl();
    try {
      const started = Date.now();
      const responses = await Promise.all(Array.from({ length: 50 }, () => post(url, order)));
      // "Quickly" means without waiting out the produce deadline: a disconnected
      // producer refuses at once. Half the deadline leaves room for a busy machine.
      expect(Date.now() - started).toBeLessThan(config.produce.sendTimeoutMs / 2);
      expect(new Set(responses.map((r) => r.status))).toEqual(new Set([503]));
      expect(responses[0].headers.get('retry-after')).toBe('1');
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      expect((await fetch(`${url}/health/ready`)).status).toBe(503);

      proxy.up();
      const accepted = await waitFor('intake to accept an order again', async () => {
        const response = await post(url, order);
        return response.status === 202 ? ((await response.json()) as { orderId: string }) : false;
      });
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      const onTopic = await readTopic(kafka, config.ordersTopic);
      expect(onTopic.map((m) => parseOrderEvent(m.value).orderId)).toEqual([accepted.orderId]);
    } finally {
      await app.close();
      await deleteTopics(kafka, [config.ordersTopic, config.deadLetterTopic]);
    }
  });
});
