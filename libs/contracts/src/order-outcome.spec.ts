import {
  encodeOrderOutcome,
  InvalidOrderOutcomeError,
  parseOrderOutcome,
  type OrderOutcomeEvent,
} from './order-outcome';

const fulfilled: OrderOutcomeEvent = {
  schema: 'order.outcome',
  version: 1,
  eventId: '01a217b3-9000-7368-92fb-adf894e78855',
  orderId: '01a217b3-8de9-7368-92fb-adf894e78855',
  customerId: 'customer-1',
  status: 'fulfilled',
  rejectReason: null,
  currency: 'EUR',
  totalCents: 2400,
  lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1200 }],
  contact: { email: 'ana@example.com', phone: '+33612345678' },
  placedAt: '2026-11-26T10:00:00.000Z',
  decidedAt: '2026-11-26T10:00:01.000Z',
};
const rejected: OrderOutcomeEvent = {
  ...fulfilled,
  status: 'rejected',
  rejectReason: 'unknown_sku',
  totalCents: 0,
  lines: [{ sku: 'NOPE', quantity: 1, unitPriceCents: null }],
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseOrderOutcome', () => {
  it('round-trips a fulfilled and a rejected outcome', () => {
    expect(parseOrderOutcome(encodeOrderOutcome(fulfilled))).toEqual(fulfilled);
    expect(parseOrderOutcome(encodeOrderOutcome(rejected))).toEqual(rejected);
  });

  it('reads an outcome without contact (the webhook still gets it)', () => {
    const anonymous: OrderOutcomeEvent = { ...fulfilled };
    delete anonymous.contact;
    expect(parseOrderOutcome(encode(anonymous))).toEqual(anonymous);
  });

  it('drops fields the schema does not know', () => {
    expect(parseOrderOutcome(encode({ ...fulfilled, extra: 1 }))).toEqual(fulfilled);
  });

  it.each([
    ['a null value', null, 'message has no value'],
    ['invalid JSON', Buffer.from('{'), 'value is not JSON'],
    ['an order event', encode({ ...fulfilled, schema: 'order.placed' }), 'unknown schema order.placed'],
    ['a future version', encode({ ...fulfilled, version: 2 }), 'unsupported version 2'],
    // String() would throw a TypeError here, retried forever instead of dead-lettered.
    [
      'a schema with a null toString',
      encode({ ...fulfilled, schema: { toString: null } }),
      'unknown schema {"toString":null}',
    ],
    ['a bad event id', encode({ ...fulfilled, eventId: 'e-1' }), 'eventId is not a UUID'],
    ['a bad order id', encode({ ...fulfilled, orderId: 7 }), 'orderId is not a UUID'],
    ['a bad customer', encode({ ...fulfilled, customerId: 'a b' }), 'customerId is invalid'],
    ['an unknown status', encode({ ...fulfilled, status: 'queued' }), 'status is invalid'],
    ['a rejection without reason', encode({ ...rejected, rejectReason: null }), 'rejectReason is invalid'],
    ['a rejection with an unknown reason', encode({ ...rejected, rejectReason: 'late' }), 'rejectReason is invalid'],
    [
      'a fulfilled order with a reason',
      encode({ ...fulfilled, rejectReason: 'out_of_stock' }),
      'rejectReason must be null for a fulfilled order',
    ],
    ['a bad currency', encode({ ...fulfilled, currency: 'euro' }), 'currency is invalid'],
    ['a negative total', encode({ ...fulfilled, totalCents: -1 }), 'totalCents is invalid'],
    ['a fractional total', encode({ ...fulfilled, totalCents: 1.5 }), 'totalCents is invalid'],
    ['no lines', encode({ ...fulfilled, lines: [] }), 'lines must hold 1 to 50 lines'],
    [
      'a line with a negative price',
      encode({ ...fulfilled, lines: [{ sku: 'A', quantity: 1, unitPriceCents: -5 }] }),
      'lines[0] is invalid',
    ],
    ['a line without price', encode({ ...fulfilled, lines: [{ sku: 'A', quantity: 1 }] }), 'lines[0] is invalid'],
    ['a bad placement date', encode({ ...fulfilled, placedAt: 'soon' }), 'placedAt is not a date'],
    ['a missing decision date', encode({ ...fulfilled, decidedAt: undefined }), 'decidedAt is not a date'],
    ['a bad email', encode({ ...fulfilled, contact: { email: 'ana' } }), 'contact.email is invalid'],
    ['a bad phone', encode({ ...fulfilled, contact: { phone: '+0612345678' } }), 'contact.phone is invalid'],
  ])('rejects %s', (_, value, message) => {
    expect(() => parseOrderOutcome(value)).toThrow(new InvalidOrderOutcomeError(message));
  });
});
