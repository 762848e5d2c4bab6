import fc from 'fast-check';
import { IDEMPOTENCY_KEY_PATTERN, keyedOrderId, newOrderId, outcomeEventId } from './order-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-([89ab])[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('order ids', () => {
  it('newOrderId is a UUIDv7 that sorts by time', () => {
    const early = newOrderId(1_700_000_000_000);
    const late = newOrderId(1_700_000_000_001);
    expect(early).toMatch(UUID);
    expect(UUID.exec(early)?.[1]).toBe('7');
    expect(early < late).toBe(true);
    expect(newOrderId()).not.toBe(newOrderId());
  });

  it('keyedOrderId is the same for the same customer and key, different otherwise', () => {
    const id = keyedOrderId('customer-1', 'key-00000001');
    expect(id).toMatch(UUID);
    expect(UUID.exec(id)?.[1]).toBe('8');
    expect(keyedOrderId('customer-1', 'key-00000001')).toBe(id);
    expect(keyedOrderId('customer-2', 'key-00000001')).not.toBe(id);
    expect(keyedOrderId('customer-1', 'key-00000002')).not.toBe(id);
  });

  it('keeps deriving the id it derived before: a retry sent across a deploy must get the same id', () => {
    expect(keyedOrderId('fs-test01-c42', 'fs-test01-k7')).toBe('bf3c14c7-7ffb-8917-9d8e-fc0ea893c752');
  });

  it('outcomeEventId is a UUIDv8 fixed by the order id, apart from the order id itself', () => {
    const orderId = '01a217b3-8de9-7368-92fb-adf894e78855';
    const eventId = outcomeEventId(orderId);
    expect(UUID.exec(eventId)?.[1]).toBe('8');
    expect(outcomeEventId(orderId)).toBe(eventId);
    expect(eventId).not.toBe(orderId);
    expect(outcomeEventId('01a217b3-8de9-7368-92fb-adf894e78856')).not.toBe(eventId);
    // Mail Message-IDs and webhook ids derive from it: it must not change across a deploy.
    expect(eventId).toBe('d0092210-a405-8445-8fb0-893c2a828d40');
  });

  it('does not confuse customer and key boundaries', () => {
    expect(keyedOrderId('ab', 'cdefghijk')).not.toBe(keyedOrderId('abc', 'defghijk'));
  });

  it.each(['short', 'has space here', 'x'.repeat(129), 'semi;colon1'])('rejects idempotency key %p', (key) => {
    expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(false);
  });

  it.each(['01HF8Z3K9Q', 'retry:2026-11-26.1', 'a_b-c.d:e'])('accepts idempotency key %p', (key) => {
    expect(IDEMPOTENCY_KEY_PATTERN.test(key)).toBe(true);
  });
});

describe('order id properties', () => {
  it('newOrderId never repeats across many calls (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newOrderId(1_700_000_000_000)));
    expect(ids.size).toBe(5000);
  });

  it('keyedOrderId is a deterministic UUIDv8 for any customer and key, and differs when either differs', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
    const key = fc.stringMatching(IDEMPOTENCY_KEY_PATTERN);
    fc.assert(
      fc.property(id, key, id, key, (c1, k1, c2, k2) => {
        const a = keyedOrderId(c1, k1);
        expect(a).toMatch(UUID);
        expect(UUID.exec(a)?.[1]).toBe('8');
        expect(keyedOrderId(c1, k1)).toBe(a);
        if (c1 !== c2 || k1 !== k2) expect(keyedOrderId(c2, k2)).not.toBe(a);
      }),
    );
  });
});
