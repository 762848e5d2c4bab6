import fc from 'fast-check';
import { ORDER_LIMITS } from './order-limits';
import { IDEMPOTENCY_KEY_PATTERN, keyedOrderId, newOrderId } from './order-id';

// RFC 9562: version nibble, then the variant bits 10xx.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What intake lets through to keyedOrderId: a customer id the DTO accepted, a key the service accepted. */
const customerId = fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${ORDER_LIMITS.maxIdLength - 1}}$`));
const idempotencyKey = fc.stringMatching(IDEMPOTENCY_KEY_PATTERN);
/** Every instant a 48-bit millisecond field can hold. */
const millis = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const randomBytes = fc.uint8Array({ minLength: 10, maxLength: 10 }).map((a) => Buffer.from(a));

describe('keyedOrderId (property)', () => {
  it('is a UUIDv8, the same every time for the same customer and key', () => {
    fc.assert(
      fc.property(customerId, idempotencyKey, (customer, key) => {
        const id = keyedOrderId(customer, key);
        expect(id).toMatch(UUID_V8);
        expect(keyedOrderId(customer, key)).toBe(id);
      }),
    );
  });

  it('gives distinct pairs distinct ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(customerId, idempotencyKey), {
          minLength: 2,
          maxLength: 200,
          selector: ([c, k]) => `${c}\n${k}`,
        }),
        (pairs) => {
          const ids = new Set(pairs.map(([c, k]) => keyedOrderId(c, k)));
          expect(ids.size).toBe(pairs.length);
        },
      ),
    );
  });

  it('keeps the customer/key boundary: moving characters across it changes the id', () => {
    // The hash input is `${customer}\n${key}`; neither pattern admits a newline,
    // so no two valid pairs share an input.
    fc.assert(
      fc.property(customerId, idempotencyKey, fc.integer({ min: 1, max: 7 }), (customer, key, n) => {
        fc.pre(customer.length > n);
        const moved = keyedOrderId(customer.slice(0, -n), `${customer.slice(-n)}${key}`);
        expect(moved).not.toBe(keyedOrderId(customer, key));
      }),
    );
  });
});

describe('newOrderId (property)', () => {
  it('is a UUIDv7 carrying its millisecond and random bits', () => {
    fc.assert(
      fc.property(millis, randomBytes, (now, random) => {
        const id = newOrderId(now, random);
        expect(id).toMatch(UUID_V7);
        const hex = id.replace(/-/g, '');
        expect(parseInt(hex.slice(0, 12), 16)).toBe(now);
        // rand_a keeps the low nibble of byte 6; rand_b the low 6 bits of byte 8 and all of 9-15.
        expect(parseInt(hex.slice(13, 16), 16)).toBe(((random[0] & 0x0f) << 8) | random[1]);
        expect(parseInt(hex.slice(16, 18), 16) & 0x3f).toBe(random[2] & 0x3f);
        expect(hex.slice(18)).toBe(random.subarray(3).toString('hex'));
      }),
    );
  });

  it('sorts by time: an id from a later millisecond is greater, whatever the random bits', () => {
    fc.assert(
      fc.property(millis, millis, randomBytes, randomBytes, (a, b, ra, rb) => {
        fc.pre(a !== b);
        const [early, late] = a < b ? [newOrderId(a, ra), newOrderId(b, rb)] : [newOrderId(b, rb), newOrderId(a, ra)];
        expect(early < late).toBe(true);
      }),
    );
  });

  it('is monotonic over a run of ids taken with the real clock and random source', () => {
    const ids: Array<[number, string]> = [];
    for (let i = 0; i < 2000; i++) {
      const now = Date.now();
      ids.push([now, newOrderId(now)]);
    }
    for (let i = 1; i < ids.length; i++) {
      const [prevAt, prev] = ids[i - 1];
      const [at, id] = ids[i];
      expect(id).toMatch(UUID_V7);
      // Within one millisecond the order is random (RFC 9562 method 1 is not used);
      // across milliseconds it follows the clock.
      if (at > prevAt) expect(id > prev).toBe(true);
    }
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length);
  });
});
