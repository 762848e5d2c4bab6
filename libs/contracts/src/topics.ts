/** Topic the intake produces to and fulfillment drains. */
export const ORDERS_TOPIC = 'orders';
/** Where fulfillment parks messages that can never be processed. */
export const ORDERS_DLQ_TOPIC = 'orders.dlq';
/** Consumer group shared by every fulfillment instance. */
export const FULFILLMENT_GROUP = 'fulfillment';
/** Where fulfillment's outbox relay publishes each stored order's outcome. */
export const OUTCOMES_TOPIC = 'orders.outcomes';
/** Where the notifier parks outcomes it could not notify. */
export const NOTIFICATIONS_DLQ_TOPIC = 'notifications.dlq';
/** Consumer group shared by every notifier instance. */
export const NOTIFIER_GROUP = 'notifier';
/** Three days: long enough to ride out a promotion and a night of slow draining. */
export const ORDERS_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/** A topic as it must exist: partitions and replication when created, configs always. */
export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level configs the topic must have exactly, e.g. max.message.bytes. */
  configs: Record<string, string>;
  /**
   * Numeric topic-level configs the topic must have at least, e.g. retention.ms:
   * a lower value is raised to the floor, a higher one (or -1, unlimited) is
   * kept, because an operator raised it on purpose (a long promotion).
   */
  floors?: Record<string, number>;
}

/** Named as in both apps' config, so an app passes its config as it is. */
export interface OrderTopicsSettings {
  ordersTopic: string;
  deadLetterTopic: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  /** Provisioned with the same retention when given. */
  outcomesTopic?: string;
  notificationsDeadLetterTopic?: string;
}

/**
 * The orders topic and its dead-letter topic (and, when configured, the
 * outcomes topic and the notifications dead-letter topic) with at least three days of
 * retention. Retention and min.insync.replicas are floors: a lower value (a
 * topic created by hand) is raised, a higher one an operator set before a long
 * promotion is kept, since lowering it on a restart could let Kafka delete
 * orders nobody has drained yet. With three or more replicas an acknowledged
 * write must be on two of them, so losing one broker loses no order.
 */
export function orderTopicSpecs(settings: OrderTopicsSettings): TopicSpec[] {
  const floors: Record<string, number> = { 'retention.ms': ORDERS_RETENTION_MS };
  if (settings.topicReplicationFactor >= 3) floors['min.insync.replicas'] = 2;
  const topics = [
    settings.ordersTopic,
    settings.deadLetterTopic,
    settings.outcomesTopic,
    settings.notificationsDeadLetterTopic,
  ].filter((topic): topic is string => topic !== undefined);
  return topics.map((topic) => ({
    topic,
    partitions: settings.topicPartitions,
    replicationFactor: settings.topicReplicationFactor,
    configs: {},
    floors,
  }));
}
