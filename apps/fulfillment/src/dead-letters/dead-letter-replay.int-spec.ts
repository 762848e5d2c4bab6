import { countMessages } from '@surge/kafka-testing';
import { refusalMessage, refuseSku, runDlqCommand, uniqueName, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';
import { DeadLetterTopic } from './dead-letter-topic';

const harness = new DrainHarness();
const refusedSku = uniqueName('REFUSED');
let allow: (() => Promise<void>) | null = null;

beforeEach(async () => {
  await harness.setUp({ 'SKU-1': [100, 100], [refusedSku]: [10, 500] });
  allow = await refuseSku(harness.pool, refusedSku);
});
afterEach(async () => {
  await allow?.();
  await harness.tearDown();
});
afterAll(() => harness.end());

/** The operator's command, as a child process against the drain's topics. */
const dlq = (drain: Drain, ...args: string[]) =>
  runDlqCommand({ ORDERS_TOPIC: drain.config.ordersTopic, ORDERS_DLQ_TOPIC: drain.config.deadLetterTopic }, ...args);

describe('dead-letter replay', () => {
  it('lists dead letters with their error and source, and stores a replayed order once however often it is replayed', async () => {
    const drain = await harness.start();
    const culprits = [harness.order([[refusedSku, 1]], 'customer-a'), harness.order([[refusedSku, 2]], 'customer-b')];
    await harness.publish(drain.config.ordersTopic, [harness.order([['SKU-1', 1]]), ...culprits]);
    await waitFor('every message consumed', async () => (await harness.totalLag(drain)) === 0);
    expect(await countMessages(harness.kafka, drain.config.deadLetterTopic)).toBe(2);

    const topic = new DeadLetterTopic(harness.kafka, drain.config);
    const entries = await topic.list();
    expect(entries.map((e) => e.orderId).sort()).toEqual(culprits.map((c) => c.orderId).sort());
    for (const entry of entries) {
      expect(entry.error).toBe(
        `database refused the order: ${refusalMessage(refusedSku)} (ER_SIGNAL_EXCEPTION 1644 SQLSTATE 45000)`,
      );
      expect(entry.source.topic).toBe(drain.config.ordersTopic);
      expect(entry.source.partition).toEqual(expect.any(Number));
      expect(Date.now() - Date.parse(entry.time)).toBeLessThan(120_000);
    }
    const shown = await topic.show(entries[0].partition, BigInt(entries[0].offset));
    expect(shown?.message.headers['x-source-offset']).toBe(entries[0].source.offset);
    expect(await dlq(drain, 'list')).toContain('2 dead letter(s) in');
    const shownByCommand = JSON.parse(await dlq(drain, 'show', `${entries[0].partition}:${entries[0].offset}`)) as {
      orderId: string;
      headers: Record<string, string>;
      value: string;
    };
    expect(shownByCommand.orderId).toBe(entries[0].orderId);
    expect(shownByCommand.headers['x-error']).toBe(entries[0].error);
    expect(JSON.parse(shownByCommand.value)).toMatchObject({ orderId: entries[0].orderId });

    // The fix, then the replay: once by the operator's command, then twice more.
    await allow?.();
    allow = null;
    expect(await dlq(drain, 'replay', '--all')).toContain(`2 dead letter(s) replayed into ${drain.config.ordersTopic}`);
    await topic.replay({});
    await topic.replay({
      partition: entries[0].partition,
      from: BigInt(entries[0].offset),
      to: BigInt(entries[0].offset),
    });

    await waitFor('both replayed orders stored', async () => {
      const counts = await Promise.all(culprits.map((c) => harness.timesStored(c.orderId)));
      return counts.every((n) => n >= 1);
    });
    await waitFor('every replay consumed', async () => (await harness.totalLag(drain)) === 0);
    for (const culprit of culprits) expect(await harness.timesStored(culprit.orderId)).toBe(1);
    expect(await harness.storedCount()).toBe(3);
    expect(await harness.available(refusedSku)).toBe(10 - 3);
    // Nothing refused again: the replays were stored or skipped, never dead-lettered anew.
    expect(await countMessages(harness.kafka, drain.config.deadLetterTopic)).toBe(2);
  });

  it('dead-letters a replayed order again while the database still refuses it', async () => {
    const drain = await harness.start({ topicPartitions: 1 });
    const culprit = harness.order([[refusedSku, 1]]);
    await harness.publish(drain.config.ordersTopic, [culprit]);
    await waitFor(
      'the dead letter',
      async () => (await countMessages(harness.kafka, drain.config.deadLetterTopic)) === 1,
    );

    const topic = new DeadLetterTopic(harness.kafka, drain.config);
    expect((await topic.replay({ partition: 0 })).replayed).toHaveLength(1);
    await waitFor(
      'the second dead letter',
      async () => (await countMessages(harness.kafka, drain.config.deadLetterTopic)) === 2,
    );
    const [first, again] = await topic.list();
    expect(again.orderId).toBe(culprit.orderId);
    expect(again.source.offset).toBe('1');
    const shown = await topic.show(again.partition, BigInt(again.offset));
    expect(shown?.message.headers['x-replayed-from']).toBe(
      `${drain.config.deadLetterTopic}[${first.partition}]@${first.offset}`,
    );
    expect(await harness.timesStored(culprit.orderId)).toBe(0);
  });

  it('lists and replays through the admin API, with the same rules as the command', async () => {
    const token = 'dead-letter-admin-token';
    const drain = await harness.start({ adminToken: token, topicPartitions: 1 });
    const culprit = harness.order([[refusedSku, 1]]);
    await harness.publish(drain.config.ordersTopic, [culprit, harness.order([['SKU-1', 1]])]);
    await waitFor('every message consumed', async () => (await harness.totalLag(drain)) === 0);
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown, auth = token) => {
      const response = await fetch(`${drain.url}/admin/dlq${path}`, {
        method,
        headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    expect((await call('GET', '', undefined, 'not-the-admin-token')).status).toBe(401);
    expect(await call('GET', '/count')).toEqual({
      status: 200,
      body: { topic: drain.config.deadLetterTopic, count: 1 },
    });
    const listed = await call('GET', '?partition=0');
    expect(listed.status).toBe(200);
    expect(listed.body.deadLetters).toEqual([
      expect.objectContaining({
        partition: 0,
        offset: '0',
        orderId: culprit.orderId,
        error: expect.stringContaining(refusalMessage(refusedSku)) as unknown,
        source: { topic: drain.config.ordersTopic, partition: 0, offset: '0' },
      }),
    ]);
    expect(await call('GET', '?from=3')).toMatchObject({
      status: 400,
      body: { message: 'from and to are offsets within one partition: give the partition too' },
    });
    expect(await call('GET', '?partition=zero')).toMatchObject({ status: 400 });
    expect(await call('POST', '/replay', {})).toMatchObject({
      status: 400,
      body: { message: 'replay needs all or a partition (with from and to to narrow it)' },
    });

    await allow?.();
    allow = null;
    for (let i = 0; i < 2; i++) {
      const replayed = await call('POST', '/replay', { all: true });
      expect(replayed.status).toBe(200);
      expect(replayed.body).toMatchObject({ ordersTopic: drain.config.ordersTopic, replayed: [{ offset: '0' }] });
    }
    await waitFor('the replayed order stored', async () => (await harness.timesStored(culprit.orderId)) === 1);
    await waitFor('both replays consumed', async () => (await harness.totalLag(drain)) === 0);
    expect(await harness.timesStored(culprit.orderId)).toBe(1);
    expect(await countMessages(harness.kafka, drain.config.deadLetterTopic)).toBe(1);
  });
});
