import { encodeOrderEvent, parseTraceparent, type LogRecord } from '@surge/contracts';
import { deleteTopics, readLogRecords, readTopic, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { testStack, uniqueName, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

// Here the storefront's trace stands for the one intake continued.
const { traceId: TRACE, spanId: INTAKE_SPAN } = STOREFRONT_TRACE;

const harness = new DrainHarness();
const logsTopic = uniqueName('logs');
let drain: Drain;

beforeAll(async () => {
  await harness.setUp({ 'SKU-1': [1, 1000] });
  drain = await harness.start({
    logsTopic,
    logShipping: {
      brokers: testStack.kafkaBrokers,
      topic: logsTopic,
      batchLines: 50,
      lingerMs: 50,
      queueLines: 1000,
      compression: 'gzip',
    },
  });
});
afterAll(async () => {
  await harness.tearDown();
  await deleteTopics(harness.kafka, [logsTopic]);
  await harness.end();
});

async function storedLine(orderId: string): Promise<LogRecord> {
  return waitFor(`the order.stored line of ${orderId}`, async () => {
    const records = await readLogRecords(harness.kafka, logsTopic);
    return records.find((r) => r.orderId === orderId && r.step === 'order.stored');
  });
}

async function outcomeHeaders(orderId: string): Promise<Record<string, string>> {
  return waitFor(`the outcome of ${orderId}`, async () => {
    const messages = await readTopic(harness.kafka, drain.config.outcomesTopic);
    return messages.find((m) => m.key?.toString() === orderId)?.headers;
  });
}

it("continues the order's trace: the stored line and the outcome message carry it, with fulfillment's span", async () => {
  const order = harness.order([['SKU-1', 1]]);
  await harness.send(drain.config.ordersTopic, order.customerId, encodeOrderEvent(order), undefined, {
    traceparent: STOREFRONT_TRACE.traceparent,
  });

  const line = await storedLine(order.orderId);
  expect(line).toMatchObject({ app: 'fulfillment', level: 'info', outcome: 'fulfilled', traceId: TRACE });
  expect(line.reason).toBeUndefined();
  expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(line.spanId).not.toBe(INTAKE_SPAN);
  const headers = await outcomeHeaders(order.orderId);
  expect(parseTraceparent(headers.traceparent)).toEqual({ traceId: TRACE, spanId: line.spanId, flags: '01' });
});

it('starts a trace for an order that came without one, and logs why it was rejected', async () => {
  const order = harness.order([['SKU-1', 5]]);
  await harness.send(drain.config.ordersTopic, order.customerId, encodeOrderEvent(order));

  const line = await storedLine(order.orderId);
  expect(line).toMatchObject({ outcome: 'rejected', reason: 'out_of_stock' });
  expect(line.traceId).toMatch(/^[0-9a-f]{32}$/);
  const headers = await outcomeHeaders(order.orderId);
  expect(parseTraceparent(headers.traceparent)?.traceId).toBe(line.traceId);
});
