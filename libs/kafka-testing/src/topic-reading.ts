import { randomUUID } from 'node:crypto';
import { toInboundMessage, withAdmin, type InboundMessage } from '@surge/kafka';
import type { Kafka } from 'kafkajs';

/**
 * Reading topics back, for specs, benches, drills and audits: what Kafka holds
 * is the outcome they check. Production code cannot import this library (its
 * tag is type:testing), so none of it ends up on the order path.
 */

/** Total messages ever written to a topic (sum of end offsets minus start offsets). */
export function countMessages(kafka: Kafka, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
  });
}

export function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => existing.has(t));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
  });
}

/**
 * Reads every message currently in the topic with a throw-away group, for
 * audits and tests. Resolves once each partition reached the end offset seen at
 * the start, or rejects after timeoutMs.
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

/**
 * Deletes a partition's messages below `offset`, as retention would: for
 * specs and drills of what happens when orders expire.
 */
export function deleteRecordsBefore(kafka: Kafka, topic: string, partition: number, offset: string): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    // deleteTopicRecords looks the leader up in metadata it does not load itself.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset }] });
  });
}
