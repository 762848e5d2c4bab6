import { outcomeEventId, parseOrderOutcome, encodeOrderOutcome, type OrderPlacedEvent } from '@surge/contracts';
import { outcomeEvent } from './outcome-event';

const order: OrderPlacedEvent = {
  schema: 'order.placed',
  version: 1,
  orderId: '01a217b3-8de9-7368-92fb-adf894e78855',
  customerId: 'customer-1',
  currency: 'EUR',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  placedAt: '2026-11-26T10:00:00.000Z',
  requestFingerprint: 'q1w2e3r4t5y6u7i8o9p0Aa',
};
const decidedAt = new Date('2026-11-26T10:00:02.500Z');

describe('outcomeEvent', () => {
  it('tells a fulfilled order with its lines, total, contact and both instants, under the derived event id', () => {
    const event = outcomeEvent(
      {
        order: { ...order, contact: { email: 'ana@example.com' } },
        status: 'fulfilled',
        rejectReason: null,
        totalCents: 2400,
        lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1200 }],
      },
      decidedAt,
    );
    expect(event).toEqual({
      schema: 'order.outcome',
      version: 1,
      eventId: outcomeEventId(order.orderId),
      orderId: order.orderId,
      customerId: 'customer-1',
      status: 'fulfilled',
      rejectReason: null,
      currency: 'EUR',
      totalCents: 2400,
      lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1200 }],
      contact: { email: 'ana@example.com' },
      placedAt: order.placedAt,
      decidedAt: '2026-11-26T10:00:02.500Z',
    });
    // What the writer stores is what the notifier can parse.
    expect(parseOrderOutcome(encodeOrderOutcome(event))).toEqual(event);
  });

  it('tells a rejection with its reason, and carries no contact the order did not have', () => {
    const event = outcomeEvent(
      {
        order,
        status: 'rejected',
        rejectReason: 'unknown_sku',
        totalCents: 0,
        lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: null }],
      },
      decidedAt,
    );
    expect(event).toMatchObject({ status: 'rejected', rejectReason: 'unknown_sku' });
    expect(event).not.toHaveProperty('contact');
    expect(event).not.toHaveProperty('requestFingerprint');
    expect(parseOrderOutcome(encodeOrderOutcome(event))).toEqual(event);
  });
});
