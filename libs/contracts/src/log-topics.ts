import { ORDERS_RETENTION_MS, type TopicSpec } from './topics';

/** Named as in the log-sink's config, so it passes its config as it is. */
export interface LogTopicsSettings {
  logsTopic: string;
  /** The log-sink's; the apps that only ship lines provision the logs topic alone. */
  logsDeadLetterTopic?: string;
  topicPartitions: number;
  topicReplicationFactor: number;
}

/**
 * The log topic and its dead-letter topic. Kafka keeps log lines as long as
 * orders (a floor, like the order topics: an operator's longer retention is
 * kept), so a log store that was down for a night loses nothing Kafka still
 * holds. No min.insync.replicas floor: shipping drops lines rather than wait,
 * so a lost line costs a trace, never an order.
 */
export function logTopicSpecs(settings: LogTopicsSettings): TopicSpec[] {
  const topics = [settings.logsTopic, settings.logsDeadLetterTopic].filter((t): t is string => t !== undefined);
  return topics.map((topic) => ({
    topic,
    partitions: settings.topicPartitions,
    replicationFactor: settings.topicReplicationFactor,
    configs: {},
    floors: { 'retention.ms': ORDERS_RETENTION_MS },
  }));
}
