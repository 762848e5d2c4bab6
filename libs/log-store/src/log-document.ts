import type { LogRecord } from '@surge/contracts';

/** Where in Kafka the log-sink read a line: its document id and the order of lines written in the same millisecond. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * A log line as the store keeps it: the record as shipped, plus its position
 * in the log topic under `kafka` (the record's own topic/partition/offset are
 * the order's, on the `order.produced` step).
 */
export type LogDocument = LogRecord & { kafka: LogPosition };

/** One id per position: a redelivered line is the same document, never a second one. */
export function logDocumentId({ topic, partition, offset }: LogPosition): string {
  return `${topic}:${partition}:${offset}`;
}
