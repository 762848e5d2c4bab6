/** What intake answers while the order is only in Kafka. */
export const QUEUED = 'queued';

/** Final states of a stored order: every accepted order ends in exactly one. */
export const ORDER_STATUSES = ['fulfilled', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const REJECT_REASONS = ['out_of_stock', 'unknown_sku'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
