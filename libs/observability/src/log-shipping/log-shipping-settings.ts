/** How an app ships its log lines to Kafka (LOG_SHIPPING_* in docs/configuration.md). */
export interface LogShippingSettings {
  /** Where the lines go; the app's KAFKA_BROKERS unless LOG_SHIPPING_BROKERS says otherwise. */
  brokers: string[];
  topic: string;
  batchLines: number;
  lingerMs: number;
  queueLines: number;
  compression: 'none' | 'gzip';
}

/** What the main thread hands the shipping worker thread (structured-cloned). */
export interface LogShippingWorkerOptions extends LogShippingSettings {
  /** Every line's message key: the app's name. */
  app: string;
  /** host:pid[:worker] of the process whose lines these are. */
  instance: string;
  reportIntervalMs: number;
}

/** The counts the worker sends the main thread, cumulative since it started (LogShipperCounts). */
export interface LogShippingReport {
  shipped: number;
  queueFull: number;
  refused: number;
  lastError?: string;
}

/** Name of thread-stream's event that carries a LogShippingReport to the main thread. */
export const SHIPPING_REPORT_EVENT = 'surge:log-shipping-report';
