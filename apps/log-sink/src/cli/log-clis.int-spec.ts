import { LogStore, type LogDocument } from '@surge/log-store';
import { testStack } from '@surge/testing';
import { randomUUID } from 'node:crypto';
import { runLogCli } from '../test-support/log-cli-process';
import { dropTestStore, testIndexPrefix, testLogRecord } from '../test-support/log-sink-harness';

describe('npm run trace and npm run logs (real OpenSearch)', () => {
  const indexPrefix = testIndexPrefix();
  const store = new LogStore({ url: testStack.opensearchUrl, indexPrefix });
  let offset = 0;

  const cli = (name: 'trace' | 'logs', ...args: string[]) => runLogCli(name, indexPrefix, ...args);

  /** Lines as the sink stores them, each at its own position of the log topic. */
  async function stored(...records: Array<Parameters<typeof testLogRecord>[0]>): Promise<LogDocument[]> {
    const documents = records.map((record) => ({
      ...testLogRecord(record),
      kafka: { topic: 'surge.logs', partition: 0, offset: String(offset++) },
    }));
    const result = await store.bulkCreate(documents);
    expect(result.created).toHaveLength(documents.length);
    await store.refresh();
    return documents;
  }

  beforeAll(async () => {
    if (!(await store.ping())) {
      throw new Error(`no OpenSearch at ${testStack.opensearchUrl}; run: npm run stack:up -- --with-logs`);
    }
  });

  afterAll(async () => {
    await dropTestStore(store);
  });

  // Lines of the shapes the apps write (docs/tracing.md): intake's one line per order carries acceptedAt.
  it("traces an order's four steps across the apps, with its warning, in time order", async () => {
    const orderId = randomUUID();
    const traceId = randomUUID().replaceAll('-', '');
    const at = (ms: number) => new Date(Date.parse('2026-11-27T04:00:00.000Z') + ms).toISOString();
    await stored(
      { orderId, traceId, time: at(1700), app: 'notifier', step: 'notification.sent', channel: 'email', msg: 'sent' },
      {
        orderId,
        traceId,
        time: at(9),
        app: 'order-intake',
        step: 'order.produced',
        acceptedAt: at(0),
        topic: 'orders',
        partition: 2,
        offset: '77',
      },
      { orderId, traceId, time: at(400), app: 'fulfillment', level: 'warn', msg: 'batch failed, retrying' },
      { orderId, traceId, time: at(1500), app: 'fulfillment', step: 'order.stored', outcome: 'fulfilled' },
      // Another order's line, and a debug line of this one: neither is part of the journey.
      { time: at(5), app: 'order-intake', step: 'order.produced', acceptedAt: at(4) },
      { orderId, traceId, time: at(600), app: 'fulfillment', level: 'debug', msg: 'batch of 1' },
    );

    const { code, stdout } = await cli('trace', orderId);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      `order ${orderId}, trace ${traceId}`,
      '  2026-11-27T04:00:00.000Z       start  order-intake  accepted',
      '  2026-11-27T04:00:00.009Z       +9 ms  order-intake  produced to orders[2] at offset 77',
      '  2026-11-27T04:00:00.400Z     +391 ms  fulfillment   WARN batch failed, retrying',
      '  2026-11-27T04:00:01.500Z    +1.100 s  fulfillment   stored fulfilled',
      '  2026-11-27T04:00:01.700Z     +200 ms  notifier      notification sent by email',
      'stored fulfilled 1.500 s after it was accepted; notified by email',
    ]);
  });

  it('says an order accepted and produced but not stored is in flight', async () => {
    const orderId = randomUUID();
    await stored({
      orderId,
      app: 'order-intake',
      step: 'order.produced',
      acceptedAt: new Date(Date.now() - 5).toISOString(),
      topic: 'orders',
      partition: 0,
      offset: '1',
    });
    const { code, stdout } = await cli('trace', orderId);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nin flight: order\.produced but not stored yet, .* after it was accepted\n$/);
  });

  it('says an order the store has no line of is unknown, with exit code 1', async () => {
    const { code, stdout } = await cli('trace', randomUUID());
    expect(code).toBe(1);
    expect(stdout).toMatch(/no log line in the store/);
  });

  it('refuses bad arguments with the usage and exit code 2', async () => {
    const trace = await cli('trace');
    expect(trace.code).toBe(2);
    expect(trace.stderr).toMatch(/^trace: name one order id, got 0 arguments\n\nusage: npm run trace/);
    const logs = await cli('logs', '--since', 'yesterday');
    expect(logs.code).toBe(2);
    expect(logs.stderr).toMatch(/^logs: --since takes an age/);
  });

  it('searches lines by app, level and order, newest first', async () => {
    const orderId = randomUUID();
    await stored(
      { orderId, app: 'fulfillment', level: 'error', msg: 'write failed', time: '2026-11-27T04:10:00.000Z' },
      { orderId, app: 'fulfillment', level: 'warn', msg: 'write slow', time: '2026-11-27T04:11:00.000Z' },
      { orderId, app: 'fulfillment', level: 'info', msg: 'stored', time: '2026-11-27T04:12:00.000Z' },
      { orderId, app: 'order-intake', level: 'error', msg: 'produce failed', time: '2026-11-27T04:13:00.000Z' },
    );
    const { code, stdout } = await cli('logs', '--app', 'fulfillment', '--level', 'warn', '--order', orderId);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      `2026-11-27T04:11:00.000Z  WARN   fulfillment   write slow  order=${orderId}`,
      `2026-11-27T04:10:00.000Z  ERROR  fulfillment   write failed  order=${orderId}`,
      '2 line(s)',
    ]);
  });
});
