import { Logger } from '@nestjs/common';
import { BatchingProducer, type BatchingProducerOptions, type BatchStats } from './batching-producer';
import { ProducerOverloadedError, ProducerUnavailableError } from './producer-errors';
import { FakeKafka } from './test-support/fake-kafka';

const TOPIC = 'orders';
// With 3 partitions the default partitioner puts customer-a on 0 and customer-b on 1.
const ON_PARTITION_0 = 'customer-a';
const ON_PARTITION_1 = 'customer-b';

const options: BatchingProducerOptions = {
  lingerMs: 0,
  maxBatchMessages: 100,
  maxBatchBytes: 1 << 20,
  maxInFlight: 1000,
  sendTimeoutMs: 10_000,
  compression: 'none',
};

/** Lets the producer's promise chains run (a resolved sendBatch, the next flush). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(overrides: Partial<BatchingProducerOptions> = {}) {
  const kafka = new FakeKafka(3);
  const batches: BatchStats[] = [];
  const producer = new BatchingProducer(
    kafka.asKafka,
    { ...options, ...overrides },
    { onBatch: (b) => batches.push(b) },
  );
  const send = (value: string, key = ON_PARTITION_0) => producer.send(TOPIC, { key, value: Buffer.from(value) });
  return { kafka, producer, batches, send };
}

/** Outcome of each promise once settled: 'ok' or the error's class name. */
async function outcomes(promises: Array<Promise<unknown>>): Promise<string[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as Error).name));
}

describe('BatchingProducer', () => {
  // Quiet, and checkable: the producer warns when it refuses to acknowledge.
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  it('coalesces the sends that arrive within the linger into one request', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 20 });
    await producer.connect();
    const sent = ['order-1', 'order-2', 'order-3'].map((v) => send(v));
    const requests = kafka.lastProducer.sends;
    expect(requests).toHaveLength(0);

    await waitUntil(() => requests.length === 1);
    expect(requests[0].values).toEqual(['order-1', 'order-2', 'order-3']);
    expect(requests[0].request.acks).toBe(-1);
    requests[0].acknowledgeAll();
    expect(await outcomes(sent)).toEqual(['ok', 'ok', 'ok']);
  });

  it('resolves each message with the partition and offset the broker wrote it at', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 20 });
    await producer.connect();
    const sent = ['order-1', 'order-2', 'order-3'].map((v) => send(v));
    await waitUntil(() => kafka.lastProducer.sends.length === 1);
    const request = kafka.lastProducer.sends[0];
    request.acknowledgeAll();
    const deliveries = await Promise.all(sent);
    // Offsets count up from the partition's base offset in the order sent.
    const expected = new Map<number, number>();
    for (const [i, value] of ['order-1', 'order-2', 'order-3'].entries()) {
      const partition = request.partitionOf(value);
      const offset = expected.get(partition) ?? 100;
      expected.set(partition, offset + 1);
      expect(deliveries[i]).toEqual({ partition, offset: String(offset) });
    }
  });

  it('keeps exactly one batch in flight; the next one fills meanwhile and goes when the first settles', async () => {
    const { kafka, producer, send, batches } = setUp();
    await producer.connect();
    const first = send('order-1');
    const requests = kafka.lastProducer.sends;
    expect(requests).toHaveLength(1);

    const later = ['order-2', 'order-3', 'order-4'].map((v) => send(v));
    await settle();
    expect(requests).toHaveLength(1);
    expect(producer.inFlightCount).toBe(4);

    requests[0].acknowledgeAll();
    await first;
    await waitUntil(() => requests.length === 2);
    expect(requests[1].values).toEqual(['order-2', 'order-3', 'order-4']);
    requests[1].acknowledgeAll();
    expect(await outcomes(later)).toEqual(['ok', 'ok', 'ok']);
    expect(batches.map((b) => [b.messages, b.ok])).toEqual([
      [1, true],
      [3, true],
    ]);
    expect(producer.inFlightCount).toBe(0);
  });

  it('cuts batches at maxBatchMessages', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 5, maxBatchMessages: 2 });
    await producer.connect();
    const sent = ['order-1', 'order-2', 'order-3'].map((v) => send(v));
    const requests = kafka.lastProducer.sends;
    await waitUntil(() => requests.length === 1);
    expect(requests[0].values).toEqual(['order-1', 'order-2']);
    requests[0].acknowledgeAll();
    await waitUntil(() => requests.length === 2);
    expect(requests[1].values).toEqual(['order-3']);
    requests[1].acknowledgeAll();
    expect(await outcomes(sent)).toEqual(['ok', 'ok', 'ok']);
  });

  it('fails only the sends of the batch that failed; the next batch is acknowledged', async () => {
    const { kafka, producer, send, batches } = setUp();
    await producer.connect();
    const first = send('order-1');
    const second = ['order-2', 'order-3'].map((v) => send(v));
    kafka.lastProducer.sends[0].fail(new Error('NOT_ENOUGH_REPLICAS'));

    await expect(first).rejects.toThrow(ProducerUnavailableError);
    await expect(first).rejects.toThrow(/produce failed: NOT_ENOUGH_REPLICAS/);
    await waitUntil(() => kafka.producers.length === 2 && kafka.lastProducer.sends.length === 1);
    expect(kafka.lastProducer.sends[0].values).toEqual(['order-2', 'order-3']);
    kafka.lastProducer.sends[0].acknowledgeAll();
    expect(await outcomes(second)).toEqual(['ok', 'ok']);
    expect(batches.map((b) => b.ok)).toEqual([false, true]);
  });

  // kafkajs#1303: a retried send can resolve although a partition it held was never written.
  it('acknowledges only messages whose partition has an error-free entry in the result', async () => {
    const { kafka, producer, send, batches } = setUp({ lingerMs: 5 });
    await producer.connect();
    const sent = [send('a-1', ON_PARTITION_0), send('b-1', ON_PARTITION_1), send('a-2', ON_PARTITION_0)];
    const requests = kafka.lastProducer.sends;
    await waitUntil(() => requests.length === 1);
    expect(requests[0].partitionOf('a-1')).toBe(0);
    expect(requests[0].partitionOf('b-1')).toBe(1);

    requests[0].acknowledge([{ topic: TOPIC, partition: 0, errorCode: 0 }]);
    expect(await outcomes(sent)).toEqual(['ok', 'ProducerUnavailableError', 'ok']);
    expect(batches).toEqual([expect.objectContaining({ messages: 3, ok: false })]);
    expect(warn).toHaveBeenCalledWith("1 of 3 messages missing from the broker's acknowledgement");
  });

  it('does not acknowledge a message whose partition entry carries an error code', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 5 });
    await producer.connect();
    const sent = [send('a-1', ON_PARTITION_0), send('b-1', ON_PARTITION_1)];
    const requests = kafka.lastProducer.sends;
    await waitUntil(() => requests.length === 1);
    requests[0].acknowledge([
      { topic: TOPIC, partition: 0, errorCode: 0 },
      { topic: TOPIC, partition: 1, errorCode: 6 },
    ]);
    expect(await outcomes(sent)).toEqual(['ok', 'ProducerUnavailableError']);
  });

  it('replaces the producer after a failed batch, before sending the next one', async () => {
    const { kafka, producer, send } = setUp();
    await producer.connect();
    const failed = kafka.lastProducer;
    const first = send('order-1');
    failed.sends[0].fail(new Error('connection lost'));
    await expect(first).rejects.toThrow(ProducerUnavailableError);
    expect(kafka.producers).toHaveLength(1);

    const next = send('order-2');
    await waitUntil(() => kafka.producers.length === 2 && kafka.lastProducer.sends.length === 1);
    const fresh = kafka.lastProducer;
    expect(failed.disconnects).toBe(1);
    expect(failed.sends).toHaveLength(1);
    expect(fresh.connects).toBe(1);
    expect(fresh.config).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
    fresh.sends[0].acknowledgeAll();
    await expect(next).resolves.toEqual({ partition: 0, offset: '100' });
  });

  it('replaces the producer after a partial acknowledgement too', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 5 });
    await producer.connect();
    const sent = [send('a-1', ON_PARTITION_0), send('b-1', ON_PARTITION_1)];
    await waitUntil(() => kafka.lastProducer.sends.length === 1);
    kafka.lastProducer.sends[0].acknowledge([{ topic: TOPIC, partition: 0, errorCode: 0 }]);
    await outcomes(sent);

    const next = send('a-2');
    await waitUntil(() => kafka.producers.length === 2 && kafka.lastProducer.sends.length === 1);
    kafka.lastProducer.sends[0].acknowledgeAll();
    await expect(next).resolves.toEqual({ partition: 0, offset: '100' });
  });

  it('rejects a send not acknowledged within sendTimeoutMs', async () => {
    jest.useFakeTimers();
    try {
      const { kafka, producer, send } = setUp({ sendTimeoutMs: 5000 });
      await producer.connect();
      const sent = send('order-1');
      const outcome = outcomes([sent]);
      expect(kafka.lastProducer.sends).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(4999);
      expect(producer.inFlightCount).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await outcome).toEqual(['ProducerUnavailableError']);
      await expect(sent).rejects.toThrow('no acknowledgement within 5000 ms');
      expect(producer.inFlightCount).toBe(0);
      // A late acknowledgement changes nothing for a request already answered.
      kafka.lastProducer.sends[0].acknowledgeAll();
      await jest.advanceTimersByTimeAsync(0);
      expect(producer.inFlightCount).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports each produce request on the wire, answered or timed out', async () => {
    const kafka = new FakeKafka(3);
    const requests: boolean[] = [];
    const producer = new BatchingProducer(kafka.asKafka, options, { onProduceRequest: ({ ok }) => requests.push(ok) });
    await producer.connect();
    const first = producer.send(TOPIC, { key: ON_PARTITION_0, value: Buffer.from('order-1') });
    kafka.lastProducer.sends[0].timeOut();
    await expect(first).rejects.toThrow(ProducerUnavailableError);
    const second = producer.send(TOPIC, { key: ON_PARTITION_0, value: Buffer.from('order-2') });
    await waitUntil(() => kafka.lastProducer.sends.length === 1);
    kafka.lastProducer.sends[0].acknowledgeAll();
    await second;
    expect(requests).toEqual([false, true]);
  });

  it('refuses at once past maxInFlight', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 60_000, maxInFlight: 2 });
    await producer.connect();
    const queued = [send('order-1'), send('order-2')];
    await expect(send('order-3')).rejects.toThrow(ProducerOverloadedError);
    producer.stopLingering();
    await waitUntil(() => kafka.lastProducer.sends.length === 1);
    expect(kafka.lastProducer.sends[0].values).toEqual(['order-1', 'order-2']);
    kafka.lastProducer.sends[0].acknowledgeAll();
    expect(await outcomes(queued)).toEqual(['ok', 'ok']);
  });

  it('close() sends what is queued, waits for its acknowledgement, then disconnects', async () => {
    const { kafka, producer, send } = setUp({ lingerMs: 60_000 });
    await producer.connect();
    const sent = send('order-1');
    const closed = producer.close();
    await waitUntil(() => kafka.lastProducer.sends.length === 1);
    expect(kafka.lastProducer.disconnects).toBe(0);
    kafka.lastProducer.sends[0].acknowledgeAll();
    await closed;
    await expect(sent).resolves.toEqual({ partition: 0, offset: '100' });
    expect(kafka.lastProducer.disconnects).toBe(1);
  });
});

/**
 * Polls a condition the producer reaches through timers and promise chains
 * (bounded: fails after 2 s); a wait on a condition, not a sleep. libs/kafka
 * is tagged type:infra, which the boundary rule keeps from depending on
 * @surge/testing (type:testing): hence this small copy of its waitFor.
 */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 2 s');
    // One turn of the event loop (timers and I/O run), never a fixed pause.
    await new Promise<void>((next) => setImmediate(next));
  }
}

describe('BatchingProducer.warm', () => {
  it('loads the topic metadata through an empty batch once every partition has a leader, sending no message', async () => {
    const { kafka, producer } = setUp();
    await producer.connect();
    const warming = producer.warm(TOPIC);
    await settle();
    const [request] = kafka.lastProducer.sends;
    expect(request.request.topicMessages).toEqual([{ topic: TOPIC, messages: [] }]);
    expect(request.placed).toEqual([]);
    request.acknowledge([]);
    await expect(warming).resolves.toBeUndefined();
  });

  it('stays cold, naming the partitions, while any partition has no leader', async () => {
    const { kafka, producer } = setUp();
    kafka.partitionMetadata[2].leader = -1;
    await producer.connect();
    await expect(producer.warm(TOPIC)).rejects.toThrow(
      new ProducerUnavailableError('partitions 2 of orders have no leader yet'),
    );
    expect(kafka.lastProducer.sends).toEqual([]);
  });
});
