import { parseContact, type Contact } from './contact';
import { isId, isInstant, isQuantity, isRecord, jsonObject, quote, UUID } from './fields';
import { ORDER_LIMITS } from './order-limits';
import { ORDER_STATUSES, REJECT_REASONS, type OrderStatus, type RejectReason } from './order-status';

export interface OutcomeLine {
  sku: string;
  quantity: number;
  /** Null for a SKU the inventory does not know (the order was rejected as unknown_sku). */
  unitPriceCents: number | null;
}

/**
 * What fulfillment decided for a stored order (schema version 1), published to
 * the outcomes topic keyed by orderId through the outbox. Every stored order
 * has exactly one; eventId travels as a header too, so consumers can drop a
 * redelivered event without parsing it.
 */
export interface OrderOutcomeEvent {
  schema: 'order.outcome';
  version: 1;
  eventId: string;
  orderId: string;
  customerId: string;
  status: OrderStatus;
  /** Set exactly when status is rejected. */
  rejectReason: RejectReason | null;
  currency: string;
  totalCents: number;
  lines: OutcomeLine[];
  contact?: Contact;
  /** ISO-8601 instant at which intake accepted the order. */
  placedAt: string;
  /** ISO-8601 instant at which fulfillment stored the decision. */
  decidedAt: string;
}

export const ORDER_OUTCOME_SCHEMA = 'order.outcome';
export const ORDER_OUTCOME_VERSION = 1;
/** The Kafka header that carries an outcome's eventId. */
export const EVENT_ID_HEADER = 'event-id';

/** An outcome message that can never be notified: it belongs in a dead-letter topic. */
export class InvalidOrderOutcomeError extends Error {
  override readonly name = 'InvalidOrderOutcomeError';
}

/** The outcome's JSON text, as the outbox row, the message value and the webhook body carry it. */
export function encodeOrderOutcome(event: OrderOutcomeEvent): string {
  return JSON.stringify(event);
}

/** Parses and checks a message value; throws InvalidOrderOutcomeError naming what is wrong. */
export function parseOrderOutcome(value: Buffer | string | null): OrderOutcomeEvent {
  const raw = jsonObject(value, fail);
  if (raw.schema !== ORDER_OUTCOME_SCHEMA) fail(`unknown schema ${quote(raw.schema)}`);
  if (raw.version !== ORDER_OUTCOME_VERSION) fail(`unsupported version ${quote(raw.version)}`);
  const { eventId, orderId, customerId, status, rejectReason, currency, totalCents, lines, contact } = raw;
  if (typeof eventId !== 'string' || !UUID.test(eventId)) fail('eventId is not a UUID');
  if (typeof orderId !== 'string' || !UUID.test(orderId)) fail('orderId is not a UUID');
  if (!isId(customerId)) fail('customerId is invalid');
  if (!ORDER_STATUSES.includes(status as OrderStatus)) fail('status is invalid');
  const reason = status === 'rejected' ? REJECT_REASONS.find((r) => r === rejectReason) : rejectReason;
  if (status === 'rejected' && reason === undefined) fail('rejectReason is invalid');
  if (status === 'fulfilled' && rejectReason !== null) fail('rejectReason must be null for a fulfilled order');
  if (typeof currency !== 'string' || !ORDER_LIMITS.currencyPattern.test(currency)) fail('currency is invalid');
  if (!Number.isSafeInteger(totalCents) || (totalCents as number) < 0) fail('totalCents is invalid');
  if (!Array.isArray(lines) || lines.length === 0 || lines.length > ORDER_LIMITS.maxItems) {
    fail(`lines must hold 1 to ${ORDER_LIMITS.maxItems} lines`);
  }
  if (!isInstant(raw.placedAt)) fail('placedAt is not a date');
  if (!isInstant(raw.decidedAt)) fail('decidedAt is not a date');
  const outcomeLines = lines.map((line: unknown, i): OutcomeLine => {
    if (!isRecord(line) || !isId(line.sku) || !isQuantity(line.quantity) || !isPrice(line.unitPriceCents)) {
      fail(`lines[${i}] is invalid`);
    }
    return { sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents };
  });
  return {
    schema: ORDER_OUTCOME_SCHEMA,
    version: ORDER_OUTCOME_VERSION,
    eventId,
    orderId,
    customerId,
    status: status as OrderStatus,
    rejectReason: (reason ?? null) as RejectReason | null,
    currency,
    totalCents: totalCents as number,
    lines: outcomeLines,
    ...(contact === undefined ? {} : { contact: parseContact(contact, fail) }),
    placedAt: raw.placedAt,
    decidedAt: raw.decidedAt,
  };
}

function isPrice(v: unknown): v is number | null {
  return v === null || (Number.isSafeInteger(v) && (v as number) >= 0);
}

function fail(message: string): never {
  throw new InvalidOrderOutcomeError(message);
}
