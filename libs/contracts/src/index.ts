export {
  ORDERS_TOPIC,
  ORDERS_DLQ_TOPIC,
  OUTCOMES_TOPIC,
  NOTIFICATIONS_DLQ_TOPIC,
  FULFILLMENT_GROUP,
  NOTIFIER_GROUP,
  ORDERS_RETENTION_MS,
  orderTopicSpecs,
} from './topics';
export type { OrderTopicsSettings, TopicSpec } from './topics';
export { QUEUED, ORDER_STATUSES, REJECT_REASONS } from './order-status';
export type { OrderStatus, RejectReason } from './order-status';
export { ORDER_LIMITS } from './order-limits';
export {
  ORDER_EVENT_SCHEMA,
  ORDER_EVENT_VERSION,
  InvalidOrderEventError,
  encodeOrderEvent,
  parseOrderEvent,
} from './order-event';
export type { OrderLine, OrderPlacedEvent } from './order-event';
export { IDEMPOTENCY_KEY_PATTERN, keyedOrderId, newOrderId, outcomeEventId } from './order-id';
export type { Contact } from './contact';
export {
  ORDER_OUTCOME_SCHEMA,
  ORDER_OUTCOME_VERSION,
  EVENT_ID_HEADER,
  InvalidOrderOutcomeError,
  encodeOrderOutcome,
  parseOrderOutcome,
} from './order-outcome';
export type { OrderOutcomeEvent, OutcomeLine } from './order-outcome';
export {
  LOGS_TOPIC,
  LOGS_DLQ_TOPIC,
  LOG_INSTANCE_HEADER,
  LOG_SINK_GROUP,
  ORDER_STEPS,
  logLines,
  toLogRecord,
} from './log-record';
export type { LogRecord, OrderStep, PinoLine } from './log-record';
export { logTopicSpecs } from './log-topics';
export type { LogTopicsSettings } from './log-topics';
export { TRACEPARENT_HEADER, childSpan, formatTraceparent, newTrace, parseTraceparent } from './trace-context';
export type { TraceContext } from './trace-context';
