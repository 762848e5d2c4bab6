import type { KafkaMessage } from 'kafkajs';

/** A consumed message, free of kafkajs types so handlers need not import kafkajs. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

/** A message the handler can never process: the runner sends it to the dead-letter topic. */
export interface DeadLetter {
  message: InboundMessage;
  reason: string;
}

/**
 * What a batch handler returns. Throwing instead means "transient, try the
 * same batch again later"; nothing is committed in that case.
 */
export interface BatchOutcome {
  deadLetters: DeadLetter[];
  /**
   * Time the handler spent queued behind the group's other batches, waiting
   * for rows they held locked (fulfillment: the stock rows). Adaptive backoff
   * leaves it out of the batch's write time: it measures the group's own
   * queue, not how slowly the database writes.
   */
  queuedMs?: number;
}

/** Headers as strings (kafkajs gives buffers, and arrays for repeated names). */
export function toInboundMessage(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}
