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
 * One log line as the log-sink indexes it and `trace` and `logs` read it,
 * made by toLogRecord from a line an app shipped (see logLines). pino writes
 * these fields (its numeric level and epoch time become `level` and `time`);
 * anything else a line carries travels along untouched.
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

/** Message header naming the process whose lines a `surge.logs` message holds (LogRecord's `instance`). */
export const LOG_INSTANCE_HEADER = 'surge-instance';

/**
 * The lines a `surge.logs` message holds, in the order they were written:
 * shipping puts many lines, exactly as pino wrote them (JSON text, which has
 * no newline of its own), in one message, one per line, so that an app pays
 * for neither a second serialization nor a message per line.
 */
export function logLines(value: string): string[] {
  return value.split('\n').filter((line) => line.length > 0);
}

/** A line as pino writes it: numeric level, epoch milliseconds, maybe its own pid and hostname. */
export interface PinoLine {
  level: number;
  time: number;
  pid?: number;
  hostname?: string;
  app?: string;
  msg?: string;
  [field: string]: unknown;
}

const LEVEL_LABELS: Record<number, LogRecord['level']> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/**
 * The record of one shipped line. `instance` is the writer's host:pid[:worker]
 * from the message's LOG_INSTANCE_HEADER (a cluster worker's id is not on the
 * line). A line with a level label is a record already (shipped as one by an
 * earlier Surge) and is kept as it is.
 */
export function toLogRecord(line: PinoLine | LogRecord, instance: string): LogRecord {
  if (typeof line.level !== 'number') return line as LogRecord;
  const { level, time, app, msg, ...fields } = line as PinoLine;
  // `instance` says which process wrote it, in one field.
  delete fields.pid;
  delete fields.hostname;
  return {
    ...fields,
    time: typeof time === 'number' ? new Date(time).toISOString() : String(time),
    level: LEVEL_LABELS[level] ?? (level > 60 ? 'fatal' : 'trace'),
    app: app ?? 'unknown',
    instance,
    msg: msg ?? '',
  };
}
