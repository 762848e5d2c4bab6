import { createHash } from 'node:crypto';
import type { CreateOrderDto } from './dto/create-order.dto';

/**
 * What an Idempotency-Key is bound to: a digest of the order as validated
 * (customer, currency, lines in the order sent), not of the raw bytes, so a
 * retry that only differs in whitespace or key order is the same request.
 * 128 bits of SHA-256 in base64url (22 characters) travel in the event, so
 * fulfillment can compare bodies that reached different intake instances.
 */
export function requestFingerprint(order: Pick<CreateOrderDto, 'customerId' | 'currency' | 'items'>): string {
  const canonical = JSON.stringify([order.customerId, order.currency, order.items.map((i) => [i.sku, i.quantity])]);
  return createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64url');
}
