import { createHash } from 'node:crypto';
import type { CreateOrderDto } from './dto/create-order.dto';

/**
 * What an Idempotency-Key is bound to: a digest of the order as validated
 * (customer, currency, lines in the order sent, and the contact the outcome
 * goes to), not of the raw bytes, so a retry that only differs in whitespace
 * or key order is the same request. The contact is part of it: a retry that
 * names another address would otherwise get the first order's id and its
 * shopper would never hear of the outcome, at the address they gave. It is
 * appended only when present, so an order without contact keeps the
 * fingerprint it had before contacts existed.
 * 128 bits of SHA-256 in base64url (22 characters) travel in the event, so
 * fulfillment can compare bodies that reached different intake instances.
 */
export function requestFingerprint(
  order: Pick<CreateOrderDto, 'customerId' | 'currency' | 'items' | 'contact'>,
): string {
  const parts: unknown[] = [order.customerId, order.currency, order.items.map((i) => [i.sku, i.quantity])];
  if (order.contact) parts.push([order.contact.email ?? null, order.contact.phone ?? null]);
  return createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16).toString('base64url');
}
