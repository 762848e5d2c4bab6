import type { InboundMessage } from '@surge/kafka';
import { InvalidLogLineError, toLogDocument } from './log-line';

function message(value: string | null): InboundMessage {
  return {
    topic: 'surge.logs',
    partition: 2,
    offset: '41',
    key: null,
    value: value === null ? null : Buffer.from(value),
    headers: {},
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

describe('toLogDocument', () => {
  it('keeps every field of the record and adds where it was read', () => {
    expect(toLogDocument(message(JSON.stringify(record)))).toEqual({
      ...record,
      kafka: { topic: 'surge.logs', partition: 2, offset: '41' },
    });
  });

  it.each([
    ['no value', null, /not JSON/],
    ['no JSON', '{"time":', /not JSON/],
    ['no object', '[1,2]', /not a JSON object/],
    ['no time', JSON.stringify({ ...record, time: undefined }), /time should be/],
    ['a time that is no date', JSON.stringify({ ...record, time: 'yesterday' }), /time should be/],
    ['an unknown level', JSON.stringify({ ...record, level: 30 }), /level should be one of/],
    ['no app', JSON.stringify({ ...record, app: '' }), /app should be/],
    ['no message', JSON.stringify({ ...record, msg: undefined }), /msg should be/],
  ])('refuses %s with the reason', (_case, value, reason) => {
    expect(() => toLogDocument(message(value))).toThrow(InvalidLogLineError);
    expect(() => toLogDocument(message(value))).toThrow(reason);
  });
});
