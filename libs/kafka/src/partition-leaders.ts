import type { Kafka } from 'kafkajs';
import { withAdmin } from './admin';

/** Partitions of the topic that have no leader now (just created, or their broker is gone). */
export function partitionsWithoutLeader(kafka: Kafka, topic: string): Promise<number[]> {
  return withAdmin(kafka, async (admin) => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions
      .filter((p) => p.leader < 0)
      .map((p) => p.partitionId)
      .sort((a, b) => a - b);
  });
}
