import type { OrderPlacedEvent } from '@surge/contracts';

/** An order event whose Idempotency-Key already stands for an order with another body. */
export interface IdempotencyConflict {
  event: OrderPlacedEvent;
  /** Fingerprint of the request the stored (or first) order came from. */
  keptFingerprint: string;
}

/**
 * The events of a batch that reuse an order id (customer + Idempotency-Key)
 * for another body than the one stored, or than an earlier event of the same
 * batch: the first wins, as intake would have decided had the retry reached
 * the instance that saw the first. Only events and orders that both carry a
 * fingerprint are compared (orders placed without a key, or before
 * fingerprints existed, have none). One entry per distinct body.
 */
export function findIdempotencyConflicts(
  events: OrderPlacedEvent[],
  storedFingerprints: ReadonlyMap<string, string | null>,
): IdempotencyConflict[] {
  const kept = new Map(storedFingerprints);
  const found = new Map<string, IdempotencyConflict>();
  for (const event of events) {
    const fingerprint = event.requestFingerprint ?? null;
    if (!kept.has(event.orderId)) {
      kept.set(event.orderId, fingerprint);
      continue;
    }
    const keptFingerprint = kept.get(event.orderId);
    if (keptFingerprint && fingerprint && keptFingerprint !== fingerprint) {
      found.set(`${event.orderId} ${fingerprint}`, { event, keptFingerprint });
    }
  }
  return [...found.values()];
}
