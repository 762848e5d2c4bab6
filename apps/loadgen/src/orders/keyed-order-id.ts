import { createHash } from 'node:crypto';

/**
 * The order id intake derives from customer + Idempotency-Key (README, "The
 * API": a UUIDv8 from SHA-256 of `customer\nkey`). The audit needs it to look
 * up orders that were refused or never answered: they have no id in any reply.
 * The unit spec pins it to a value intake produced.
 */
export function keyedOrderId(customerId: string, idempotencyKey: string): string {
  const bytes = createHash('sha256').update(`${customerId}\n${idempotencyKey}`).digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
