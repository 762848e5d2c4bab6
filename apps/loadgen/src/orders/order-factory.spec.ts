import { IDEMPOTENCY_KEY_PATTERN, ORDER_LIMITS } from '@surge/contracts';
import { OrderFactory } from './order-factory';
import { seededRandom } from './random';

const catalogue = ['HOT-1', 'HOT-2', 'SKU-3', 'SKU-4', 'SKU-5', 'SKU-6'];

describe('OrderFactory', () => {
  const factory = new OrderFactory(
    { runId: 'fs-abc123', customers: 50, catalogue, zipfExponent: 1.1, resubmitShare: 0.2 },
    seededRandom(3),
  );
  const orders = Array.from({ length: 5000 }, () => factory.next());

  it('1-5 distinct catalogue SKUs per order, quantities 1-2', () => {
    for (const order of orders) {
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(5);
      expect(new Set(order.items.map((i) => i.sku)).size).toBe(order.items.length);
      for (const item of order.items) {
        expect(catalogue).toContain(item.sku);
        expect([1, 2]).toContain(item.quantity);
      }
    }
  });

  it('customers from the population under the run prefix, a unique valid key per order', () => {
    expect(new Set(orders.map((o) => o.idempotencyKey)).size).toBe(orders.length);
    for (const o of orders) {
      expect(o.customerId).toMatch(/^fs-abc123-c([0-9]|[1-4][0-9])$/);
      expect(o.idempotencyKey).toMatch(IDEMPOTENCY_KEY_PATTERN);
    }
  });

  it('resubmits about the configured share', () => {
    const share = orders.filter((o) => o.resubmit).length / orders.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });

  it('with --notify, gives each order a valid email and phone of its own, and otherwise the same orders', () => {
    const options = { runId: 'fs-abc123', customers: 50, catalogue, zipfExponent: 1.1, resubmitShare: 0.2 };
    const notifying = new OrderFactory({ ...options, contact: { email: true, phone: true } }, seededRandom(3));
    const told = Array.from({ length: 5000 }, () => notifying.next());
    expect(told.map(({ contact: _, ...rest }) => rest)).toEqual(orders);
    expect(new Set(told.map((o) => o.contact?.email)).size).toBe(told.length);
    expect(new Set(told.map((o) => o.contact?.phone)).size).toBe(told.length);
    for (const { contact } of told.slice(0, 100)) {
      expect(contact?.email).toMatch(ORDER_LIMITS.emailPattern);
      expect(contact?.phone).toMatch(ORDER_LIMITS.phonePattern);
    }
    expect(orders.every((o) => o.contact === undefined)).toBe(true);
  });
});
