import { LOG_INSTANCE_HEADER } from '@surge/contracts';
import type { InboundMessage } from '@surge/kafka';
import { InvalidLogLineError, toLogDocument, toLogDocuments } from './log-line';

function message(value: string | null, headers: Record<string, string> = {}): InboundMessage {
  return {
    topic: 'surge.logs',
    partition: 2,
    offset: '41',
    key: null,
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: '0',
  };
}

const record = {
  time: '2026-11-27T04:00:00.123Z',
  level: 'info',
  app: 'order-intake',
  instance: 'host:12',
  msg: 'order accepted',
  orderId: '0190-abc',
  step: 'order.accepted',
  req: { path: '/orders' },
};

const position = { topic: 'surge.logs', partition: 2, offset: '41', line: 3 };

describe('toLogDocument', () => {
  it('makes a record of a pino line, with the instance given, and adds where it was read', () => {
    const line = { level: 40, time: Date.parse(record.time), app: 'order-intake', msg: 'slow', orderId: 'o-1' };
    expect(toLogDocument(JSON.stringify(line), 'box:7:2', position)).toEqual({
      time: record.time,
      level: 'warn',
      app: 'order-intake',
      instance: 'box:7:2',
      msg: 'slow',
      orderId: 'o-1',
      kafka: position,
    });
  });

  it('keeps every field of a line that is a record already', () => {
    expect(toLogDocument(JSON.stringify(record), 'other:1', position)).toEqual({ ...record, kafka: position });
  });

  it.each([
    ['no JSON', '{"time":', /not JSON/],
    ['no object', '[1,2]', /not a JSON object/],
    ['no time', JSON.stringify({ ...record, time: undefined }), /time should be/],
    ['a time that is no date', JSON.stringify({ ...record, time: 'yesterday' }), /time should be/],
    ['a pino line without a time', JSON.stringify({ level: 30, app: 'x', msg: 'y' }), /time should be/],
    ['an unknown level', JSON.stringify({ ...record, level: 'loud' }), /level should be one of/],
    ['no app', JSON.stringify({ ...record, app: '' }), /app should be/],
    ['no message', JSON.stringify({ ...record, msg: undefined }), /msg should be/],
  ])('refuses %s with the reason', (_case, line, reason) => {
    expect(() => toLogDocument(line, 'i', position)).toThrow(InvalidLogLineError);
    expect(() => toLogDocument(line, 'i', position)).toThrow(reason);
  });
});

describe('toLogDocuments', () => {
  const pino = (msg: string) => JSON.stringify({ level: 30, time: 0, app: 'notifier', msg });

  it('gives one document per line, numbered in the message, the writer from the header', () => {
    const { read, deadLetters } = toLogDocuments(
      message(`${pino('a')}\n${pino('b')}\n`, { [LOG_INSTANCE_HEADER]: 'box:9' }),
    );
    expect(read.map(({ document, line }) => [document.msg, document.instance, document.kafka.line, line])).toEqual([
      ['a', 'box:9', 0, pino('a')],
      ['b', 'box:9', 1, pino('b')],
    ]);
    expect(deadLetters).toEqual([]);
  });

  it('dead-letters a bad line alone, under the message position, and reads the others', () => {
    const { read, deadLetters } = toLogDocuments(message(`${pino('a')}\nnot json\n${pino('c')}`));
    expect(read.map(({ document }) => [document.msg, document.instance, document.kafka.line])).toEqual([
      ['a', 'unknown', 0],
      ['c', 'unknown', 2],
    ]);
    expect(deadLetters.map((d) => [d.message.offset, d.message.value?.toString(), d.reason])).toEqual([
      ['41', 'not json', expect.stringMatching(/^no log record: not JSON/)],
    ]);
  });

  it('dead-letters a message without a line', () => {
    for (const value of [null, '', '\n']) {
      const { read, deadLetters } = toLogDocuments(message(value));
      expect(read).toEqual([]);
      expect(deadLetters.map((d) => d.reason)).toEqual(['no log record: no line']);
    }
  });
});
