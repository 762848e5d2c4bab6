import type { Kafka } from 'kafkajs';
import { withAdmin } from './admin';

export interface PartitionLag {
  partition: number;
  /** The oldest offset Kafka still holds (the log start): retention deletes below it. */
  startOffset: string;
  endOffset: string;
  committedOffset: string | null;
  /** Orders still to drain: from the committed offset (or the log start, if that is later) to the end. */
  lag: number;
}

/** Per partition: log start and end offsets, the group's committed offset, and what is left to drain. */
export function consumerLag(kafka: Kafka, groupId: string, topic: string): Promise<PartitionLag[]> {
  return withAdmin(kafka, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = new Map(committed.partitions.map((p) => [p.partition, p.offset]));
    return ends
      .map(({ partition, high, low }) => {
        const raw = byPartition.get(partition);
        // Negative: no commit yet, or kafkajs's "earliest" marker after an out-of-range reset.
        const committedOffset = raw === undefined || raw.startsWith('-') ? null : raw;
        const start = BigInt(low);
        const from = committedOffset !== null && BigInt(committedOffset) > start ? BigInt(committedOffset) : start;
        return { partition, startOffset: low, endOffset: high, committedOffset, lag: Number(BigInt(high) - from) };
      })
      .sort((a, b) => a.partition - b.partition);
  });
}
