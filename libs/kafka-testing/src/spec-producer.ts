import { BatchingProducer, type BatchingProducerOptions } from '@surge/kafka';
import type { Kafka } from 'kafkajs';

/**
 * A connected producer that sends each message at once (no linger), as the
 * specs that feed an app want: what is published later is delivered later.
 */
export async function specProducer(
  kafka: Kafka,
  options: Partial<BatchingProducerOptions> = {},
): Promise<BatchingProducer> {
  const producer = new BatchingProducer(kafka, {
    lingerMs: 0,
    maxBatchMessages: 100,
    maxBatchBytes: 1 << 20,
    maxInFlight: 1000,
    sendTimeoutMs: 10_000,
    compression: 'none',
    ...options,
  });
  await producer.connect();
  return producer;
}
