import type { LogRecord } from '@surge/contracts';

/** Where in Kafka the log-sink read a line: its document id and the order of lines written in the same millisecond. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
  /** Which line of its message (a message holds many; logLines in @surge/contracts); 0 when absent. */
  line?: number;
}

/**
 * A log line as the store keeps it: the record as shipped, plus its position
 * in the log topic under `kafka` (the record's own topic/partition/offset are
 * the order's, on the `order.produced` step).
 */
export type LogDocument = LogRecord & { kafka: LogPosition };

/**
 * One id per position: a redelivered line is the same document, never a
 * second one. A message's first line has the message's id, as when a message
 * held one line, so messages read again after an upgrade are not stored twice.
 */
export function logDocumentId({ topic, partition, offset, line }: LogPosition): string {
  return line ? `${topic}:${partition}:${offset}:${line}` : `${topic}:${partition}:${offset}`;
}
