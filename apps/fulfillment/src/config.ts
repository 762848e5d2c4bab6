import { envReader } from '@surge/config';
import { LOG_LEVELS, type LogLevel } from '@surge/observability';
import { FULFILLMENT_GROUP, ORDERS_DLQ_TOPIC, ORDERS_TOPIC } from '@surge/contracts';

export interface FulfillmentConfig {
  port: number;
  kafkaBrokers: string[];
  mysqlUrl: string;
  mysqlPoolSize: number;
  ordersTopic: string;
  deadLetterTopic: string;
  groupId: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  batchSize: number;
  partitionsConcurrency: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Orders/s for the whole group when no instance has stored another value yet (0 = unlimited). */
  rateCeiling: number;
  targetLatencyMs: number;
  controlPollMs: number;
  /** Bearer token of the admin API; undefined = admin API off. */
  adminToken: string | undefined;
  logLevel: LogLevel;
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadFulfillmentConfig(env: NodeJS.ProcessEnv = process.env): FulfillmentConfig {
  const get = envReader(env);
  return {
    port: get('FULFILLMENT_PORT').default('3001').asPortNumber(),
    kafkaBrokers: get('KAFKA_BROKERS').default('127.0.0.1:9092').asArray(','),
    mysqlUrl: get('MYSQL_URL').default('mysql://root@127.0.0.1:3306/surge').asUrlString(),
    mysqlPoolSize: get('FULFILLMENT_MYSQL_POOL_SIZE').default('10').asCount(),
    ordersTopic: get('ORDERS_TOPIC').default(ORDERS_TOPIC).asString(),
    deadLetterTopic: get('ORDERS_DLQ_TOPIC').default(ORDERS_DLQ_TOPIC).asString(),
    groupId: get('FULFILLMENT_GROUP').default(FULFILLMENT_GROUP).asString(),
    topicPartitions: get('TOPIC_PARTITIONS').default('12').asCount(),
    topicReplicationFactor: get('TOPIC_REPLICATION_FACTOR').default('1').asCount(),
    batchSize: get('DRAIN_BATCH_SIZE').default('500').asCount(),
    partitionsConcurrency: get('DRAIN_PARTITIONS_CONCURRENCY').default('4').asCount(),
    retryInitialMs: get('DRAIN_RETRY_INITIAL_MS').default('200').asCount(),
    retryMaxMs: get('DRAIN_RETRY_MAX_MS').default('10000').asCount(),
    rateCeiling: get('DRAIN_RATE_PER_SECOND').default('2000').asIntPositive(),
    targetLatencyMs: get('DRAIN_TARGET_LATENCY_MS').default('250').asCount(),
    controlPollMs: get('DRAIN_CONTROL_POLL_MS').default('1000').asCount(),
    // No default: a secret is configured or the admin API stays off.
    adminToken: get('ADMIN_TOKEN').asSecret(),
    logLevel: get('LOG_LEVEL').default('info').asEnum(LOG_LEVELS),
  };
}
