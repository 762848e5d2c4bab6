import type { LogRecord } from '@surge/contracts';
import { LOG_LEVEL_ORDER, type LogDocument } from '@surge/log-store';
import type { InboundMessage } from '@surge/kafka';

/** A message on the log topic that is no log record: it goes to the dead-letter topic with this reason. */
export class InvalidLogLineError extends Error {
  override readonly name = 'InvalidLogLineError';
}

/**
 * The document a shipped line becomes: the record as it is, plus where it was
 * read. Only what the store needs is checked (a time to choose the daily
 * index by, a level, an app and a message); a record that fails is refused
 * here rather than by the store.
 */
export function toLogDocument(message: InboundMessage): LogDocument {
  let record: unknown;
  try {
    record = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    throw new InvalidLogLineError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InvalidLogLineError('not a JSON object');
  }
  const { time, level, app, msg } = record as Partial<LogRecord>;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
    throw new InvalidLogLineError(`time should be an ISO 8601 date, got ${JSON.stringify(time)}`);
  }
  if (!LOG_LEVEL_ORDER.includes(level as LogRecord['level'])) {
    throw new InvalidLogLineError(`level should be one of ${LOG_LEVEL_ORDER.join(', ')}, got ${JSON.stringify(level)}`);
  }
  if (typeof app !== 'string' || app === '') throw new InvalidLogLineError('app should be a non-empty string');
  if (typeof msg !== 'string') throw new InvalidLogLineError('msg should be a string');
  return {
    ...(record as LogRecord),
    kafka: { topic: message.topic, partition: message.partition, offset: message.offset },
  };
}
