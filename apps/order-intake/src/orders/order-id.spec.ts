import { IDEMPOTENCY_KEY_PATTERN, keyedOrderId, newOrderId } from './order-id';

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
