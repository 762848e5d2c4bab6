import { ORDERS_DLQ_TOPIC, ORDERS_TOPIC } from '@surge/contracts';
import { LOG_LEVELS, type LogLevel } from '@surge/observability';
import { DEFAULT_KAFKA_BROKERS, DEFAULT_MYSQL_URL } from './defaults';
import type { envReader } from './env-reader';

/** What both apps read the same way: where the broker and database are, the topics, logging. */
export interface StackConfig {
  kafkaBrokers: string[];
  mysqlUrl: string;
  ordersTopic: string;
  deadLetterTopic: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  logLevel: LogLevel;
}

export function loadStackConfig(get: ReturnType<typeof envReader>): StackConfig {
  return {
    kafkaBrokers: get('KAFKA_BROKERS').default(DEFAULT_KAFKA_BROKERS).asArray(','),
    mysqlUrl: get('MYSQL_URL').default(DEFAULT_MYSQL_URL).asUrlString(),
    ordersTopic: get('ORDERS_TOPIC').default(ORDERS_TOPIC).asString(),
    deadLetterTopic: get('ORDERS_DLQ_TOPIC').default(ORDERS_DLQ_TOPIC).asString(),
    topicPartitions: get('TOPIC_PARTITIONS').default('12').asCount(),
    topicReplicationFactor: get('TOPIC_REPLICATION_FACTOR').default('1').asCount(),
    logLevel: get('LOG_LEVEL').default('info').asEnum(LOG_LEVELS),
  };
}
