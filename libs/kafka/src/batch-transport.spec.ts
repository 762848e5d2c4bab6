import { Logger } from '@nestjs/common';
import { KafkaBatchTransport, type BatchTransportOptions, type DrainObserver } from './batch-transport';
import { DrainThrottle } from '@surge/pacing';
import type { BatchOutcome, InboundMessage } from './inbound-message';
import { FakeFetch, FakeKafka, fakeTransportOptions } from './test-support/fake-kafka';

const TOPIC = 'orders';
const PATTERN = 'order-events';

type Handler = (messages: InboundMessage[]) => Promise<BatchOutcome>;

async function setUp(overrides: Partial<BatchTransportOptions> = {}, positions: FakeKafka['positions'] = {}) {
  const kafka = new FakeKafka(3);
  Object.assign(kafka.positions, positions);
  const throttle = new DrainThrottle(0);
  const transport = new KafkaBatchTransport({
    ...fakeTransportOptions(kafka, { [PATTERN]: TOPIC }, throttle),
    ...overrides,
  });
  const observed: string[] = [];
  const observer: DrainObserver = {
    onBatch: ({ size, ok }) => observed.push(`batch ${size} ${ok ? 'ok' : 'failed'}`),
    onLag: ({ lag }) => observed.push(`lag ${lag}`),
    onDeadLetters: (count) => observed.push(`dead letters ${count}`),
    onExpired: ({ count }) => observed.push(`expired ${count}`),
  };
  transport.observe(observer);
  const handler = { current: (async () => ({ deadLetters: [] })) as Handler };
  transport.addHandler(PATTERN, async (messages: InboundMessage[]) => {
    kafka.log.push(`handle ${messages.map((m) => m.offset).join(',')}`);
    return handler.current(messages);
  });
  await new Promise<void>((resolve, reject) => transport.listen((error) => (error ? reject(error) : resolve())));
  const fetch = (values: string[], firstOffset = 0) => new FakeFetch(TOPIC, 0, values, firstOffset);
  const consume = (fetched: FakeFetch) => kafka.member.eachBatch(fetched);
  return { kafka, transport, throttle, handler, observed, fetch, consume, log: kafka.log };
}

/** A promise the test resolves by hand, to hold the handler mid-write. */
function held<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KafkaBatchTransport', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('consumes with autoCommit off and commits a batch only after its handler resolved', async () => {
    const { kafka, handler, consume, fetch, log } = await setUp();
    expect(kafka.member.runConfig).toMatchObject({ autoCommit: false, eachBatchAutoResolve: false });
    const write = held<BatchOutcome>();
    handler.current = () => write.promise;
    const fetched = fetch(['o-0', 'o-1', 'o-2']);
    const consumed = consume(fetched);
    await flush();
    expect(log).toEqual(['handle 0,1,2']);
    expect(kafka.member.commits).toEqual([]);
    expect(fetched.resolved).toEqual([]);

    write.resolve({ deadLetters: [] });
    await consumed;
    expect(log).toEqual(['handle 0,1,2', 'commit 3']);
    expect(kafka.member.commits).toEqual([{ topic: TOPIC, partition: 0, offset: '3' }]);
    expect(fetched.resolved).toEqual(['2']);
  });

  // kafkajs drops consumer.commitOffsets() once disconnect() began: the batch in hand was stored but never committed.
  it('commits the batch in hand when shutdown begins while the handler writes it', async () => {
    const { transport, handler, consume, fetch, log } = await setUp();
    const write = held<BatchOutcome>();
    handler.current = () => write.promise;
    const consumed = consume(fetch(['o-0', 'o-1']));
    await flush();
    const closed = transport.close();
    await flush();
    expect(log).toEqual(['handle 0,1']);

    write.resolve({ deadLetters: [] });
    await consumed;
    await closed;
    expect(log).toEqual(['handle 0,1', 'commit 2']);
  });

  it('applies a new batch size from the next batch and restarts the run loop only for a new concurrency', async () => {
    const { kafka, transport, consume, fetch, log } = await setUp({ batchSize: 4 });
    await transport.reconfigure({ partitionsConcurrency: 1, batchSize: 2 });
    expect(kafka.member.runs).toHaveLength(1);
    await consume(fetch(['o-0', 'o-1', 'o-2']));
    expect(log).toEqual(['handle 0,1', 'commit 2', 'handle 2', 'commit 3']);

    kafka.member.join({ [TOPIC]: [0, 2] });
    expect(transport.assignedPartitions).toEqual([0, 2]);
    await transport.reconfigure({ partitionsConcurrency: 3, batchSize: 2 });
    expect(kafka.member.runs.map((r) => r.partitionsConsumedConcurrently)).toEqual([1, 3]);
    expect(transport.runSettings).toEqual({ partitionsConcurrency: 3, batchSize: 2 });
    expect(transport.assignedPartitions).toEqual([]); // until the group assigns again
  });

  it('sends the dead letters, acknowledged, before committing past them', async () => {
    const { kafka, handler, consume, fetch, log, observed } = await setUp();
    handler.current = async (messages) => ({ deadLetters: [{ message: messages[1], reason: 'not an order' }] });
    const [dlq] = kafka.producers;
    const broker = held<void>();
    dlq.holdSends = broker.promise;
    const consumed = consume(fetch(['o-0', 'garbage', 'o-2']));
    await flush();
    expect(log).toEqual(['handle 0,1,2']);

    broker.resolve();
    await consumed;
    expect(log).toEqual(['handle 0,1,2', 'dead-letter 1', 'commit 3']);
    expect(dlq.plainSends).toEqual([
      {
        topic: 'orders.dlq',
        acks: -1,
        messages: [
          expect.objectContaining({
            value: Buffer.from('garbage'),
            headers: expect.objectContaining({
              'x-error': 'not an order',
              'x-source-topic': TOPIC,
              'x-source-partition': '0',
              'x-source-offset': '1',
            }),
          }),
        ],
      },
    ]);
    expect(observed).toEqual(['dead letters 1', 'batch 3 ok', 'lag 0']);
  });

  it('holds a batch whose dead letters cannot be written, without handling it again, and reports the partition', async () => {
    const { kafka, transport, handler, consume, fetch, log, observed } = await setUp();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    handler.current = async (messages) => ({ deadLetters: [{ message: messages[1], reason: 'not an order' }] });
    const [dlq] = kafka.producers;
    dlq.failSends = 3;
    const blocks: number[] = [];
    const send = dlq.send.bind(dlq);
    jest.spyOn(dlq, 'send').mockImplementation((record) => {
      blocks.push(transport.deadLetterBlocks().length);
      return send(record);
    });
    await consume(fetch(['o-0', 'garbage', 'o-2']));

    expect(log).toEqual([
      'handle 0,1,2',
      'dead-letter refused',
      'dead-letter refused',
      'dead-letter refused',
      'dead-letter 1',
      'commit 3',
    ]);
    // Reported after the second refusal (deadLetterAttempts 2), cleared once written.
    expect(blocks).toEqual([0, 0, 1, 1]);
    expect(transport.deadLetterBlocks()).toEqual([]);
    expect(observed).toEqual(['dead letters 1', 'batch 3 ok', 'lag 0']);
  });

  it('cuts a fetch into batches of at most batchSize for the handler, committing each', async () => {
    const { consume, fetch, log, observed } = await setUp({ batchSize: 2 });
    await consume(fetch(['o-0', 'o-1', 'o-2', 'o-3', 'o-4']));
    expect(log).toEqual(['handle 0,1', 'commit 2', 'handle 2,3', 'commit 4', 'handle 4', 'commit 5']);
    expect(observed).toEqual(['batch 2 ok', 'lag 3', 'batch 2 ok', 'lag 1', 'batch 1 ok', 'lag 0']);
  });

  it('retries a failed batch after a backoff, commits nothing for the failure, and skips nothing', async () => {
    const { handler, consume, fetch, log, observed } = await setUp();
    let calls = 0;
    handler.current = async () => {
      if (++calls < 3) throw new Error('MySQL gone away');
      return { deadLetters: [] };
    };
    const fetched = fetch(['o-0', 'o-1']);
    await consume(fetched);
    expect(log).toEqual(['handle 0,1', 'handle 0,1', 'handle 0,1', 'commit 2']);
    expect(observed).toEqual(['batch 2 failed', 'batch 2 failed', 'batch 2 ok', 'lag 0']);
    // One heartbeat per backoff wait, and one after the commit.
    expect(fetched.heartbeats).toHaveLength(3);
  });

  it('heartbeats through a long backoff so the group keeps the member', async () => {
    jest.useFakeTimers();
    const { handler, consume, fetch, log } = await setUp({ retry: { initialMs: 4000, maxMs: 4000 } });
    let calls = 0;
    handler.current = async () => {
      if (++calls === 1) throw new Error('lock wait timeout');
      return { deadLetters: [] };
    };
    const fetched = fetch(['o-0']);
    const consumed = consume(fetched);
    // The backoff is 2-4 s: by 2 s it has heartbeaten twice and not retried.
    await jest.advanceTimersByTimeAsync(2000);
    expect(log).toEqual(['handle 0']);
    expect(fetched.heartbeats).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2000);
    await consumed;
    expect(log).toEqual(['handle 0', 'handle 0', 'commit 1']);
  });

  it('heartbeats while a slow handler runs, and stops once it resolved', async () => {
    jest.useFakeTimers();
    const { handler, consume, fetch, log } = await setUp();
    const write = held<BatchOutcome>();
    handler.current = () => write.promise;
    const fetched = fetch(['o-0']);
    const consumed = consume(fetched);
    // Longer than the 10 s session timeout: without heartbeats the group would evict the member.
    await jest.advanceTimersByTimeAsync(12_000);
    expect(fetched.heartbeats).toHaveLength(12);
    write.resolve({ deadLetters: [] });
    await consumed;
    const afterCommit = fetched.heartbeats.length;
    await jest.advanceTimersByTimeAsync(5000);
    expect(fetched.heartbeats).toHaveLength(afterCommit);
    expect(log).toEqual(['handle 0', 'commit 1']);
  });

  it('gives the batch up uncommitted when the heartbeat fails during a backoff (rebalance)', async () => {
    const { handler, consume, fetch, log } = await setUp();
    const fetched = fetch(['o-0', 'o-1']);
    handler.current = async () => {
      fetched.heartbeatError = new Error('REBALANCE_IN_PROGRESS');
      throw new Error('deadlock');
    };
    await consume(fetched);
    expect(log).toEqual(['handle 0,1']);
  });

  it('gives the batch up uncommitted when the consumer stops during a backoff (shutdown)', async () => {
    const { handler, consume, fetch, log } = await setUp();
    const fetched = fetch(['o-0']);
    handler.current = async () => {
      fetched.running = false;
      throw new Error('deadlock');
    };
    await consume(fetched);
    expect(log).toEqual(['handle 0']);
  });

  it('does not handle a stale fetch (partition revoked by a rebalance)', async () => {
    const { consume, fetch, log } = await setUp();
    const fetched = fetch(['o-0', 'o-1']);
    fetched.stale = true;
    await consume(fetched);
    expect(log).toEqual([]);
  });

  it('stops at a batch boundary when the fetch goes stale mid-way, leaving the rest for the next owner', async () => {
    const { handler, consume, fetch, log } = await setUp({ batchSize: 2 });
    const fetched = fetch(['o-0', 'o-1', 'o-2', 'o-3']);
    handler.current = async () => {
      fetched.stale = true;
      return { deadLetters: [] };
    };
    await consume(fetched);
    expect(log).toEqual(['handle 0,1', 'commit 2']);
  });

  it('holds a fetch while paused, heartbeating, and drains it after resume', async () => {
    jest.useFakeTimers();
    const { transport, consume, fetch, log } = await setUp();
    transport.pause();
    const fetched = fetch(['o-0']);
    const consumed = consume(fetched);
    await jest.advanceTimersByTimeAsync(3000);
    expect(log).toEqual([]);
    expect(fetched.heartbeats.length).toBeGreaterThanOrEqual(5);
    transport.resume();
    await jest.advanceTimersByTimeAsync(500);
    await consumed;
    expect(log).toEqual(['handle 0', 'commit 1']);
  });

  it('counts the batch being written when paused as in hand until it commits, and starts none after', async () => {
    const { transport, handler, consume, fetch, log } = await setUp({ batchSize: 1 });
    const write = held<BatchOutcome>();
    handler.current = () => write.promise;
    const consumed = consume(fetch(['o-0', 'o-1']));
    await flush();
    transport.pause();
    expect(transport.batchesInHand).toBe(1);

    write.resolve({ deadLetters: [] });
    await flush();
    expect(transport.batchesInHand).toBe(0);
    expect(log).toEqual(['handle 0', 'commit 1']); // the second batch waits for resume, not counted

    handler.current = async () => ({ deadLetters: [] });
    transport.resume();
    await consumed;
    expect(log).toEqual(['handle 0', 'commit 1', 'handle 1', 'commit 2']);
    expect(transport.batchesInHand).toBe(0);
  });

  it('paces to its share of the group ceiling, re-computed on every assignment', async () => {
    const throttle = new DrainThrottle(300);
    const { kafka } = await setUp({ throttle });
    kafka.member.join({ [TOPIC]: [0] });
    expect(throttle.snapshot()).toMatchObject({ share: 1 / 3, instanceCeiling: 100 });
    kafka.member.join({ [TOPIC]: [0, 1, 2] });
    expect(throttle.snapshot()).toMatchObject({ share: 1, instanceCeiling: 300 });
  });

  it('logs and reports the orders retention deleted under the committed position, then drains on', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    // The group stood at 5; Kafka has deleted up to 12, and kafkajs fetches from the log start.
    const { kafka, consume, fetch, observed } = await setUp({}, { 0: { committed: '5', start: '12' } });
    await consume(fetch(['o-12', 'o-13'], 12));
    expect(observed).toContain('expired 7');
    expect(errors.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining('orders[0]: 7 orders (offsets 5..11) were deleted'),
    ]);
    expect(kafka.member.commits).toEqual([{ topic: TOPIC, partition: 0, offset: '14' }]);
    // The next batch follows on from the transport's own commit: no gap, nothing more reported.
    await consume(fetch(['o-14'], 14));
    expect(observed.filter((o) => o.startsWith('expired'))).toEqual(['expired 7']);
  });

  it('refuses to start when a routed pattern has no handler', async () => {
    const transport = new KafkaBatchTransport({
      kafka: new FakeKafka(1).asKafka,
      groupId: 'fulfillment',
      routes: { 'no-such-pattern': TOPIC },
      batchSize: 10,
      partitionsConsumedConcurrently: 1,
      deadLetterTopic: 'orders.dlq',
      deadLetterAttempts: 2,
      retry: { initialMs: 10, maxMs: 10 },
      throttle: new DrainThrottle(0),
    });
    const error = await new Promise((resolve) => transport.listen(resolve));
    expect(error).toEqual(new Error(`no @MessagePattern('no-such-pattern') handler for ${TOPIC}`));
  });
});
