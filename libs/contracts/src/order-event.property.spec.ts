import fc from 'fast-check';
import { encodeOrderEvent, InvalidOrderEventError, parseOrderEvent, type OrderPlacedEvent } from './order-event';
import { ORDER_LIMITS } from './order-limits';

const id = fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${ORDER_LIMITS.maxIdLength - 1}}$`));
const line = fc.record({ sku: id, quantity: fc.integer({ min: 1, max: ORDER_LIMITS.maxQuantity }) });
const email = fc.stringMatching(ORDER_LIMITS.emailPattern).filter((e) => e.length <= ORDER_LIMITS.maxEmailLength);
const phone = fc.stringMatching(ORDER_LIMITS.phonePattern);
const contact = fc.record({ email, phone }, { requiredKeys: [] });
const validEvent: fc.Arbitrary<OrderPlacedEvent> = fc.record(
  {
    schema: fc.constant('order.placed' as const),
    version: fc.constant(1 as const),
    orderId: fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }),
    customerId: id,
    currency: fc.stringMatching(ORDER_LIMITS.currencyPattern),
    items: fc.array(line, { minLength: 1, maxLength: ORDER_LIMITS.maxItems }),
    placedAt: fc
      .date({
        noInvalidDate: true,
        min: new Date('1000-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
      })
      .map((d) => d.toISOString()),
    contact,
  },
  { requiredKeys: ['schema', 'version', 'orderId', 'customerId', 'currency', 'items', 'placedAt'] },
);

/**
 * The event rules written out independently of the parser, from the schema's
 * documentation and ORDER_LIMITS, to judge arbitrary values against.
 */
function isValidEvent(v: unknown): boolean {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  const isId = (x: unknown) =>
    typeof x === 'string' && x.length >= 1 && x.length <= ORDER_LIMITS.maxIdLength && ORDER_LIMITS.idPattern.test(x);
  const isContact = (c: unknown) =>
    c === undefined ||
    (isObject(c) &&
      (c.email === undefined ||
        (typeof c.email === 'string' &&
          c.email.length <= ORDER_LIMITS.maxEmailLength &&
          ORDER_LIMITS.emailPattern.test(c.email))) &&
      (c.phone === undefined || (typeof c.phone === 'string' && ORDER_LIMITS.phonePattern.test(c.phone))));
  return (
    isObject(v) &&
    v.schema === 'order.placed' &&
    v.version === 1 &&
    typeof v.orderId === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v.orderId) &&
    isId(v.customerId) &&
    typeof v.currency === 'string' &&
    /^[A-Z]{3}$/.test(v.currency) &&
    typeof v.placedAt === 'string' &&
    // What a DATETIME(3) column holds, in the form Date#toISOString writes.
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v.placedAt) &&
    v.placedAt >= '1000-01-01' &&
    !Number.isNaN(Date.parse(v.placedAt)) &&
    new Date(v.placedAt).toISOString() === v.placedAt &&
    isContact(v.contact) &&
    Array.isArray(v.items) &&
    v.items.length >= 1 &&
    v.items.length <= ORDER_LIMITS.maxItems &&
    v.items.every(
      (l) =>
        isObject(l) &&
        isId(l.sku) &&
        Number.isInteger(l.quantity) &&
        (l.quantity as number) >= 1 &&
        (l.quantity as number) <= ORDER_LIMITS.maxQuantity,
    )
  );
}

/** Parses, and says whether it returned or threw an InvalidOrderEventError; anything else thrown fails the property. */
function outcome(value: Buffer | null): 'parsed' | 'invalid' {
  try {
    parseOrderEvent(value);
    return 'parsed';
  } catch (error) {
    if (error instanceof InvalidOrderEventError) return 'invalid';
    throw error;
  }
}

const encode = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

/** A valid event with one field replaced by an arbitrary JSON value, removed, or an item broken. */
const mutatedEvent = fc.oneof(
  fc
    .tuple(
      validEvent,
      fc.constantFrom('schema', 'version', 'orderId', 'customerId', 'currency', 'items', 'placedAt', 'contact'),
      fc.jsonValue(),
    )
    .map(([event, field, value]) => ({ ...event, [field]: value })),
  fc
    .tuple(
      validEvent,
      fc.constantFrom('schema', 'version', 'orderId', 'customerId', 'currency', 'items', 'placedAt', 'contact'),
    )
    .map(([event, field]) => {
      const copy: Record<string, unknown> = { ...event };
      delete copy[field];
      return copy;
    }),
  fc
    .tuple(validEvent, fc.nat(), fc.constantFrom('sku', 'quantity'), fc.jsonValue())
    .map(([event, at, field, value]) => {
      const items: unknown[] = [...event.items];
      items[at % items.length] = { ...event.items[at % items.length], [field]: value };
      return { ...event, items };
    }),
  fc
    .tuple(validEvent, contact, fc.constantFrom('email', 'phone'), fc.oneof(fc.jsonValue(), email, phone, fc.string()))
    .map(([event, c, field, value]) => ({ ...event, contact: { ...c, [field]: value } })),
  fc.tuple(validEvent, fc.nat(), fc.jsonValue()).map(([event, at, value]) => {
    const items: unknown[] = [...event.items];
    items[at % items.length] = value;
    return { ...event, items };
  }),
  fc
    .tuple(validEvent, fc.array(line, { minLength: ORDER_LIMITS.maxItems + 1, maxLength: ORDER_LIMITS.maxItems + 5 }))
    .map(([event, items]) => ({ ...event, items })),
);

describe('parseOrderEvent (property)', () => {
  it('round-trips every valid event through encodeOrderEvent', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(parseOrderEvent(encodeOrderEvent(event))).toEqual(event);
      }),
    );
  });

  it('keeps only the schema fields of a valid event with extra fields', () => {
    fc.assert(
      fc.property(validEvent, fc.dictionary(fc.string(), fc.jsonValue()), (event, extra) => {
        // A valid event's own fields win over extras of the same name.
        expect(parseOrderEvent(encode({ ...extra, ...event }))).toEqual(event);
      }),
    );
  });

  it('throws InvalidOrderEventError, and nothing else, for a mutated event that is not valid', () => {
    fc.assert(
      fc.property(mutatedEvent, (value) => {
        expect(outcome(encode(value))).toBe(isValidEvent(value) ? 'parsed' : 'invalid');
      }),
      { numRuns: 1000 },
    );
  });

  it('throws InvalidOrderEventError, and nothing else, for any JSON value that is not a valid event', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(outcome(encode(value))).toBe(isValidEvent(value) ? 'parsed' : 'invalid');
      }),
      { numRuns: 1000 },
    );
  });

  it('throws InvalidOrderEventError, and nothing else, for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        expect(outcome(Buffer.from(bytes))).toBe('invalid');
      }),
      { numRuns: 1000 },
    );
  });
});
