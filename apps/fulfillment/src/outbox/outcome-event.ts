import { ORDER_OUTCOME_SCHEMA, ORDER_OUTCOME_VERSION, outcomeEventId, type OrderOutcomeEvent } from '@surge/contracts';
import type { Allocation } from '../orders/stock-allocation';

/** The outcome event of an order just decided, as the outbox keeps it. */
export function outcomeEvent(allocation: Allocation, decidedAt: Date): OrderOutcomeEvent {
  const { order } = allocation;
  return {
    schema: ORDER_OUTCOME_SCHEMA,
    version: ORDER_OUTCOME_VERSION,
    eventId: outcomeEventId(order.orderId),
    orderId: order.orderId,
    customerId: order.customerId,
    status: allocation.status,
    rejectReason: allocation.rejectReason,
    currency: order.currency,
    totalCents: allocation.totalCents,
    lines: allocation.lines.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
    ...(order.contact ? { contact: order.contact } : {}),
    placedAt: order.placedAt,
    decidedAt: decidedAt.toISOString(),
  };
}
