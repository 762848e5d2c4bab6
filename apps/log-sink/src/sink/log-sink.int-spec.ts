import { randomUUID } from 'node:crypto';
import { consumerLag } from '@surge/kafka';
import { readTopic } from '@surge/kafka-testing';
import { logIndexName } from '@surge/log-store';
import { metricValue, TcpProxy, testStack, uniqueName, waitFor } from '@surge/testing';
import { LogSinkHarness, testLogRecord } from '../test-support/log-sink-harness';

describe('log-sink (real broker, real OpenSearch)', () => {
  let harness: LogSinkHarness;

  beforeEach(async () => {
    harness = new LogSinkHarness();
    await harness.setUp();
  });

  afterEach(async () => {
    await harness.tearDown();
  });

  it('stores a shipped line with its fields in the daily index of its time, and counts it per app and level', async () => {
    await harness.start();
    const line = testLogRecord({
      time: '2026-11-27T04:05:06.789Z',
      level: 'warn',
      app: 'fulfillment',
      msg: 'order stored',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      step: 'order.stored',
      outcome: 'rejected',
      reason: 'out_of_stock',
      err: { type: 'Error', message: 'lock wait timeout', stack: 'Error: lock wait timeout\n    at …' },
      extra: { carried: 'along' },
    });
    await harness.ship(line);

    const [stored] = await waitFor('the line in the store', async () => {
      const found = await harness.stored(line.orderId as string);
      return found.length > 0 ? found : false;
    });
    expect(stored).toEqual({ ...line, kafka: { topic: harness.topic, partition: 0, offset: '0', line: 0 } });
    expect(await harness.store.indices()).toEqual([logIndexName(harness.indexPrefix, new Date(line.time))]);
    const url = await harness.url();
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { info: object }).info).toEqual({
      opensearch: { status: 'up' },
      deadLetters: { status: 'up' },
    });
    await waitFor('the line counted', async () =>
      (await metricValue(url, 'surge_log_sink_lines_total', { app: 'fulfillment', level: 'warn' })) === 1
        ? true
        : false,
    );
  });

  it('stores each line of a message as the apps ship them (pino lines, the writer in a header), and dead-letters a bad one alone', async () => {
    await harness.start();
    const time = Date.UTC(2026, 10, 27, 4, 5, 6, 789);
    const orderIds = [randomUUID(), randomUUID()];
    const lines = orderIds.map((orderId, i) => ({
      level: 30 + 10 * i,
      time: time + i,
      app: 'order-intake',
      orderId,
      step: 'order.produced',
      msg: 'order produced',
    }));
    await harness.shipMessage([lines[0], '{"level":', lines[1]], 'box:7:2');

    const stored = await waitFor('both lines stored', async () => {
      const found = await harness.stored(...orderIds);
      return found.length === 2 ? found : false;
    });
    expect(
      stored.map(({ orderId, level, time, instance, kafka }) => ({ orderId, level, time, instance, kafka })),
    ).toEqual([
      {
        orderId: orderIds[0],
        level: 'info',
        time: '2026-11-27T04:05:06.789Z',
        instance: 'box:7:2',
        kafka: { topic: harness.topic, partition: 0, offset: '0', line: 0 },
      },
      {
        orderId: orderIds[1],
        level: 'warn',
        time: '2026-11-27T04:05:06.790Z',
        instance: 'box:7:2',
        kafka: { topic: harness.topic, partition: 0, offset: '0', line: 2 },
      },
    ]);
    const [deadLetter] = await waitFor('the bad line dead-lettered', async () => {
      const found = await readTopic(harness.kafka, `${harness.topic}.dlq`);
      return found.length === 1 ? found : false;
    });
    expect(deadLetter.value?.toString()).toBe('{"level":');
    expect(deadLetter.headers).toMatchObject({
      'x-source-offset': '0',
      'x-error': expect.stringMatching(/^no log record: not JSON/),
    });
  });

  it('does not store a redelivered line twice', async () => {
    await harness.start();
    const lines = [testLogRecord(), testLogRecord(), testLogRecord()];
    const orderIds = lines.map((line) => line.orderId as string);
    // One to a message, and two in one message.
    await harness.ship(lines[0]);
    await harness.shipMessage(lines.slice(1).map((line) => JSON.stringify(line)));
    await waitFor('three lines stored', async () => (await harness.stored(...orderIds)).length === 3);
    await harness.stopSink();

    // A new group reads the topic again from its start: every line is delivered a second time.
    await harness.start({ LOG_SINK_GROUP: uniqueName('log-sink-again') });
    const url = await harness.url();
    await waitFor('the second group to have written the same lines', async () =>
      (await metricValue(url, 'surge_log_sink_duplicates_total')) === 3 ? true : false,
    );
    expect(await harness.stored(...orderIds)).toHaveLength(3);
    expect(await metricValue(url, 'surge_log_sink_lines_total')).toBe(0);
  });

  it('dead-letters a line that is no record or that the store refuses, with the reason, and moves on', async () => {
    await harness.start();
    const refused = testLogRecord({ partition: 'not a number' as unknown as number });
    const after = testLogRecord();
    await harness.ship('{"time": "2026-11-27', refused, after);

    await waitFor('the line after them stored', async () => (await harness.stored(after.orderId as string)).length);
    const deadLetters = await waitFor('two dead letters', async () => {
      const found = await readTopic(harness.kafka, `${harness.topic}.dlq`);
      return found.length === 2 ? found : false;
    });
    expect(deadLetters.map((m) => [m.headers['x-source-offset'], m.value?.toString()])).toEqual([
      ['0', '{"time": "2026-11-27'],
      ['1', JSON.stringify(refused)],
    ]);
    expect(deadLetters[0].headers['x-error']).toMatch(/^no log record: not JSON/);
    expect(deadLetters[1].headers['x-error']).toMatch(/^refused by the log store: 400 .*partition/);
    expect(await harness.stored(refused.orderId as string)).toEqual([]);
    expect(await metricValue(await harness.url(), 'surge_log_sink_refused_total')).toBe(2);
  });

  it('holds its offsets while OpenSearch is unreachable, and stores every line once it is back', async () => {
    const { proxy, url: proxied } = await TcpProxy.before(testStack.opensearchUrl, 9200);
    try {
      const config = await harness.start({ OPENSEARCH_URL: proxied });
      const first = testLogRecord();
      await harness.ship(first);
      const committed = async (offset: string) => {
        const [partition] = await consumerLag(harness.kafka, config.groupId, harness.topic);
        return partition.committedOffset === offset;
      };
      // Committed, not only stored: the store shows a line before the sink has its answer.
      await waitFor('the first line committed', () => committed('1'));

      proxy.down();
      const lines = Array.from({ length: 5 }, () => testLogRecord());
      const orderIds = lines.map((line) => line.orderId as string);
      await harness.ship(...lines);
      const url = await harness.url();
      await waitFor(
        'a failed bulk write',
        async () => (await metricValue(url, 'surge_log_sink_bulk_failures_total')) >= 2,
      );
      expect(proxy.refused).toBeGreaterThan(0);
      const notReady = await fetch(`${url}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(((await notReady.json()) as { error: object }).error).toMatchObject({ opensearch: { status: 'down' } });
      expect(await harness.stored(...orderIds)).toEqual([]);
      // Nothing committed past what was stored: Kafka still holds the five lines for the group.
      const [lag] = await consumerLag(harness.kafka, config.groupId, harness.topic);
      expect(lag).toMatchObject({ committedOffset: '1', lag: 5 });

      proxy.up();
      await waitFor('the five lines stored', async () => (await harness.stored(...orderIds)).length === 5, {
        timeoutMs: 30_000,
      });
      await waitFor('the offsets committed', () => committed('6'));
    } finally {
      await harness.stopSink();
      await proxy.stop();
    }
  });
});
