import type { InboundMessage } from '@surge/kafka';
import { isSelected, toEntry, toReplay } from './dead-letter-entry';

const deadLetter: InboundMessage = {
  topic: 'orders.dlq',
  partition: 1,
  offset: '12',
  key: Buffer.from('customer-9'),
  value: Buffer.from('{"schema":"order.placed","orderId":"0193c1a4-0000-7000-8000-000000000001"}'),
  headers: {
    'trace-id': 'abc',
    'x-error': 'database refused the order: Data too long (ER_DATA_TOO_LONG 1406 SQLSTATE 22001)',
    'x-source-topic': 'orders',
    'x-source-partition': '7',
    'x-source-offset': '40312',
  },
  timestamp: String(Date.parse('2026-11-27T00:10:00.000Z')),
};

describe('dead-letter entries', () => {
  it('show the place, time, source, order and error of a dead letter', () => {
    expect(toEntry(deadLetter)).toEqual({
      partition: 1,
      offset: '12',
      time: '2026-11-27T00:10:00.000Z',
      error: 'database refused the order: Data too long (ER_DATA_TOO_LONG 1406 SQLSTATE 22001)',
      source: { topic: 'orders', partition: 7, offset: '40312' },
      key: 'customer-9',
      orderId: '0193c1a4-0000-7000-8000-000000000001',
    });
  });

  it('survive a value that is not JSON and a message without the drain headers', () => {
    const entry = toEntry({ ...deadLetter, value: Buffer.from([0xff, 0x00]), headers: {}, key: null });
    expect(entry).toMatchObject({
      error: '(no x-error header)',
      source: { topic: '', partition: null, offset: null },
      key: null,
      orderId: null,
    });
  });

  it('replay with the original key, value and headers, without the dead-letter headers', () => {
    expect(toReplay(deadLetter, 'orders.dlq')).toEqual({
      key: 'customer-9',
      value: deadLetter.value,
      headers: { 'trace-id': 'abc', 'x-replayed-from': 'orders.dlq[1]@12' },
    });
  });

  it.each([
    [{}, true],
    [{ partition: 1 }, true],
    [{ partition: 0 }, false],
    [{ partition: 1, from: 12n, to: 12n }, true],
    [{ partition: 1, from: 13n }, false],
    [{ partition: 1, to: 11n }, false],
  ])('are selected by %p: %p', (selection, selected) => {
    expect(isSelected(deadLetter, selection)).toBe(selected);
  });
});
