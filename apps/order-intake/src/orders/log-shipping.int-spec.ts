import { hostname } from 'node:os';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseTraceparent, type LogRecord } from '@surge/contracts';
import { deleteTopics, readLogRecords, readTopic, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { metricValue, TcpProxy, testStack, uniqueName, waitFor } from '@surge/testing';
import { startIntake } from '../bootstrap';
import { intakeConfig, kafka, post, validOrder } from '../test-support/intake-harness';

const { traceId: TRACE, spanId: STOREFRONT_SPAN } = STOREFRONT_TRACE;

/**
 * One intake whose log shipping goes through a proxy to the broker, while its
 * orders go to the broker directly. The proxy starts down: a proxy cut later
 * would not cut anything, since kafkajs connects to the address the broker
 * advertises once it has bootstrapped.
 */
describe('log shipping', () => {
  const [host, port] = testStack.kafkaBrokers[0].split(':');
  const proxy = new TcpProxy(host, Number(port));
  const logsTopic = uniqueName('logs');
  let app: NestFastifyApplication;
  let url: string;
  let ordersTopic: string;

  beforeAll(async () => {
    const brokers = [`127.0.0.1:${await proxy.start()}`];
    proxy.down();
    const config = intakeConfig({
      logsTopic,
      logShipping: { brokers, topic: logsTopic, batchLines: 50, lingerMs: 50, queueLines: 100, compression: 'gzip' },
    });
    ordersTopic = config.ordersTopic;
    app = await startIntake(config);
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await proxy.stop();
    await deleteTopics(kafka, [ordersTopic, `${ordersTopic}.dlq`, logsTopic]);
  });

  async function shippedLines(orderId: string): Promise<LogRecord[]> {
    return (await readLogRecords(kafka, logsTopic)).filter((r) => r.orderId === orderId);
  }

  it('drops and counts lines while Kafka is unreachable, and keeps accepting orders meanwhile', async () => {
    const body = JSON.stringify(validOrder);
    const statuses: number[] = [];
    // Three times the queue bound: the queue fills, then lines are dropped rather than held.
    for (let i = 0; i < 6; i++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(url, body)));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(new Set(statuses)).toEqual(new Set([202]));
    // 300 lines: at most one batch (50) in flight and the queue (100) held; the rest find the queue full,
    // or go with a batch Kafka did not take, whichever comes first.
    await waitFor('dropped lines to be counted', async () => {
      const dropped = await metricValue(url, 'surge_intake_log_lines_dropped_total');
      return dropped >= 150 ? dropped : false;
    });
    expect(proxy.refused).toBeGreaterThan(0);
  });

  it("ships an order's line with its fields once Kafka answers, continuing the storefront's trace", async () => {
    proxy.up();
    // Lines written while the shipper reconnects may still be dropped; each probe writes one.
    await waitFor('shipping to resume', async () => {
      await post(url, JSON.stringify(validOrder));
      return (await metricValue(url, 'surge_intake_log_lines_shipped_total')) > 0;
    });
    const answer = await post(url, JSON.stringify(validOrder), { traceparent: STOREFRONT_TRACE.traceparent });
    expect(answer.status).toBe(202);
    const { orderId } = (await answer.json()) as { orderId: string };

    const [line] = await waitFor('the order line on the logs topic', async () => {
      const lines = await shippedLines(orderId);
      return lines.length > 0 ? lines : false;
    });
    expect(line).toMatchObject({
      level: 'info',
      app: 'order-intake',
      instance: `${hostname()}:${process.pid}`,
      step: 'order.produced',
      orderId,
      traceId: TRACE,
      topic: ordersTopic,
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
    });
    expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(line.spanId).not.toBe(STOREFRONT_SPAN);
    expect(new Date(line.time).toISOString()).toBe(line.time);
    expect(Date.parse(line.acceptedAt as string)).toBeLessThanOrEqual(Date.parse(line.time));

    // The order event carries the same trace to fulfillment, with intake's span as its parent.
    const [event] = (await readTopic(kafka, ordersTopic)).filter(
      (m) => m.partition === line.partition && m.offset === line.offset,
    );
    expect(parseTraceparent(event.headers.traceparent)).toEqual({ traceId: TRACE, spanId: line.spanId, flags: '01' });
  });

  it('starts a new trace for an order whose traceparent is invalid', async () => {
    const answer = await post(url, JSON.stringify(validOrder), {
      traceparent: `00-${TRACE.toUpperCase()}-${STOREFRONT_SPAN}-01`,
    });
    expect(answer.status).toBe(202);
    const { orderId } = (await answer.json()) as { orderId: string };
    const [line] = await waitFor('the order line on the logs topic', async () => {
      const lines = await shippedLines(orderId);
      return lines.length > 0 ? lines : false;
    });
    expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(line.traceId).not.toBe(TRACE);
  });
});
