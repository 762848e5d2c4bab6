import { LOG_INSTANCE_HEADER } from '@surge/contracts';
import type { InboundMessage } from '@surge/kafka';
import {
  BulkIncompleteError,
  LogStoreUnavailableError,
  type BulkResult,
  type LogDocument,
  type LogStore,
} from '@surge/log-store';
import { LogLinesConsumer } from './log-lines.consumer';
import type { SinkMetrics } from './sink-metrics';

function message(offset: number, value: unknown): InboundMessage {
  return {
    topic: 'surge.logs',
    partition: 0,
    offset: String(offset),
    key: null,
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
    timestamp: '0',
  };
}

const line = (app: string) => ({ time: '2026-11-27T04:00:00.000Z', level: 'error', app, instance: 'a:1', msg: 'x' });

/** A consumer on a store that answers `bulk` and metrics that keep what they are told. */
function consumer(bulk: (documents: LogDocument[]) => Promise<BulkResult>) {
  const stored: Array<{ apps: string[]; duplicates: number }> = [];
  const metrics = {
    stored: (created: LogDocument[], duplicates: number) =>
      stored.push({ apps: created.map((d) => d.app), duplicates }),
  } as unknown as SinkMetrics;
  return { stored, consumer: new LogLinesConsumer({ bulkCreate: bulk } as unknown as LogStore, metrics) };
}

describe('LogLinesConsumer', () => {
  it('dead-letters what is no log record and what the store refuses, and counts what it stored', async () => {
    const { consumer: sink, stored } = consumer(async (documents) => {
      expect(documents.map((d) => d.kafka.offset)).toEqual(['1', '2', '3']);
      return {
        created: [0],
        duplicates: [2],
        refused: [{ position: 1, reason: '400 mapper_parsing_exception: partition' }],
      };
    });
    const messages = [message(0, 'not json'), message(1, line('a')), message(2, line('b')), message(3, line('c'))];

    const { deadLetters } = await sink.write(messages);

    expect(deadLetters.map((d) => [d.message.offset, d.reason])).toEqual([
      ['0', expect.stringMatching(/^no log record: not JSON/)],
      ['2', 'refused by the log store: 400 mapper_parsing_exception: partition'],
    ]);
    expect(stored).toEqual([{ apps: ['a'], duplicates: 1 }]);
  });

  it('makes each line of a message a document, and dead-letters one the store refuses as that line alone', async () => {
    const pino = (orderId: string) => JSON.stringify({ level: 30, time: 0, app: 'order-intake', orderId, msg: 'x' });
    const { consumer: sink, stored } = consumer(async (documents) => {
      expect(documents.map((d) => [d.orderId, d.instance, d.kafka.offset, d.kafka.line])).toEqual([
        ['o1', 'box:1', '5', 0],
        ['o2', 'box:1', '5', 1],
      ]);
      return { created: [0], duplicates: [], refused: [{ position: 1, reason: '400 mapper_parsing_exception' }] };
    });
    const lines = { ...message(5, `${pino('o1')}\n${pino('o2')}\n`), headers: { [LOG_INSTANCE_HEADER]: 'box:1' } };

    const { deadLetters } = await sink.write([lines]);

    expect(deadLetters.map((d) => [d.message.offset, d.message.value?.toString(), d.reason])).toEqual([
      ['5', pino('o2'), 'refused by the log store: 400 mapper_parsing_exception'],
    ]);
    expect(stored).toEqual([{ apps: ['order-intake'], duplicates: 0 }]);
  });

  it('throws when the store is unavailable, so the transport retries the batch and commits nothing', async () => {
    const { consumer: sink, stored } = consumer(async () => {
      throw new LogStoreUnavailableError('OpenSearch unavailable: connect ECONNREFUSED');
    });
    await expect(sink.write([message(0, line('a'))])).rejects.toThrow(LogStoreUnavailableError);
    expect(stored).toEqual([]);
  });

  it('counts the lines a partly failed write did store (they come back as duplicates), then throws', async () => {
    const { consumer: sink, stored } = consumer(async () => {
      throw new BulkIncompleteError('1 of 2 lines not written: 429', { created: [1], duplicates: [] });
    });
    await expect(sink.write([message(0, line('a')), message(1, line('b'))])).rejects.toThrow(BulkIncompleteError);
    expect(stored).toEqual([{ apps: ['b'], duplicates: 0 }]);
  });
});
