import type { Kafka } from 'kafkajs';
import { withAdmin } from './admin';

export interface PartitionLag {
  partition: number;
  endOffset: string;
  committedOffset: string | null;
  lag: number;
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
