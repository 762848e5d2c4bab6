import { withAdmin } from '@surge/kafka';
import type { Kafka } from 'kafkajs';

/**
 * Reading topics back, for specs, benches, drills and audits: what Kafka holds
 * is the outcome they check. Production code cannot import this library (its
 * tag is type:testing), so none of it ends up on the order path. readTopic
 * and countMessages live in @surge/kafka (the DLQ tools and the ops console
 * read the dead-letter topic with them) and are re-exported here for the specs.
 */

export function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  return withAdmin(kafka, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((t) => existing.has(t));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
  });
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
