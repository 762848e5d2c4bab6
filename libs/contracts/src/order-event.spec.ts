import { encodeOrderEvent, InvalidOrderEventError, parseOrderEvent, type OrderPlacedEvent } from './order-event';

const valid: OrderPlacedEvent = {
  schema: 'order.placed',
  version: 1,
  orderId: '01a217b3-8de9-7368-92fb-adf894e78855',
  customerId: 'customer-1',
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  placedAt: '2026-11-26T10:00:00.000Z',
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseOrderEvent', () => {
  it('round-trips an encoded event', () => {
    expect(parseOrderEvent(encodeOrderEvent(valid))).toEqual(valid);
  });

  it('keeps the request fingerprint of an order placed with an Idempotency-Key', () => {
    const keyed = { ...valid, requestFingerprint: 'q1w2e3r4t5y6u7i8o9p0Aa' };
    expect(parseOrderEvent(encodeOrderEvent(keyed))).toEqual(keyed);
  });

  it('keeps the contact of an order, only the parts it knows', () => {
    const contact = { email: 'ana@example.com', phone: '+33612345678' };
    expect(parseOrderEvent(encodeOrderEvent({ ...valid, contact }))).toEqual({ ...valid, contact });
    expect(parseOrderEvent(encode({ ...valid, contact: { email: 'ana@example.com', fax: '1' } }))).toEqual({
      ...valid,
      contact: { email: 'ana@example.com' },
    });
  });

  it('drops fields the schema does not know', () => {
    expect(parseOrderEvent(encode({ ...valid, extra: 'x' }))).toEqual(valid);
  });

  it.each<[string, Buffer | null, string]>([
    ['a null value', null, 'message has no value'],
    ['invalid JSON', Buffer.from('{nope'), 'value is not JSON'],
    ['an array', encode([valid]), 'value is not an object'],
    ['another schema', encode({ ...valid, schema: 'order.cancelled' }), 'unknown schema order.cancelled'],
    ['a future version', encode({ ...valid, version: 2 }), 'unsupported version 2'],
    // String() throws on this one; the error must still be the parser's own, or the message is never dead-lettered.
    [
      'a schema with a null toString',
      encode({ ...valid, schema: { toString: null } }),
      'unknown schema {"toString":null}',
    ],
    [
      'a version with a null valueOf',
      encode({ ...valid, version: { valueOf: null } }),
      'unsupported version {"valueOf":null}',
    ],
    ['a long schema', encode({ ...valid, schema: 's'.repeat(1000) }), `unknown schema ${'s'.repeat(80)}…`],
    ['a bad order id', encode({ ...valid, orderId: 'x' }), 'orderId is not a UUID'],
    ['a bad customer', encode({ ...valid, customerId: '' }), 'customerId is invalid'],
    ['a bad currency', encode({ ...valid, currency: 'eur' }), 'currency is invalid'],
    ...[
      'yesterday',
      '2026-11-26',
      '2026-11-26T10:00:00+01:00',
      '2026-11-26T10:00:00Z',
      '2026-02-30T10:00:00.000Z',
      '0999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
    ].map((placedAt): [string, Buffer, string] => [
      `placedAt ${placedAt}`,
      encode({ ...valid, placedAt }),
      'placedAt is not an ISO-8601 UTC instant between the years 1000 and 9999',
    ]),
    ['a customer id longer than its column', encode({ ...valid, customerId: 'c'.repeat(65) }), 'customerId is invalid'],
    ['a non-ASCII sku', encode({ ...valid, items: [{ sku: 'SKU-é', quantity: 1 }] }), 'items[0] is invalid'],
    ['a quantity past the limit', encode({ ...valid, items: [{ sku: 'A', quantity: 1001 }] }), 'items[0] is invalid'],
    ['no items', encode({ ...valid, items: [] }), 'items must hold 1 to 50 lines'],
    ['a zero quantity', encode({ ...valid, items: [{ sku: 'A', quantity: 0 }] }), 'items[0] is invalid'],
    [
      'a fingerprint that is not a string',
      encode({ ...valid, requestFingerprint: 7 }),
      'requestFingerprint is invalid',
    ],
    [
      'a fingerprint too long for its column',
      encode({ ...valid, requestFingerprint: 'f'.repeat(65) }),
      'requestFingerprint is invalid',
    ],
    ['a contact that is not an object', encode({ ...valid, contact: 'ana@example.com' }), 'contact is not an object'],
    ['a null contact', encode({ ...valid, contact: null }), 'contact is not an object'],
    ['an email without a domain', encode({ ...valid, contact: { email: 'ana@' } }), 'contact.email is invalid'],
    [
      'an email with a line break',
      encode({ ...valid, contact: { email: 'ana@example.com\r\nBcc: x@example.com' } }),
      'contact.email is invalid',
    ],
    [
      'an email of 255 characters',
      encode({ ...valid, contact: { email: `${'a'.repeat(243)}@example.com` } }),
      'contact.email is invalid',
    ],
    ['a phone without its plus', encode({ ...valid, contact: { phone: '33612345678' } }), 'contact.phone is invalid'],
    ['a phone of 16 digits', encode({ ...valid, contact: { phone: '+3361234567890123' } }), 'contact.phone is invalid'],
    ['a fractional quantity', encode({ ...valid, items: [{ sku: 'A', quantity: 1.5 }] }), 'items[0] is invalid'],
  ])('rejects %s', (_, value, message) => {
    expect(() => parseOrderEvent(value)).toThrow(new InvalidOrderEventError(message));
  });
});
