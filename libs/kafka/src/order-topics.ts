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
 * Makes sure the orders topic and its dead-letter topic exist with three days
 * of retention, correcting the retention of a topic created by hand. With three
 * or more replicas an acknowledged write must be on two of them, so losing one
 * broker loses no order.
 */
export async function provisionOrderTopics(kafka: Kafka, settings: OrderTopicsSettings): Promise<void> {
  const logger = new Logger('OrderTopics');
  const configs: Record<string, string> = { 'retention.ms': String(ORDERS_RETENTION_MS) };
  if (settings.replicationFactor >= 3) configs['min.insync.replicas'] = '2';
  for (const topic of [settings.ordersTopic, settings.deadLetterTopic]) {
    const result = await ensureTopic(kafka, {
      topic,
      partitions: settings.partitions,
      replicationFactor: settings.replicationFactor,
      configs,
    });
    if (result.created) logger.log(`created topic ${topic} (${settings.partitions} partitions)`);
    for (const { name, was, now } of result.corrected) {
      logger.warn(`topic ${topic}: corrected ${name} from ${was ?? 'unset'} to ${now}`);
    }
  }
}
