import { LOG_INSTANCE_HEADER, logLines, toLogRecord, type LogRecord } from '@surge/contracts';
import { readTopic, type Kafka } from '@surge/kafka';

/** Every line a logs topic holds now, as the log-sink reads them. */
export async function readLogRecords(kafka: Kafka, topic: string): Promise<LogRecord[]> {
  return (await readTopic(kafka, topic)).flatMap((m) =>
    logLines(String(m.value)).map((line) => toLogRecord(JSON.parse(line), m.headers[LOG_INSTANCE_HEADER] ?? 'unknown')),
  );
}

/** How many lines a logs topic holds now (a message holds many). */
export async function countLogLines(kafka: Kafka, topic: string): Promise<number> {
  return (await readTopic(kafka, topic)).reduce((sum, m) => sum + logLines(String(m.value)).length, 0);
}

/** A storefront's trace, as specs send it in a traceparent header. */
export const STOREFRONT_TRACE = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};
