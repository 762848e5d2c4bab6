import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { InboundMessage } from './inbound-message';

export interface PartitionLag {
  partition: number;
  endOffset: string;
  committedOffset: string | null;
  lag: number;
}

async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Per partition: log end offset, the group's committed offset, and the difference. */
export function consumerLag(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  return withAdmin(kafka, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, p.offset]));
    return ends
      .map(({ partition, high, low }) => {
        const raw = byPartition.get(partition);
        const committedOffset = raw === undefined || raw === '-1' ? null : raw;
        const from = BigInt(committedOffset ?? low);
        return { partition, endOffset: high, committedOffset, lag: Number(BigInt(high) - from) };
      })
      .sort((a, b) => a.partition - b.partition);
  });
}

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
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
            messages.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              headers,
              timestamp: message.timestamp,
            });
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
