import { LOG_INSTANCE_HEADER, logLines, toLogRecord, type LogRecord } from '@surge/contracts';
import { LOG_LEVEL_ORDER, type LogDocument, type LogPosition } from '@surge/log-store';
import type { DeadLetter, InboundMessage } from '@surge/kafka';

/** A line on the log topic that is no log record: it goes to the dead-letter topic with this reason. */
export class InvalidLogLineError extends Error {
  override readonly name = 'InvalidLogLineError';
}

/** A line read, and the document it became. */
export interface ReadLine {
  document: LogDocument;
  /** The line's message: a line the store refuses is dead-lettered from it (lineDeadLetter). */
  message: InboundMessage;
  line: string;
}

/** The documents of one message of the log topic, and the lines of it that are no log record. */
export interface MessageDocuments {
  read: ReadLine[];
  deadLetters: DeadLetter[];
}

/** A dead letter holds the refused line alone, under its message's position. */
export function lineDeadLetter(message: InboundMessage, line: string, reason: string): DeadLetter {
  return { message: { ...message, value: Buffer.from(line) }, reason };
}

/**
 * One document per line of the message (an app ships many lines in one; see
 * logLines), made a LogRecord with the writer named in the message's header.
 */
export function toLogDocuments(message: InboundMessage): MessageDocuments {
  const instance = message.headers[LOG_INSTANCE_HEADER] ?? 'unknown';
  const lines = logLines(message.value?.toString('utf8') ?? '');
  if (lines.length === 0) return { read: [], deadLetters: [{ message, reason: 'no log record: no line' }] };
  const read: ReadLine[] = [];
  const deadLetters: DeadLetter[] = [];
  lines.forEach((line, index) => {
    const position = { topic: message.topic, partition: message.partition, offset: message.offset, line: index };
    try {
      read.push({ document: toLogDocument(line, instance, position), message, line });
    } catch (error) {
      if (!(error instanceof InvalidLogLineError)) throw error;
      deadLetters.push(lineDeadLetter(message, line, `no log record: ${error.message}`));
    }
  });
  return { read, deadLetters };
}

/**
 * The document one line becomes: its record, plus where it was read. Only what
 * the store needs is checked (a time to choose the daily index by, a level,
 * an app and a message); a line that fails is refused here rather than by the
 * store.
 */
export function toLogDocument(line: string, instance: string, position: LogPosition): LogDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    throw new InvalidLogLineError(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidLogLineError('not a JSON object');
  }
  const record = toLogRecord(parsed as LogRecord, instance);
  const { time, level, app, msg } = record as Partial<LogRecord>;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) {
    throw new InvalidLogLineError(`time should be an ISO 8601 date or epoch milliseconds, got ${JSON.stringify(time)}`);
  }
  if (!LOG_LEVEL_ORDER.includes(level as LogRecord['level'])) {
    throw new InvalidLogLineError(`level should be one of ${LOG_LEVEL_ORDER.join(', ')}, got ${JSON.stringify(level)}`);
  }
  if (typeof app !== 'string' || app === '') throw new InvalidLogLineError('app should be a non-empty string');
  if (typeof msg !== 'string') throw new InvalidLogLineError('msg should be a string');
  return { ...record, kafka: position };
}
