import { randomUUID } from 'node:crypto';
import { encodeOrderEvent } from '@surge/contracts';

export interface RefusedOrder {
  orderId: string;
  key: string;
  value: string;
}

/**
 * Orders every check of the event parser passes, on SKUs the drill's trigger
 * makes MySQL refuse; their customers are outside loadgen's run, so the audit
 * counts only the load's orders around them.
 */
export function refusedOrders(runId: string, skuPrefix: string, count: number): RefusedOrder[] {
  return Array.from({ length: count }, (_, i) => {
    const customerId = `${runId}-refused-${i}`;
    const event = {
      schema: 'order.placed' as const,
      version: 1 as const,
      orderId: randomUUID(),
      customerId,
      currency: 'EUR',
      items: [
        { sku: `${skuPrefix}-${i % 3}`, quantity: 1 },
        { sku: `${runId}-A`, quantity: 1 },
      ],
      placedAt: new Date().toISOString(),
    };
    return { orderId: event.orderId, key: customerId, value: encodeOrderEvent(event) };
  });
}
