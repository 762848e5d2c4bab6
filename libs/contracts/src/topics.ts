/** Topic the intake produces to and fulfillment drains. */
export const ORDERS_TOPIC = 'orders';
/** Where fulfillment parks messages that can never be processed. */
export const ORDERS_DLQ_TOPIC = 'orders.dlq';
/** Consumer group shared by every fulfillment instance. */
export const FULFILLMENT_GROUP = 'fulfillment';
/** Three days: long enough to ride out a promotion and a night of slow draining. */
export const ORDERS_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;
