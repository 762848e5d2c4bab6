import type { OrderPlacedEvent } from '@surge/contracts';
import { findIdempotencyConflicts } from './idempotency-conflicts';

const ID = '01a217b3-8de9-8368-92fb-adf894e78855';

function event(requestFingerprint: string | undefined, orderId = ID): OrderPlacedEvent {
  return {
    schema: 'order.placed',
    version: 1,
    orderId,
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ sku: 'A', quantity: 1 }],
    placedAt: '2026-11-26T10:00:00.000Z',
    ...(requestFingerprint ? { requestFingerprint } : {}),
  };
}

describe('findIdempotencyConflicts', () => {
  it('finds an event whose body differs from the stored order', () => {
    const other = event('B');
    expect(findIdempotencyConflicts([other], new Map([[ID, 'A']]))).toEqual([{ event: other, keptFingerprint: 'A' }]);
  });

  it('sees a retry of the stored body, or of a new one, as no conflict', () => {
    expect(findIdempotencyConflicts([event('A'), event('A')], new Map([[ID, 'A']]))).toEqual([]);
    expect(findIdempotencyConflicts([event('A'), event('A')], new Map())).toEqual([]);
  });

  it('lets the first event of a batch win over a later one with another body', () => {
    const later = event('B');
    expect(findIdempotencyConflicts([event('A'), later, event('A')], new Map())).toEqual([
      { event: later, keptFingerprint: 'A' },
    ]);
  });

  it('names each distinct body once', () => {
    const conflicts = findIdempotencyConflicts([event('B'), event('C'), event('B')], new Map([[ID, 'A']]));
    expect(conflicts.map((c) => c.event.requestFingerprint)).toEqual(['B', 'C']);
  });

  it('cannot compare without a fingerprint on both sides', () => {
    expect(findIdempotencyConflicts([event('B')], new Map([[ID, null]]))).toEqual([]);
    expect(findIdempotencyConflicts([event(undefined)], new Map([[ID, 'A']]))).toEqual([]);
    expect(
      findIdempotencyConflicts([event('B', '01a217b3-8de9-7368-92fb-adf894e78856')], new Map([[ID, 'A']])),
    ).toEqual([]);
  });
});
