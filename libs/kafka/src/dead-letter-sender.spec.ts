import type { ProducerRecord } from 'kafkajs';
import { DeadLetterSender } from './dead-letter-sender';
import type { DeadLetter } from './inbound-message';

const letter = (offset: string): DeadLetter => ({
  message: {
    topic: 'orders',
    partition: 4,
    offset,
    key: Buffer.from('customer-1'),
    value: Buffer.from('{"bad":true}'),
    headers: { 'trace-id': 't-1' },
    timestamp: '0',
  },
  reason: 'value is not an object',
});

/** A producer that fails its first `failures` sends, and records what it was given. */
function fakeProducer(failures: number) {
  const records: ProducerRecord[] = [];
  let calls = 0;
  return {
    records,
    calls: () => calls,
    send: async (record: ProducerRecord) => {
      calls++;
      if (calls <= failures) throw new Error('This server does not host this topic-partition');
      records.push(record);
      return [];
    },
  };
}

function fakeLogger() {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    log: (m: string) => void lines.push(['log', m]),
    warn: (m: string) => void lines.push(['warn', m]),
    error: (m: string) => void lines.push(['error', m]),
  };
}

const options = { topic: 'orders.dlq', retry: { initialMs: 1, maxMs: 1 }, attemptsBeforeBlocked: 3 };
const source = { topic: 'orders', partition: 4 };

describe('DeadLetterSender', () => {
  it('writes each dead letter with its reason and where it came from', async () => {
    const producer = fakeProducer(0);
    const sender = new DeadLetterSender(producer, options, fakeLogger());
    expect(await sender.send([letter('17')], source, async () => true)).toBe(true);
    expect(producer.records).toEqual([
      {
        topic: 'orders.dlq',
        acks: -1,
        messages: [
          {
            key: Buffer.from('customer-1'),
            value: Buffer.from('{"bad":true}'),
            headers: {
              'trace-id': 't-1',
              'x-error': 'value is not an object',
              'x-source-topic': 'orders',
              'x-source-partition': '4',
              'x-source-offset': '17',
            },
          },
        ],
      },
    ]);
  });

  it('sends nothing for no dead letters', async () => {
    const producer = fakeProducer(0);
    expect(await new DeadLetterSender(producer, options, fakeLogger()).send([], source, async () => true)).toBe(true);
    expect(producer.calls()).toBe(0);
  });

  it('retries a failing write without reporting a block below the bound', async () => {
    const producer = fakeProducer(2);
    const logger = fakeLogger();
    const sender = new DeadLetterSender(producer, options, logger);
    expect(await sender.send([letter('5')], source, async () => true)).toBe(true);
    expect(producer.calls()).toBe(3);
    expect(sender.blocks()).toEqual([]);
    expect(logger.lines.filter(([level]) => level === 'error')).toEqual([]);
  });

  it('reports the partition blocked after the bound, keeps trying, and clears the report once written', async () => {
    const producer = fakeProducer(5);
    const logger = fakeLogger();
    const sender = new DeadLetterSender(producer, options, logger);
    const seen: Array<ReturnType<typeof sender.blocks>> = [];
    const wait = async () => {
      seen.push(sender.blocks().map((b) => ({ ...b })));
      return true;
    };
    expect(await sender.send([letter('42'), letter('43')], source, wait)).toBe(true);

    expect(producer.calls()).toBe(6);
    expect(producer.records).toHaveLength(1);
    expect(seen.map((blocks) => blocks.length)).toEqual([0, 0, 1, 1, 1]);
    expect(seen[4][0]).toMatchObject({
      topic: 'orders',
      partition: 4,
      offset: '42',
      attempts: 5,
      reason: 'This server does not host this topic-partition',
    });
    const errors = logger.lines.filter(([level]) => level === 'error').map(([, line]) => line);
    expect(errors).toEqual([
      'orders[4] offset 42: 2 dead letter(s) cannot be written to orders.dlq after 3 attempts ' +
        '(This server does not host this topic-partition); the partition is held until the write succeeds',
    ]);
    expect(sender.blocks()).toEqual([]);
  });

  it('gives up without writing when told to stop, and forgets the partition', async () => {
    const producer = fakeProducer(Infinity);
    const sender = new DeadLetterSender(producer, options, fakeLogger());
    let waits = 0;
    expect(await sender.send([letter('1')], source, async () => ++waits < 4)).toBe(false);
    expect(producer.calls()).toBe(4);
    expect(producer.records).toEqual([]);
    expect(sender.blocks()).toEqual([]);
  });
});
