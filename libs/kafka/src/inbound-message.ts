/** A consumed message, free of kafkajs types so handlers need not import it. */
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
}
