import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { withAdmin } from './admin';
import { toInboundMessage, type InboundMessage } from './inbound-message';

export function topicExists(kafka: Kafka, topic: string): Promise<boolean> {
  return withAdmin(kafka, async (admin) => (await admin.listTopics()).includes(topic));
}

/** Messages the topic holds now (sum of end offsets minus start offsets): two admin calls, no reading. */
export function countMessages(kafka: Kafka, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
  });
}

/**
 * Reads every message in the topic when the call starts, with a throw-away
 * group that commits nothing (the broker drops it once it is empty): for the
 * DLQ tools, audits and specs. Resolves once each partition reached the end
 * offset seen at the start, or rejects after timeoutMs.
 */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<InboundMessage[]> {
  const ends = await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic));
  const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
  const messages: InboundMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `surge-reader-${randomUUID()}`, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out after ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            messages.push(toInboundMessage(topic, partition, message));
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
