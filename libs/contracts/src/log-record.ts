/** Topic every Surge app ships its log lines to, and the log-sink drains. */
export const LOGS_TOPIC = 'surge.logs';
/** Where the log-sink parks a record OpenSearch refuses. */
export const LOGS_DLQ_TOPIC = 'surge.logs.dlq';
/** Consumer group shared by every log-sink instance. */
export const LOG_SINK_GROUP = 'log-sink';

/**
 * The steps of an order's journey that `npm run trace` prints, each logged
 * once at info by the app that takes it, with the order's id and trace id.
 */
export const ORDER_STEPS = [
  /** intake answered 202: the order is validated and has its id. */
  'order.accepted',
  /**
   * the broker acknowledged the order event: carries topic, partition, offset,
   * and acceptedAt, which stands for order.accepted (intake writes one line per
   * order for both steps; docs/tracing.md says why).
   */
  'order.produced',
  /** fulfillment committed the order: carries outcome and, when rejected, reason. */
  'order.stored',
  /** the notifier delivered one channel's notification: carries channel. */
  'notification.sent',
] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];

/**
 * One log line as shipped to `surge.logs` (JSON, one record per message, keyed
 * by app) and indexed by the log-sink. pino writes these fields (its numeric
 * level and epoch time are turned into `level` and `time` below before
 * shipping); anything else a line carries travels along untouched.
 */
export interface LogRecord {
  /** ISO 8601 with milliseconds, UTC. */
  time: string;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** order-intake, fulfillment, notifier, log-sink. */
  app: string;
  /** host:pid (and worker id for intake workers): which process wrote it. */
  instance: string;
  msg: string;
  /** Present on every line about one order. */
  orderId?: string;
  /** W3C trace id (32 hex) of the order's trace: the storefront's, or one Surge started. */
  traceId?: string;
  /** W3C span id (16 hex) of the app's span for this step. */
  spanId?: string;
  /** The order's step this line records, when it records one. */
  step?: OrderStep;
  topic?: string;
  partition?: number;
  offset?: string;
  /** On intake's order.produced line: when the order was accepted (ISO 8601), its order.accepted step. */
  acceptedAt?: string;
  outcome?: string;
  reason?: string;
  channel?: string;
  err?: { type?: string; message: string; stack?: string };
  [field: string]: unknown;
}
