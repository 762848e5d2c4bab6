import { BadRequestException, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { ORDER_LIMITS, parseOrderEvent } from '@surge/contracts';
import { CreateOrderDto } from './create-order.dto';

// The options of the app's global pipe: the DTO is judged as the app judges it.
const pipe = new ValidationPipe(VALIDATION_PIPE_OPTIONS);

async function dtoAccepts(body: unknown): Promise<boolean> {
  try {
    await pipe.transform(body, { type: 'body', metatype: CreateOrderDto });
    return true;
  } catch (error) {
    if (error instanceof BadRequestException) return false;
    throw error;
  }
}

/** What fulfillment would make of the event intake builds from this body (fields taken as the service takes them). */
function parserAccepts(body: Record<string, unknown>): boolean {
  const items = Array.isArray(body.items)
    ? body.items.map((l: unknown) =>
        typeof l === 'object' && l !== null && !Array.isArray(l)
          ? { sku: (l as Record<string, unknown>).sku, quantity: (l as Record<string, unknown>).quantity }
          : l,
      )
    : body.items;
  // The service copies the contact's email and phone, and nothing else.
  const contact = isObject(body.contact) ? { email: body.contact.email, phone: body.contact.phone } : body.contact;
  const event = {
    schema: 'order.placed',
    version: 1,
    orderId: '01a217b3-8de9-7368-92fb-adf894e78855',
    customerId: body.customerId,
    currency: body.currency,
    items,
    placedAt: '2026-11-26T10:00:00.000Z',
    contact,
  };
  try {
    parseOrderEvent(Buffer.from(JSON.stringify(event)));
    return true;
  } catch {
    return false;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const id = fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${ORDER_LIMITS.maxIdLength - 1}}$`));
const line = fc.record({ sku: id, quantity: fc.integer({ min: 1, max: ORDER_LIMITS.maxQuantity }) });
const email = fc.stringMatching(ORDER_LIMITS.emailPattern).filter((e) => e.length <= ORDER_LIMITS.maxEmailLength);
const phone = fc.stringMatching(ORDER_LIMITS.phonePattern);
const contact = fc.record({ email, phone }, { requiredKeys: [] });
const validOrder = fc.record(
  {
    customerId: id,
    currency: fc.stringMatching(ORDER_LIMITS.currencyPattern),
    items: fc.array(line, { minLength: 1, maxLength: ORDER_LIMITS.maxItems }),
    contact,
  },
  { requiredKeys: ['customerId', 'currency', 'items'] },
);
/** Near the email and phone bounds: too long, a missing plus, a line break, a second @. */
const edgyContactValue = fc.oneof(
  email,
  phone,
  email.map((e) => `${e}\r\nBcc: x@example.com`),
  email.map((e) => `${'a'.repeat(ORDER_LIMITS.maxEmailLength)}${e}`),
  email.map((e) => `${e}@b.c`),
  phone.map((p) => p.slice(1)),
  phone.map((p) => `${p}123456789`),
);

/** Values near and across every bound, plus arbitrary JSON. */
const edgyValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    0,
    -0,
    1,
    1000,
    1001,
    -1,
    1.5,
    2 ** 53,
    Number.MAX_VALUE,
    '',
    ' ',
    '1',
    'EUR',
    'eur',
    'EURO',
    null,
    true,
    [],
    {},
  ),
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^[A-Za-z0-9._:\- ]{0,70}$/),
  fc.integer({ min: -5, max: 1010 }),
  fc.double(),
);

/** A valid order with one field or one line's field replaced, a line replaced, or the items resized. */
const mutatedOrder = fc.oneof(
  fc
    .tuple(validOrder, fc.constantFrom('customerId', 'currency', 'items'), edgyValue)
    .map(([o, field, value]) => ({ ...o, [field]: value })),
  // A whole contact replaced; an object with other keys is left out: intake refuses it
  // (an unknown field) while the event parser drops the keys it does not know.
  fc
    .tuple(
      validOrder,
      edgyValue.filter((v) => !isObject(v) || Object.keys(v).every((k) => k === 'email' || k === 'phone')),
    )
    .map(([o, value]) => ({ ...o, contact: value })),
  fc
    .tuple(validOrder, contact, fc.constantFrom('email', 'phone'), fc.oneof(edgyValue, edgyContactValue))
    .map(([o, c, field, value]) => ({ ...o, contact: { ...c, [field]: value } })),
  fc.tuple(validOrder, fc.nat(), fc.constantFrom('sku', 'quantity'), edgyValue).map(([o, at, field, value]) => {
    const items: unknown[] = [...o.items];
    items[at % items.length] = { ...o.items[at % items.length], [field]: value };
    return { ...o, items };
  }),
  fc.tuple(validOrder, fc.nat(), edgyValue).map(([o, at, value]) => {
    const items: unknown[] = [...o.items];
    items[at % items.length] = value;
    return { ...o, items };
  }),
  fc
    .tuple(validOrder, fc.integer({ min: 0, max: 60 }))
    .map(([o, n]) => ({ ...o, items: Array.from({ length: n }, (_, i) => o.items[i % o.items.length]) })),
);

describe('CreateOrderDto (property)', () => {
  it('accepts every valid order, and fulfillment can parse what intake makes of it', async () => {
    await fc.assert(
      fc.asyncProperty(validOrder, async (order) => {
        expect(await dtoAccepts(order)).toBe(true);
        expect(parserAccepts(order)).toBe(true);
      }),
    );
  });

  it('refuses an order with an unknown field, at the top or in a line', async () => {
    const unknownKey = fc
      .stringMatching(/^[a-z][a-zA-Z]{0,10}$/)
      .filter((k) => !['customerId', 'currency', 'items', 'sku', 'quantity', 'contact'].includes(k));
    await fc.assert(
      fc.asyncProperty(validOrder, unknownKey, fc.jsonValue(), fc.boolean(), async (order, key, value, inLine) => {
        const body = inLine
          ? { ...order, items: [{ ...order.items[0], [key]: value }, ...order.items.slice(1)] }
          : { ...order, [key]: value };
        expect(await dtoAccepts(body)).toBe(false);
      }),
    );
  });

  it('agrees with parseOrderEvent on every mutated order: the HTTP bounds are the event bounds', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedOrder, async (body) => {
        expect({ body, dto: await dtoAccepts(body) }).toEqual({ body, dto: parserAccepts(body) });
      }),
      { numRuns: 1000 },
    );
  });

  // @ValidateNested alone validates the elements of a line that is itself an
  // array (none, for []) and lets it pass; it was then produced as {} and
  // dead-lettered after a 202. @IsObject({ each: true }) on items refuses it.
  it('refuses a line that is an array', async () => {
    await fc.assert(
      fc.asyncProperty(validOrder, fc.nat(), fc.array(line, { maxLength: 2 }), async (order, at, inner) => {
        const items: unknown[] = [...order.items];
        items[at % items.length] = inner;
        expect(await dtoAccepts({ ...order, items })).toBe(false);
      }),
    );
  });
});
