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
