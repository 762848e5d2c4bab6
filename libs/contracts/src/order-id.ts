import { createHash } from 'node:crypto';
import { randomBytesFromPool } from './random-pool';

/**
 * Order ids, and the Idempotency-Key a client may send with an order. Intake
 * assigns the ids; loadgen's audit derives the keyed ones to find orders whose
 * answer it never saw.
 */

/** Idempotency keys: what a client can safely generate and log. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** A UUIDv7 (RFC 9562): milliseconds first, so ids sort by arrival. */
export function newOrderId(now = Date.now(), random: Buffer = randomBytesFromPool(10)): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now, 0, 6);
  random.copy(bytes, 6, 0, 10);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return format(bytes);
}

/**
 * The id for a request carrying an Idempotency-Key: a UUIDv8 (RFC 9562) from a
 * SHA-256 of customer and key, so a retry of the same request gets the same
 * id and fulfillment stores it once. Scoped by customer so two customers who
 * pick the same key never collide.
 */
export function keyedOrderId(customerId: string, idempotencyKey: string): string {
  return hashedUuid(`${customerId}\n${idempotencyKey}`);
}

/**
 * The eventId of an order's outcome, derived from the order id: an order has
 * one outcome, so whatever writes or relays it again carries the same id, and
 * the notifier's Message-IDs and webhook ids derived from it stay the same.
 */
export function outcomeEventId(orderId: string): string {
  return hashedUuid(`order.outcome\n${orderId}`);
}

/** A UUIDv8 (RFC 9562) from the first 128 bits of a SHA-256 of the text. */
function hashedUuid(text: string): string {
  const bytes = createHash('sha256').update(text).digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  return format(bytes);
}

function format(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
