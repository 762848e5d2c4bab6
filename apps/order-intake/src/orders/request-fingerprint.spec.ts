import { requestFingerprint } from './request-fingerprint';

const order = { customerId: 'c-1', currency: 'EUR', items: [{ sku: 'A', quantity: 1 }] };

describe('requestFingerprint', () => {
  it('is 22 base64url characters, the same for the same order', () => {
    expect(requestFingerprint(order)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(requestFingerprint({ items: [{ quantity: 1, sku: 'A' }], currency: 'EUR', customerId: 'c-1' })).toBe(
      requestFingerprint(order),
    );
  });

  it('differs when any part of the order differs', () => {
    const variants = [
      { ...order, customerId: 'c-2' },
      { ...order, currency: 'USD' },
      { ...order, items: [{ sku: 'A', quantity: 2 }] },
      { ...order, items: [{ sku: 'B', quantity: 1 }] },
      { ...order, items: [...order.items, { sku: 'B', quantity: 1 }] },
      { ...order, contact: { email: 'ana@example.com' } },
      { ...order, contact: { email: 'bob@example.com' } },
      { ...order, contact: { phone: '+33612345678' } },
      { ...order, contact: { email: 'ana@example.com', phone: '+33612345678' } },
    ];
    const fingerprints = new Set([order, ...variants].map(requestFingerprint));
    expect(fingerprints.size).toBe(variants.length + 1);
  });

  it('is the one an order without contact had before contacts were part of it', () => {
    expect(requestFingerprint(order)).toBe('Q6qvsB2urZvK0p8Ti5S0QA');
  });
});
