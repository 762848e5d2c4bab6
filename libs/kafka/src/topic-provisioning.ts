import { Logger } from '@nestjs/common';
import type { TopicSpec } from '@surge/contracts';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { withAdmin } from './admin';
import { retryRetriable } from './retriable';

/** DescribeConfigs source of a value set on the topic itself (DYNAMIC_TOPIC_CONFIG). */
const TOPIC_OVERRIDE = 1;

export interface ConfigChange {
  name: string;
  was: string | undefined;
  now: string;
}

export interface ProvisionResult {
  created: boolean;
  /** Configs that differed on an existing topic and were set, with their old values. */
  corrected: ConfigChange[];
  /** Floors an existing topic already met with a higher value, left as they were. */
  kept: Array<{ name: string; value: string; floor: number }>;
}

/** Ensures each topic exists with its configs, logging what it created, raised or kept. */
export async function provisionTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const logger = new Logger('TopicProvisioning');
  for (const spec of specs) {
    const result = await ensureTopic(kafka, spec);
    if (result.created) logger.log(`created topic ${spec.topic} (${spec.partitions} partitions)`);
    for (const { name, was, now } of result.corrected) {
      logger.warn(`topic ${spec.topic}: set ${name} from ${was ?? 'unset'} to ${now}`);
    }
    for (const { name, value, floor } of result.kept) {
      logger.log(`topic ${spec.topic}: kept ${name}=${value} (at least ${floor} wanted, never lowered)`);
    }
  }
}

/**
 * Creates the topic if missing; if it exists, brings the exact configs back to
 * the wanted values and raises the floors, never lowering one. Partition count
 * and replication of an existing topic are left alone: changing them re-keys
 * customers or moves data, an ops decision.
 */
export function ensureTopic(kafka: Kafka, spec: TopicSpec): Promise<ProvisionResult> {
  return retryRetriable(() => ensureTopicOnce(kafka, spec));
}

function ensureTopicOnce(kafka: Kafka, spec: TopicSpec): Promise<ProvisionResult> {
  return withAdmin(kafka, async (admin) => {
    const floors = Object.entries(spec.floors ?? {});
    const existing = await admin.listTopics();
    if (!existing.includes(spec.topic)) {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: spec.topic,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor,
            configEntries: [
              ...Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
              ...floors.map(([name, floor]) => ({ name, value: String(floor) })),
            ],
          },
        ],
      });
      // false means another process created it between list and create: fall through to the config check.
      if (created) return { created: true, corrected: [], kept: [] };
    }
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: spec.topic }],
    });
    const entries = described.resources[0].configEntries;
    const current = new Map(entries.map((e) => [e.configName, e.configValue]));
    const corrected: ConfigChange[] = Object.entries(spec.configs)
      .filter(([name, value]) => current.get(name) !== value)
      .map(([name, now]) => ({ name, was: current.get(name), now }));
    const kept: ProvisionResult['kept'] = [];
    for (const [name, floor] of floors) {
      const was = current.get(name);
      if (was !== undefined && meetsFloor(was, floor)) kept.push({ name, value: was, floor });
      else corrected.push({ name, was, now: String(floor) });
    }
    if (corrected.length > 0) {
      // kafkajs has no incremental alter, and a full alter replaces every
      // topic-level override: carry over the ones set on the topic (ops may
      // have set min.insync.replicas) together with ours.
      const overrides = new Map(
        entries.filter((e) => e.configSource === TOPIC_OVERRIDE).map((e) => [e.configName, e.configValue]),
      );
      for (const { name, now } of corrected) overrides.set(name, now);
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: spec.topic,
            configEntries: [...overrides].map(([name, value]) => ({ name, value })),
          },
        ],
      });
    }
    return { created: false, corrected, kept };
  });
}

/** -1 means unlimited for Kafka's size and time limits, so it meets any floor. */
function meetsFloor(value: string, floor: number): boolean {
  const n = Number(value);
  return n === -1 || (Number.isFinite(n) && n >= floor);
}
