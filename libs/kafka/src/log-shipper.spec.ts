import { CompressionTypes } from 'kafkajs';
import { LogShipper, type LogShipperOptions } from './log-shipper';
import { FakeKafka } from './test-support/fake-kafka';

const options: LogShipperOptions = {
  topic: 'surge.logs',
  batchLines: 2,
  lingerMs: 1000,
  queueLines: 3,
  compression: 'gzip',
};

function setUp(overrides: Partial<LogShipperOptions> = {}) {
  const kafka = new FakeKafka(1);
  const shipper = new LogShipper(kafka.asKafka, { ...options, ...overrides });
  const producer = kafka.lastProducer;
  const shipped = () => producer.plainSends.map((s) => s.messages.map((m) => String(m.value)));
  return { shipper, producer, shipped };
}

/** Lets the shipper's promise chains run (a send that resolved, the next batch). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('LogShipper', () => {
  afterEach(() => jest.useRealTimers());

  it('sends a full batch at once and a partial one after the linger, gzip-compressed with acks=1', async () => {
    jest.useFakeTimers();
    const { shipper, producer, shipped } = setUp();
    shipper.push('order-intake', 'a');
    shipper.push('order-intake', 'b');
    await jest.advanceTimersByTimeAsync(0);
    expect(shipped()).toEqual([['a', 'b']]);
    // Lines that arrive while a batch is in flight go right after it; this one comes later.
    shipper.push('order-intake', 'c');

    await jest.advanceTimersByTimeAsync(999);
    expect(shipped()).toEqual([['a', 'b']]);
    await jest.advanceTimersByTimeAsync(1);
    expect(shipped()).toEqual([['a', 'b'], ['c']]);
    expect(producer.plainSends[0]).toMatchObject({ topic: 'surge.logs', acks: 1, compression: CompressionTypes.GZIP });
    expect(producer.plainSends[0].messages[0].key).toBe('order-intake');
    expect(shipper.counts).toEqual({ shipped: 3, queueFull: 0, refused: 0 });
  });

  it('drops and counts what finds the queue full while Kafka is slow, and never waits', async () => {
    const { shipper, producer, shipped } = setUp();
    let answer = () => undefined as void;
    producer.holdSends = new Promise<void>((resolve) => (answer = resolve));
    for (const line of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) shipper.push('app', line);
    // a and b are in flight; c, d and e fill the queue of three; f and g are dropped.
    expect(shipper.counts).toEqual({ shipped: 0, queueFull: 2, refused: 0 });

    answer();
    producer.holdSends = null;
    for (let i = 0; i < 5; i++) await settle();
    expect(shipped()).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(shipper.counts).toEqual({ shipped: 5, queueFull: 2, refused: 0 });
  });

  it('counts a batch Kafka refuses as dropped, keeps its error for the warning, and ships the next one', async () => {
    const { shipper, producer, shipped } = setUp();
    producer.failSends = 1;
    shipper.push('app', 'a');
    shipper.push('app', 'b');
    await settle();
    expect(shipper.counts).toEqual({ shipped: 0, queueFull: 0, refused: 2 });
    expect(shipper.lastError).toContain('larger than the max message size');

    shipper.push('app', 'c');
    shipper.push('app', 'd');
    await settle();
    expect(shipped()).toEqual([['c', 'd']]);
    expect(shipper.counts).toEqual({ shipped: 2, queueFull: 0, refused: 2 });
  });

  it('close() sends what is queued without waiting out the linger, then disconnects', async () => {
    const { shipper, producer, shipped } = setUp({ lingerMs: 60_000 });
    shipper.push('app', 'a');
    await shipper.close();
    expect(shipped()).toEqual([['a']]);
    expect(producer.disconnects).toBe(1);
  });
});
