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
}

export const ORDER_EVENT_SCHEMA = 'order.placed';
export const ORDER_EVENT_VERSION = 1;

/** A message that can never become an order: it belongs in the dead-letter topic. */
export class InvalidOrderEventError extends Error {
  override readonly name = 'InvalidOrderEventError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the orders table's request_fingerprint column holds. */
const FINGERPRINT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A parsed JSON value for an error message, at most 80 characters. Not
 * String(): it throws on {"toString": null}, and an error other than
 * InvalidOrderEventError is retried forever instead of dead-lettered, which
 * stalls the partition behind that one message.
 */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export function encodeOrderEvent(event: OrderPlacedEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}

/** Parses and checks a message value; throws InvalidOrderEventError naming what is wrong. */
export function parseOrderEvent(value: Buffer | null): OrderPlacedEvent {
  if (value === null) throw new InvalidOrderEventError('message has no value');
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch {
    throw new InvalidOrderEventError('value is not JSON');
  }
  if (!isRecord(raw)) throw new InvalidOrderEventError('value is not an object');
  if (raw.schema !== ORDER_EVENT_SCHEMA) throw new InvalidOrderEventError(`unknown schema ${quote(raw.schema)}`);
  if (raw.version !== ORDER_EVENT_VERSION) {
    throw new InvalidOrderEventError(`unsupported version ${quote(raw.version)}`);
  }
  const { orderId, customerId, currency, items, placedAt, requestFingerprint } = raw;
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
  return {
    schema: ORDER_EVENT_SCHEMA,
    version: ORDER_EVENT_VERSION,
    orderId,
    customerId,
    currency,
    items: lines,
    placedAt,
    ...(requestFingerprint === undefined ? {} : { requestFingerprint }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length <= ORDER_LIMITS.maxIdLength && ORDER_LIMITS.idPattern.test(v);
}

function isInstant(v: unknown): v is string {
  if (typeof v !== 'string' || !ORDER_LIMITS.placedAtPattern.test(v)) return false;
  const ms = Date.parse(v);
  // Date.parse rolls 02-30 over into March; a date that exists reads back the same.
  return !Number.isNaN(ms) && new Date(ms).toISOString() === v;
}

function isQuantity(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= ORDER_LIMITS.maxQuantity;
}
