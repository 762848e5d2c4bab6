import type { Kafka } from 'kafkajs';
import { withAdmin } from './admin';

/** Members of a consumer group right now (0: nothing consumes for it). */
export function groupMemberCount(kafka: Kafka, groupId: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.length ?? 0;
  });
}
