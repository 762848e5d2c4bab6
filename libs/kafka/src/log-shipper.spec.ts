import { CompressionTypes } from 'kafkajs';
import { LogShipper, type LogShipperOptions } from './log-shipper';
import { FakeKafka } from './test-support/fake-kafka';

const options: LogShipperOptions = {
  topic: 'surge.logs',
  key: 'order-intake',
  headers: { 'surge-instance': 'box:7' },
  batchLines: 2,
  lingerMs: 1000,
  queueLines: 3,
  compression: 'gzip',
};

function setUp(overrides: Partial<LogShipperOptions> = {}) {
  const kafka = new FakeKafka(1);
  const shipper = new LogShipper(kafka.asKafka, { ...options, ...overrides });
  const producer = kafka.lastProducer;
  /** The lines of each message sent, one array per message. */
  const shipped = () => producer.plainSends.flatMap((s) => s.messages.map((m) => String(m.value).split('\n')));
  return { shipper, producer, shipped };
}

/** Lets the shipper's promise chains run (a send that resolved, the next batch). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LogShipper', () => {
  afterEach(() => jest.useRealTimers());

  it('sends a full batch at once as one message and a partial one after the linger, gzip-compressed with acks=1', async () => {
    jest.useFakeTimers();
    const { shipper, producer, shipped } = setUp();
    shipper.push(['a', 'b', 'c']);
    await jest.advanceTimersByTimeAsync(0);
    expect(shipped()).toEqual([['a', 'b']]);

    await jest.advanceTimersByTimeAsync(999);
    expect(shipped()).toEqual([['a', 'b']]);
    await jest.advanceTimersByTimeAsync(1);
    expect(shipped()).toEqual([['a', 'b'], ['c']]);
    expect(producer.plainSends[0]).toMatchObject({ topic: 'surge.logs', acks: 1, compression: CompressionTypes.GZIP });
    expect(producer.plainSends[0].messages).toEqual([
      { key: 'order-intake', value: 'a\nb', headers: { 'surge-instance': 'box:7' } },
    ]);
    expect(shipper.counts).toEqual({ shipped: 3, queueFull: 0, refused: 0 });
  });

  it('closes a message early rather than let it grow past 256 KiB of text', async () => {
    const { shipper, shipped } = setUp({ batchLines: 10 });
    const long = 'x'.repeat(200 * 1024);
    shipper.push([long, 'a', long]);
    await shipper.close();
    expect(shipped()).toEqual([[long, 'a'], [long]]);
  });

  it('drops and counts what finds the queue full while Kafka is slow, and never waits', async () => {
    const { shipper, producer, shipped } = setUp();
    let answer = () => undefined as void;
    producer.holdSends = new Promise<void>((resolve) => (answer = resolve));
    shipper.push(['a', 'b', 'c']);
    shipper.push(['d', 'e']);
    // a and b are in flight, c waits: the queue of three holds them; d and e are dropped.
    expect(shipper.counts).toEqual({ shipped: 0, queueFull: 2, refused: 0 });

    answer();
    producer.holdSends = null;
    await settle();
    shipper.push(['f']);
    await shipper.close();
    expect(shipped()).toEqual([
      ['a', 'b'],
      ['c', 'f'],
    ]);
    expect(shipper.counts).toEqual({ shipped: 4, queueFull: 2, refused: 0 });
  });

  it('counts a message Kafka refuses as dropped lines, keeps its error for the warning, and ships the next one', async () => {
    const { shipper, producer, shipped } = setUp();
    producer.failSends = 1;
    shipper.push(['a', 'b']);
    await settle();
    expect(shipper.counts).toEqual({ shipped: 0, queueFull: 0, refused: 2 });
    expect(shipper.lastError).toContain('larger than the max message size');

    shipper.push(['c', 'd']);
    await settle();
    expect(shipped()).toEqual([['c', 'd']]);
    expect(shipper.counts).toEqual({ shipped: 2, queueFull: 0, refused: 2 });
  });

  it('close() sends what is queued without waiting out the linger, then disconnects', async () => {
    const { shipper, producer, shipped } = setUp({ lingerMs: 60_000 });
    shipper.push(['a']);
    await shipper.close();
    expect(shipped()).toEqual([['a']]);
    expect(producer.disconnects).toBe(1);
  });
});
