import { parseContact, type Contact } from './contact';
import { isId, isInstant, isQuantity, isRecord, jsonObject, quote, UUID } from './fields';
import { ORDER_LIMITS } from './order-limits';

export interface OrderLine {
  sku: string;
  quantity: number;
}

/**
 * The event intake produces for every accepted order (schema version 1).
 * Keyed by customerId so one customer's orders stay in order on one partition.
 */
export interface OrderPlacedEvent {
  schema: 'order.placed';
  version: 1;
  orderId: string;
  customerId: string;
  currency: string;
  items: OrderLine[];
  /** ISO-8601 instant at which intake accepted the order. */
  placedAt: string;
  /**
   * Only for orders placed with an Idempotency-Key: a digest of the request
   * the key was used for, so fulfillment can tell a retry (same digest) from
   * the key reused for another order (issue 10). Absent from older events.
   */
  requestFingerprint?: string;
  /** Where the shopper wants the outcome sent (issue 13). Absent from older events. */
  contact?: Contact;
}

export const ORDER_EVENT_SCHEMA = 'order.placed';
export const ORDER_EVENT_VERSION = 1;

/** A message that can never become an order: it belongs in the dead-letter topic. */
export class InvalidOrderEventError extends Error {
  override readonly name = 'InvalidOrderEventError';
}

/** What the orders table's request_fingerprint column holds. */
const FINGERPRINT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The message value of an event: its JSON text. A string rather than a
 * Buffer, because kafkajs writes a string value straight into the record
 * batch; a Buffer would be one more allocation and copy per order.
 */
export function encodeOrderEvent(event: OrderPlacedEvent): string {
  return JSON.stringify(event);
}

/** Parses and checks a message value; throws InvalidOrderEventError naming what is wrong. */
export function parseOrderEvent(value: Buffer | string | null): OrderPlacedEvent {
  const raw = jsonObject(value, fail);
  if (raw.schema !== ORDER_EVENT_SCHEMA) throw new InvalidOrderEventError(`unknown schema ${quote(raw.schema)}`);
  if (raw.version !== ORDER_EVENT_VERSION) {
    throw new InvalidOrderEventError(`unsupported version ${quote(raw.version)}`);
  }
  const { orderId, customerId, currency, items, placedAt, requestFingerprint, contact } = raw;
  if (typeof orderId !== 'string' || !UUID.test(orderId)) throw new InvalidOrderEventError('orderId is not a UUID');
  if (!isId(customerId)) throw new InvalidOrderEventError('customerId is invalid');
  if (typeof currency !== 'string' || !ORDER_LIMITS.currencyPattern.test(currency)) {
    throw new InvalidOrderEventError('currency is invalid');
  }
  if (!isInstant(placedAt)) {
    throw new InvalidOrderEventError('placedAt is not an ISO-8601 UTC instant between the years 1000 and 9999');
  }
  if (!Array.isArray(items) || items.length === 0 || items.length > ORDER_LIMITS.maxItems) {
    throw new InvalidOrderEventError(`items must hold 1 to ${ORDER_LIMITS.maxItems} lines`);
  }
  if (
    requestFingerprint !== undefined &&
    (typeof requestFingerprint !== 'string' || !FINGERPRINT.test(requestFingerprint))
  ) {
    throw new InvalidOrderEventError('requestFingerprint is invalid');
  }
  const lines = items.map((item: unknown, i): OrderLine => {
    if (!isRecord(item) || !isId(item.sku) || !isQuantity(item.quantity)) {
      throw new InvalidOrderEventError(`items[${i}] is invalid`);
    }
    return { sku: item.sku, quantity: item.quantity };
  });
  const shopperContact = contact === undefined ? undefined : parseContact(contact, fail);
  return {
    schema: ORDER_EVENT_SCHEMA,
    version: ORDER_EVENT_VERSION,
    orderId,
    customerId,
    currency,
    items: lines,
    placedAt,
    ...(requestFingerprint === undefined ? {} : { requestFingerprint }),
    ...(shopperContact === undefined ? {} : { contact: shopperContact }),
  };
}

function fail(message: string): never {
  throw new InvalidOrderEventError(message);
}
