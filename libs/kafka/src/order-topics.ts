import { Logger } from '@nestjs/common';
import { ORDERS_RETENTION_MS } from '@surge/contracts';
import type { Kafka } from 'kafkajs';
import { ensureTopic } from './topic-provisioning';

export interface OrderTopicsSettings {
  ordersTopic: string;
  deadLetterTopic: string;
  partitions: number;
  replicationFactor: number;
}

/**
 * Makes sure the orders topic and its dead-letter topic exist with at least
 * three days of retention. Retention and min.insync.replicas are floors: a
 * lower value (a topic created by hand) is raised, a higher one an operator
 * set before a long promotion is kept, since lowering it on a restart could
 * let Kafka delete orders nobody has drained yet. With three or more replicas
 * an acknowledged write must be on two of them, so losing one broker loses no
 * order.
 */
export async function provisionOrderTopics(kafka: Kafka, settings: OrderTopicsSettings): Promise<void> {
  const logger = new Logger('OrderTopics');
  const floors: Record<string, number> = { 'retention.ms': ORDERS_RETENTION_MS };
  if (settings.replicationFactor >= 3) floors['min.insync.replicas'] = 2;
  for (const topic of [settings.ordersTopic, settings.deadLetterTopic]) {
    const result = await ensureTopic(kafka, {
      topic,
      partitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configs: {},
      floors,
    });
    if (result.created) logger.log(`created topic ${topic} (${settings.partitions} partitions)`);
    for (const { name, was, now } of result.corrected) {
      logger.warn(`topic ${topic}: raised ${name} from ${was ?? 'unset'} to ${now}`);
    }
    for (const { name, value, floor } of result.kept) {
      logger.log(`topic ${topic}: kept ${name}=${value} (at least ${floor} wanted, never lowered)`);
    }
  }
}
